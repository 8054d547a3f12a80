/**
 * `contractlens/check` and `contractlens/reconcile`: the CLI's check and reconcile for the editor (code lens, Test
 * Explorer, reconcile command). Translation only: engine/data/checks/api.ts and engine/data/reconcile.ts do the work;
 * this turns offsets into LSP ranges and cancellation tokens into abort signals. Untrusted workspace: refused.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { CheckResult } from '../../engine/data/checks/results.js';
import { defaultRoot, isInside } from '../../engine/data/files.js';
import type { Contract } from '../../engine/model/types.js';
import type { ServerContext } from '../context.js';
import { sensitivePolicy } from '../settings.js';
import { toLspRange } from '../convert.js';
import type { CustomRequest } from '../customRequests.js';

export interface CheckParams {
  /** Contract URIs; empty or absent: every contract of the workspace. */
  uris?: string[];
  schema?: string;
  server?: string;
  samples?: number;
  /** ISO time for latency/retention (default: now). */
  now?: string;
}

type LspCheckResult = Omit<CheckResult, 'range'> & { range?: ReturnType<typeof toLspRange> };

export interface CheckResponse {
  results: LspCheckResult[];
  errors: { uri?: string; message: string }[];
}

export interface ReconcileParams {
  uri: string;
  schema?: string;
  server?: string;
  against: string;
  columns?: string[];
  samples?: number;
}

export function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export async function settingsFor(ctx: ServerContext, uri: string) {
  const raw = (await ctx.settings(uri)).raw;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  return {
    allowPaths: Array.isArray(raw.allowedDataPaths) ? raw.allowedDataPaths.filter((x): x is string => typeof x === 'string') : [],
    root: typeof raw.dataRoot === 'string' && raw.dataRoot ? raw.dataRoot : undefined,
    server: typeof raw.server === 'string' && raw.server ? raw.server : undefined,
    timeoutMs: num(raw.queryTimeoutMs),
    threads: num(raw.duckdbThreads),
    memoryLimit: typeof raw.duckdbMemoryLimit === 'string' && raw.duckdbMemoryLimit !== '' ? raw.duckdbMemoryLimit : undefined,
    samples: num(raw.sampleCount),
    sensitive: sensitivePolicy(raw),
  };
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

function withLspRange(ctx: ServerContext, r: CheckResult): LspCheckResult {
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
  method: 'contractlens/check',
  async handle(params, ctx, token) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(1, 'Checks are off: this workspace is not trusted, so Contract Lens reads no data.');
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
    const settings = await settingsFor(ctx, contracts[0].uri);
    const now = params.now ? new Date(params.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new ResponseError(2, `now: not a date: ${params.now}`);
    const { signal, dispose } = signalOf(token);
    try {
      const { checkContracts } = await import('../../engine/data/checks/api.js'); // DuckDB loads on first use
      const run = await checkContracts(contracts, ctx.index, {
        root: settings.root ?? (await rootFor(ctx, first)),
        allowPaths: settings.allowPaths,
        server: params.server ?? settings.server,
        schema: params.schema,
        now,
        samples: params.samples ?? settings.samples,
        timeoutMs: settings.timeoutMs,
        threads: settings.threads,
        memoryLimit: settings.memoryLimit,
        sensitive: settings.sensitive,
        signal,
      });
      errors.push(...run.sourceErrors.map((e) => ({ uri: e.contractUri, message: e.message })));
      return { results: run.results.map((r) => withLspRange(ctx, r)), errors };
    } catch (e) {
      throw new ResponseError(4, (e as Error)?.message ?? String(e));
    } finally {
      dispose();
    }
  },
};

export const reconcileRequest: CustomRequest<ReconcileParams, CheckResponse> = {
  method: 'contractlens/reconcile',
  async handle(params, ctx) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(1, 'Reconciliation is off: this workspace is not trusted, so Contract Lens reads no data.');
    const path = params?.uri ? pathOf(params.uri) : undefined;
    const contract = path ? ctx.index.contract(params.uri) : undefined;
    if (!path || !contract) throw new ResponseError(2, `Not a contract: ${String(params?.uri)}`);
    const named = contract.schemas.filter((s) => s.name?.value);
    const schema = params.schema ? named.find((s) => s.name!.value === params.schema) : named[0];
    if (!schema) throw new ResponseError(3, params.schema ? `No schema object "${params.schema}" in this contract.` : 'The contract has no schema object.');
    if (typeof params.against !== 'string') throw new ResponseError(3, 'against: the server to compare with is required.');
    const settings = await settingsFor(ctx, params.uri);
    const { reconcileServers } = await import('../../engine/data/reconcile.js');
    const results = await reconcileServers({
      contract,
      contractPath: path,
      schema,
      server: params.server,
      against: params.against,
      root: settings.root ?? (await rootFor(ctx, path)),
      allowPaths: settings.allowPaths,
      columns: params.columns,
      samples: params.samples ?? settings.samples,
      timeoutMs: settings.timeoutMs,
      threads: settings.threads,
      memoryLimit: settings.memoryLimit,
      sensitive: settings.sensitive,
      display: path,
    });
    return { results: results.map((r) => withLspRange(ctx, r)), errors: [] };
  },
};
