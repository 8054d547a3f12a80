/**
 * `contractlens/clean`: the CLI's clean for the editor ("Contract Lens: Clean Data to Contract…"). Translation
 * only: engine/data/clean does the work; this turns the cancellation token into an abort signal and the engine's
 * progress into `$/progress` on the client's work-done token. Untrusted workspace: refused (no data is read).
 *
 * Errors (shared/protocol.ts RequestError): Untrusted, NotAContract, InvalidParams (`now`), Refused (existing files,
 * the source folder: the client offers to overwrite), Failed.
 */
import { join } from 'node:path';
import { ResponseError, WorkDoneProgress } from '../languageServer.js';
import { CleanRequest, RequestError, type CleanParams, type CleanResponse } from '../../shared/protocol.js';
import type { ServerContext } from '../context.js';
import type { CustomRequest } from '../customRequests.js';
import { sensitivePolicy } from '../settings.js';
import { uriToPath } from '../../engine/workspace/index.js';
import { signalOf } from './checks.js';

export const cleanRequest: CustomRequest<CleanParams, CleanResponse> = {
  type: CleanRequest,
  async handle(params, ctx, token) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Cleaning is off: this workspace is not trusted, so Contract Lens reads and writes no data.');
    const path = params?.uri ? uriToPath(params.uri) : undefined;
    const contract = path ? ctx.index.contract(params.uri) : undefined;
    if (!path || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(params?.uri)}`);
    const now = params.now ? new Date(params.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new ResponseError(RequestError.InvalidParams, `now: not a date: ${params.now}`);
    const settings = await ctx.settings(params.uri);
    const access = ctx.dataAccess(settings, path);
    const { signal, dispose } = signalOf(token);
    const progressToken = params.workDoneToken;
    const report = (message: string, done: number, total: number) => {
      if (progressToken !== undefined) void ctx.connection.sendProgress(WorkDoneProgress.type, progressToken, { kind: 'report', message, percentage: Math.round((done / total) * 100) });
    };
    try {
      const { cleanContracts } = await import('../../engine/data/clean/run.js'); // DuckDB loads on first use
      const { renderCleanText } = await import('../../engine/data/clean/report.js');
      const { CleanRefused } = await import('../../engine/data/clean/types.js');
      try {
        const result = await cleanContracts([contract], ctx.index, {
          ...access,
          server: params.server ?? access.server,
          schema: params.schema,
          outDir: params.outDir,
          format: params.format,
          keepLatest: params.keepLatest,
          fills: params.fills,
          dateFormats: params.dateFormats,
          dropExtraColumns: params.dropExtraColumns,
          strictReferences: params.strictReferences,
          dryRun: params.dryRun,
          limit: params.limit,
          force: params.force,
          now,
          // A clean is a batch job over whole tables: the editor's per-query timeout applies, but no less than 10 min.
          timeoutMs: Math.max(access.timeoutMs ?? 0, 600_000),
          includeSensitive: sensitivePolicy(settings).include === true,
          signal,
          onProgress: report,
          display: () => path,
        });
        return { report: result, text: renderCleanText(result), reportFile: result.outDir && !result.dryRun ? join(result.outDir, 'clean-report.txt') : undefined };
      } catch (e) {
        if (e instanceof CleanRefused) throw new ResponseError(RequestError.Refused, e.message);
        throw e;
      }
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      throw new ResponseError(RequestError.Failed, (e as Error)?.message ?? String(e));
    } finally {
      dispose();
    }
  },
};
