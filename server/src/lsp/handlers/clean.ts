/**
 * `contractlens/clean`: the CLI's clean for the editor ("Contract Lens: Clean Data to Contract…"). Translation
 * only: engine/data/clean does the work; this turns the cancellation token into an abort signal and the engine's
 * progress into `$/progress` on the client's work-done token. Untrusted workspace: refused (no data is read).
 *
 * Errors: 1 untrusted workspace, 2 not a contract, 3 refused output (existing files, the source folder) — the client
 * offers to overwrite —, 4 the run failed.
 */
import { ResponseError, WorkDoneProgress, type ProgressToken } from 'vscode-languageserver/node';
import type { CleanFormat, CleanReport, DateFormatOption, FillOption } from '../../engine/data/clean/types.js';
import type { ServerContext } from '../context.js';
import type { CustomRequest } from '../customRequests.js';
import { pathOf, rootFor, settingsFor, signalOf } from './checks.js';

export interface CleanParams {
  /** The contract to clean (every schema object, or `schema`). */
  uri: string;
  /** Output folder (absolute path). Required unless dryRun. */
  outDir?: string;
  schema?: string;
  server?: string;
  format?: CleanFormat;
  keepLatest?: string;
  fills?: FillOption[];
  dateFormats?: DateFormatOption[];
  dropExtraColumns?: boolean;
  strictReferences?: boolean;
  dryRun?: boolean;
  limit?: number;
  force?: boolean;
  /** ISO time for retention rules (default: now). */
  now?: string;
  /** Work-done progress token: the server reports each step on it. */
  workDoneToken?: ProgressToken;
}

export interface CleanResponse {
  report: CleanReport;
  /** The text summary (also written as clean-report.txt unless dryRun). */
  text: string;
  /** Path of clean-report.txt, when written. */
  reportFile?: string;
}

export const CleanErrors = { untrusted: 1, notAContract: 2, refused: 3, failed: 4 } as const;

export const cleanRequest: CustomRequest<CleanParams, CleanResponse> = {
  method: 'contractlens/clean',
  async handle(params, ctx, token) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(CleanErrors.untrusted, 'Cleaning is off: this workspace is not trusted, so Contract Lens reads and writes no data.');
    const path = params?.uri ? pathOf(params.uri) : undefined;
    const contract = path ? ctx.index.contract(params.uri) : undefined;
    if (!path || !contract) throw new ResponseError(CleanErrors.notAContract, `Not a contract: ${String(params?.uri)}`);
    const now = params.now ? new Date(params.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new ResponseError(CleanErrors.failed, `now: not a date: ${params.now}`);
    const settings = await settingsFor(ctx, params.uri);
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
          root: settings.root ?? (await rootFor(ctx, path)),
          allowPaths: settings.allowPaths,
          server: params.server ?? settings.server,
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
          threads: settings.threads,
          memoryLimit: settings.memoryLimit,
          // A clean is a batch job over whole tables: the editor's per-query timeout applies, but no less than 10 min.
          timeoutMs: Math.max(settings.timeoutMs ?? 0, 600_000),
          includeSensitive: settings.sensitive.include === true,
          signal,
          onProgress: report,
          display: () => path,
        });
        const { join } = await import('node:path');
        return { report: result, text: renderCleanText(result), reportFile: result.outDir && !result.dryRun ? join(result.outDir, 'clean-report.txt') : undefined };
      } catch (e) {
        if (e instanceof CleanRefused) throw new ResponseError(CleanErrors.refused, e.message);
        throw e;
      }
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      throw new ResponseError(CleanErrors.failed, (e as Error)?.message ?? String(e));
    } finally {
      dispose();
    }
  },
};
