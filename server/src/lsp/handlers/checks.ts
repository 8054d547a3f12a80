/**
 * `contractlens/check` and `contractlens/reconcile`: the CLI's check and reconcile for the editor (code lens, Test
 * Explorer, reconcile command). Translation only: engine/data/checks/api.ts and engine/data/reconcile.ts do the work;
 * this turns offsets into LSP ranges and cancellation tokens into abort signals. Untrusted workspace: refused.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { CheckResult as EngineCheckResult } from '../../engine/data/checks/results.js';
import { defaultRoot, isInside } from '../../engine/data/files.js';
import type { Contract } from '../../engine/model/types.js';
import { dataAccessFromSettings } from '../../shared/dataAccess.js';
import { CheckRequest, ReconcileRequest, RequestError, type CheckParams, type CheckResponse, type CheckResult, type ReconcileParams } from '../../shared/protocol.js';
import type { ServerContext } from '../context.js';
import { sensitivePolicy } from '../settings.js';
import { toLspRange } from '../convert.js';
import type { CustomRequest } from '../customRequests.js';

export function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace folder holding the file, else its git repository, else its folder (data must stay inside). */
export async function rootFor(ctx: ServerContext, path: string): Promise<string> {
  let folders: string[] = [];
  try {
    folders = ((await ctx.connection.workspace.getWorkspaceFolders()) ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  } catch {
    /* the client does not support workspace folders */
  }
  return folders.filter((f) => isInside(path, f)).sort((a, b) => b.length - a.length)[0] ?? defaultRoot(dirname(path));
}

function withLspRange(ctx: ServerContext, r: EngineCheckResult): CheckResult {
  const { range, ...rest } = r;
  const mapper = ctx.mapper(r.contractUri);
  return range && mapper ? { ...rest, range: toLspRange(mapper, range) } : rest;
}

export function signalOf(token: CancellationToken): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  // A request cancelled before its handler ran has its token cancelled already: no event will come.
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

export const checkRequest: CustomRequest<CheckParams, CheckResponse> = {
  type: CheckRequest,
  async handle(params, ctx, token) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Checks are off: this workspace is not trusted, so Contract Lens reads no data.');
    const uris = params?.uris?.length ? params.uris : ctx.index.uris();
    const contracts: Contract[] = [];
    const errors: CheckResponse['errors'] = [];
    for (const uri of uris) {
      const c = ctx.index.contract(uri);
      if (c && pathOf(uri)) contracts.push(c);
      else errors.push({ uri, message: `Not a contract file: ${uri}` });
    }
    if (!contracts.length) return { results: [], errors };
    const first = pathOf(contracts[0].uri)!;
    const settings = await ctx.settings(contracts[0].uri);
    const now = params.now ? new Date(params.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new ResponseError(RequestError.InvalidParams, `now: not a date: ${params.now}`);
    const { signal, dispose } = signalOf(token);
    try {
      const { checkContracts } = await import('../../engine/data/checks/api.js'); // DuckDB loads on first use
      const access = dataAccessFromSettings(settings, await rootFor(ctx, first));
      const run = await checkContracts(contracts, ctx.index, {
        ...access,
        server: params.server ?? access.server,
        schema: params.schema,
        now,
        samples: params.samples ?? settings.sampleCount,
        sensitive: sensitivePolicy(settings),
        signal,
      });
      errors.push(...run.sourceErrors.map((e) => ({ uri: e.contractUri, message: e.message })));
      return { results: run.results.map((r) => withLspRange(ctx, r)), errors };
    } catch (e) {
      throw new ResponseError(RequestError.Failed, (e as Error)?.message ?? String(e));
    } finally {
      dispose();
    }
  },
};

export const reconcileRequest: CustomRequest<ReconcileParams, CheckResponse> = {
  type: ReconcileRequest,
  async handle(params, ctx) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Reconciliation is off: this workspace is not trusted, so Contract Lens reads no data.');
    const path = params?.uri ? pathOf(params.uri) : undefined;
    const contract = path ? ctx.index.contract(params.uri) : undefined;
    if (!path || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(params?.uri)}`);
    const named = contract.schemas.filter((s) => s.name?.value);
    const schema = params.schema ? named.find((s) => s.name!.value === params.schema) : named[0];
    if (!schema) throw new ResponseError(RequestError.NoSuchSchema, params.schema ? `No schema object "${params.schema}" in this contract.` : 'The contract has no schema object.');
    if (typeof params.against !== 'string') throw new ResponseError(RequestError.InvalidParams, 'against: the server to compare with is required.');
    const settings = await ctx.settings(params.uri);
    const access = dataAccessFromSettings(settings, await rootFor(ctx, path));
    const { reconcileServers } = await import('../../engine/data/reconcile.js');
    const results = await reconcileServers({
      ...access,
      contract,
      contractPath: path,
      schema,
      server: params.server,
      against: params.against,
      columns: params.columns,
      samples: params.samples ?? settings.sampleCount,
      sensitive: sensitivePolicy(settings),
      display: path,
    });
    return { results: results.map((r) => withLspRange(ctx, r)), errors: [] };
  },
};
