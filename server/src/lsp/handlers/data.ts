/**
 * Data features of the language server: drift diagnostics (a DiagnosticsProvider) and the `contractlens/preview`
 * request. Translation only: the engine (engine/data/) resolves sources, reads the data and computes findings.
 *
 * - Trust: in an untrusted workspace nothing reads data or runs SQL; drift answers one CL200 info diagnostic and
 *   preview refuses with an error saying why.
 * - Drift never blocks lint (providers run after lint is published) and is recomputed on every change from a cached
 *   snapshot of the data's columns; the snapshot is re-read when the contract's sources or the data files change
 *   (size/mtime signature, file watcher). A newer edit aborts the run (the signal).
 * - Settings (`contractlens.*`, per resource, shared/settings.ts): `drift`, `previewLimit`, and the data-access ones
 *   (`allowedDataPaths`, `dataRoot`, `server`, `queryTimeoutMs`, `duckdbThreads`, `duckdbMemoryLimit`) through
 *   `ctx.dataAccess` (shared/dataAccess.ts `dataAccessFromSettings`, plus the client's database logins).
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type FileEvent } from '../languageServer.js';
import { contractDrift } from '../../engine/data/drift.js';
import { withContractSession } from '../../engine/data/open.js';
import { findSchema, previewSchema } from '../../engine/data/preview.js';
import { driftMarkdown } from '../../engine/data/driftReport.js';
import { driftDataFrom, readSnapshot, sourcesSignature, type DataSnapshot } from '../../engine/data/snapshot.js';
import { resolveSources } from '../../engine/data/sources.js';
import type { Finding } from '../../engine/findings.js';
import type { Contract } from '../../engine/model/types.js';
import { uriToPath, type IndexReader } from '../../engine/workspace/index.js';
import { DriftRequest, PreviewRequest, RequestError, type DriftParams, type DriftResponse, type PreviewParams, type PreviewResponse } from '../../shared/protocol.js';
import type { ServerContext } from '../context.js';
import { sensitivePolicy } from '../settings.js';
import { toLspRange } from '../convert.js';
import type { CustomRequest } from '../customRequests.js';
import type { DiagnosticsProvider } from '../diagnosticsProviders.js';

/** Data file extensions whose changes refresh drift. */
export const DATA_WATCH_GLOBS = ['**/*.{csv,tsv,parquet,json,jsonl,ndjson,duckdb,gz}'];

/** The one CL200 finding of an untrusted workspace, on the first key of a contract that declares servers. */
function checksOffFinding(contract: Contract | undefined): Finding {
  const first = contract?.root.pairs[0]?.key;
  const range = first ? { start: first.start, end: first.end } : { start: 0, end: 0 };
  return {
    code: 'CL200',
    severity: 'info',
    message: 'Data checks are off: this workspace is not trusted, so Contract Lens reads no data and runs no SQL (drift, preview and checks). Trust the workspace to turn them on.',
    range,
  };
}

export class DriftProvider implements DiagnosticsProvider {
  readonly id = 'drift';
  private readonly snapshots = new Map<string, DataSnapshot>();
  private readonly reading = new Map<string, Promise<DataSnapshot>>();

  constructor(private readonly ctx: ServerContext) {
    ctx.watchFiles(DATA_WATCH_GLOBS, (events) => this.dataFilesChanged(events));
  }

  async provide(uri: string, index: IndexReader, signal: AbortSignal): Promise<Finding[]> {
    const doc = index.get(uri);
    const contract = doc?.contract;
    if (!this.ctx.workspaceTrusted()) return contract && contract.servers.length ? [checksOffFinding(contract)] : [];
    const path = uriToPath(uri);
    if (!contract || !path || contract.servers.length === 0) return [];
    const settings = await this.ctx.settings(uri);
    if (!settings.drift || signal.aborted) return [];
    const access = this.ctx.dataAccess(settings, path);
    // The working folder a relative path falls back to (CL212) is the workspace folder: where datacontract-cli runs.
    const resolved = resolveSources(contract, path, { ...access, cwd: this.ctx.dataRoot(path) });
    // A contract whose servers are all of other types (Snowflake, Kafka…) has no data here: nothing to say.
    const current = { sources: resolved.sources, errors: resolved.errors.filter((e) => e.reason !== 'no-data-server') };
    let snapshot = this.snapshots.get(uri);
    const signature = sourcesSignature(current.sources);
    if (!snapshot || snapshot.signature !== signature) {
      // Edits arriving while the data is read wait for the same read instead of opening DuckDB again.
      let reading = this.reading.get(signature);
      if (!reading) {
        reading = readSnapshot(current.sources, access).finally(() => this.reading.delete(signature));
        this.reading.set(signature, reading);
      }
      snapshot = await reading;
      // Kept even when this run was superseded: the next run (newer text, same data) reuses it.
      this.snapshots.set(uri, snapshot);
      if (signal.aborted) return [];
    }
    // The document may have changed while the data was read: findings are computed on the text they point into.
    const now = index.get(uri);
    if (signal.aborted || !now?.contract || now !== doc || now.contract !== contract) return [];
    return contractDrift(driftDataFrom(snapshot, current), contract, doc.text, 'editor-warning');
  }

  /**
   * A data file changed (or appeared): every open contract is re-checked; the snapshot signature (sizes, mtimes)
   * makes that cheap for contracts whose data did not change, and a file that was missing may now exist.
   */
  private dataFilesChanged(events: FileEvent[]): void {
    if (events.some((e) => uriToPath(e.uri))) this.ctx.refreshDiagnostics();
  }
}

/** The schema object named, else the one whose text holds the position, else the first. */
function schemaFor(ctx: ServerContext, uri: string, contract: Contract, params: { schema?: string; position?: { line: number; character: number } }) {
  if (params.schema !== undefined) return findSchema(contract, params.schema);
  const mapper = ctx.mapper(uri);
  if (params.position && mapper) {
    const offset = mapper.offsetAt(params.position);
    const under = contract.schemas.find((s) => s.name?.value && offset >= s.node.start && offset <= s.node.end);
    if (under) return under;
  }
  return findSchema(contract);
}

export const previewRequest: CustomRequest<PreviewParams, PreviewResponse> = {
  type: PreviewRequest,
  async handle(params, ctx, token: CancellationToken) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Data preview is off: this workspace is not trusted, so Contract Lens reads no data.');
    const uri = params?.uri;
    const path = typeof uri === 'string' ? uriToPath(uri) : undefined;
    const doc = path ? ctx.index.get(uri) : undefined;
    const contract = doc?.contract;
    if (!path || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(uri)}`);
    const schema = schemaFor(ctx, uri, contract, params);
    if (!schema) throw new ResponseError(RequestError.NoSuchSchema, params.schema ? `No schema object "${params.schema}" in this contract.` : 'The contract has no schema object.');
    const settings = await ctx.settings(uri);
    const access = ctx.dataAccess(settings, path);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const result = await withContractSession(
        [{ contract, path }],
        { ...access, server: params.server ?? access.server, cwd: ctx.dataRoot(path) },
        ({ session }) => previewSchema(session, contract, schema, { limit: params.limit ?? settings.previewLimit, signal: controller.signal, sensitive: sensitivePolicy(settings) }),
      );
      const mapper = ctx.mapper(uri);
      return { ...result, rules: result.rules.map(({ range, ...r }) => (range && mapper ? { ...r, range: toLspRange(mapper, range) } : r)) };
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      throw new ResponseError(RequestError.Failed, (e as Error)?.message ?? String(e));
    } finally {
      sub.dispose();
    }
  },
};

/** `contractlens/drift`: the drift of one contract (or one schema object) as a report, read fresh from the data. */
export const driftRequest: CustomRequest<DriftParams, DriftResponse> = {
  type: DriftRequest,
  async handle(params, ctx, token: CancellationToken) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Drift is off: this workspace is not trusted, so Contract Lens reads no data.');
    const uri = params?.uri;
    const path = typeof uri === 'string' ? uriToPath(uri) : undefined;
    const doc = path ? ctx.index.get(uri) : undefined;
    const contract = doc?.contract;
    if (!path || !doc || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(uri)}`);
    const access = ctx.dataAccess(await ctx.settings(uri), path);
    const resolved = resolveSources(contract, path, { ...access, server: params.server ?? access.server, cwd: ctx.dataRoot(path) });
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const snapshot = await readSnapshot(resolved.sources, access);
    const data = driftDataFrom(snapshot, resolved);
    const findings = contractDrift(data, contract, doc.text);
    const mapper = ctx.mapper(uri);
    return {
      markdown: driftMarkdown(contract, doc.text, data, findings, params.schema),
      findings: mapper ? findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: toLspRange(mapper, f.range) })) : [],
    };
  },
};
