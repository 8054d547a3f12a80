/**
 * `contractlens/check` and `contractlens/reconcile`: the CLI's check and reconcile for the editor (code lens, Test
 * Explorer, reconcile command). Translation only: engine/data/checks/api.ts and engine/data/reconcile.ts do the work;
 * this turns offsets into LSP ranges and cancellation tokens into abort signals. Untrusted workspace: refused.
 */
import { DiagnosticSeverity, LSPErrorCodes, ResponseError, type CancellationToken, type Diagnostic } from '../languageServer.js';
import { checkDocUrl } from '../../engine/data/checks/report.js';
import type { CheckContractsResult } from '../../engine/data/checks/api.js';
import { ruleDocUrl } from '../../engine/rules/catalog.js';
import { isPostgresServer } from '../../engine/data/logins.js';
import { countResults, countsPerSchema } from '../../engine/data/checks/counts.js';
import type { CheckResult as EngineCheckResult } from '../../engine/data/checks/results.js';
import type { Contract } from '../../engine/model/types.js';
import { uriToPath } from '../../engine/workspace/index.js';
import { CheckRequest, ReconcileRequest, RequestError, type CheckParams, type CheckResponse, type CheckResult, type CheckTarget, type ReconcileParams } from '../../shared/protocol.js';
import type { ServerContext } from '../context.js';
import { sensitivePolicy } from '../settings.js';
import { toLspRange } from '../convert.js';
import type { CustomRequest } from '../customRequests.js';

type ConnectionErrors = CheckContractsResult['connectionErrors'];

/**
 * Results that did not pass, as diagnostics on the rule's line of each contract checked (none: its list is empty).
 * A database server that refused the login (or was down) is ONE diagnostic on its server entry, not one per rule.
 */
function resultDiagnostics(ctx: ServerContext, tool: 'check' | 'reconcile', uris: string[], results: EngineCheckResult[], connectionErrors: ConnectionErrors = []): CheckResponse['diagnostics'] {
  return uris.map((uri) => {
    const mapper = ctx.mapper(uri);
    const diagnostics: Diagnostic[] = connectionDiagnostics(ctx, uri, connectionErrors);
    const unreachable = new Set(connectionErrors.filter((e) => e.contractUri === uri).flatMap((e) => e.schemas));
    for (const r of results) {
      if (r.contractUri !== uri || r.status === 'passed' || r.status === 'skipped') continue;
      if (r.status === 'error' && unreachable.has(r.schema)) continue; // said once, on the server entry
      const rows = r.failedRows !== null ? ` (${r.failedRows}${r.totalRows ? ` of ${r.totalRows}` : ''} rows)` : '';
      diagnostics.push({
        range: r.range && mapper ? toLspRange(mapper, r.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: r.status === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
        source: 'contractlens checks',
        code: r.rule,
        codeDescription: { href: checkDocUrl(tool, r) },
        message: `${r.name || r.rule}: ${r.message || r.status}${rows}`,
      });
    }
    return { uri, diagnostics };
  });
}

function connectionDiagnostics(ctx: ServerContext, uri: string, errors: ConnectionErrors): Diagnostic[] {
  const contract = ctx.index.contract(uri);
  const mapper = ctx.mapper(uri);
  const out: Diagnostic[] = [];
  for (const e of errors) {
    if (e.contractUri !== uri) continue;
    const server = contract?.servers.find((s) => s.name?.value === e.serverName);
    const node = server?.name?.node ?? server?.node;
    out.push({
      range: node && mapper ? toLspRange(mapper, { start: node.start, end: node.end }) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Error,
      source: 'contractlens checks',
      code: 'CL210',
      codeDescription: { href: ruleDocUrl('CL210')! },
      message: `${e.message} (${e.schemas.length} schema object${e.schemas.length === 1 ? '' : 's'} not checked).${server && isPostgresServer(server) ? ' Set the password with "Contract Lens: Set Database Password", or PGPASSWORD / ~/.pgpass in the environment.' : ''}`,
    });
  }
  return out;
}

/** The counts the client shows (status item, code lenses, the run's summary): counted here, never in the client. */
function counted(results: readonly EngineCheckResult[]): Pick<CheckResponse, 'counts' | 'schemaCounts'> {
  return { counts: countResults(results), schemaCounts: countsPerSchema(results, (r) => r.contractUri) };
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
    const targets: CheckTarget[] = params?.targets?.length
      ? params.targets
      : (params?.uris?.length ? params.uris : ctx.index.uris()).map((uri) => ({ uri, schemas: params?.schema ? [params.schema] : undefined }));
    const contracts: Contract[] = [];
    const selectionOf = new Map<string, { schemas?: string[]; rules?: string[] }>();
    const errors: CheckResponse['errors'] = [];
    for (const { uri, schemas, rules } of targets) {
      const c = typeof uri === 'string' ? ctx.index.contract(uri) : undefined;
      if (!c || !uriToPath(uri)) {
        errors.push({ uri, message: `Not a contract file: ${uri}` });
        continue;
      }
      contracts.push(c);
      selectionOf.set(uri, { schemas: Array.isArray(schemas) ? schemas : undefined, rules: Array.isArray(rules) ? rules : undefined });
    }
    if (!contracts.length) return { results: [], errors, diagnostics: [], ...counted([]) };
    const first = uriToPath(contracts[0].uri)!;
    const settings = await ctx.settings(contracts[0].uri);
    const now = params.now ? new Date(params.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new ResponseError(RequestError.InvalidParams, `now: not a date: ${params.now}`);
    const { signal, dispose } = signalOf(token);
    try {
      const { checkContracts } = await import('../../engine/data/checks/api.js'); // DuckDB loads on first use
      const access = ctx.dataAccess(settings, first);
      const run = await checkContracts(contracts, ctx.index, {
        ...access,
        server: params.server ?? access.server,
        selectionOf,
        now,
        samples: params.samples ?? settings.sampleCount,
        sensitive: sensitivePolicy(settings),
        signal,
      });
      errors.push(...run.sourceErrors.map((e) => ({ uri: e.contractUri, message: e.message })));
      return { results: run.results.map((r) => withLspRange(ctx, r)), errors, diagnostics: resultDiagnostics(ctx, 'check', contracts.map((c) => c.uri), run.results, run.connectionErrors), ...counted(run.results) };
    } catch (e) {
      throw new ResponseError(RequestError.Failed, (e as Error)?.message ?? String(e));
    } finally {
      dispose();
    }
  },
};

export const reconcileRequest: CustomRequest<ReconcileParams, CheckResponse> = {
  type: ReconcileRequest,
  async handle(params, ctx, token) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Reconciliation is off: this workspace is not trusted, so Contract Lens reads no data.');
    const path = params?.uri ? uriToPath(params.uri) : undefined;
    const contract = path ? ctx.index.contract(params.uri) : undefined;
    if (!path || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(params?.uri)}`);
    const named = contract.schemas.filter((s) => s.name?.value);
    const schema = params.schema ? named.find((s) => s.name!.value === params.schema) : named[0];
    if (!schema) throw new ResponseError(RequestError.NoSuchSchema, params.schema ? `No schema object "${params.schema}" in this contract.` : 'The contract has no schema object.');
    if (typeof params.against !== 'string') throw new ResponseError(RequestError.InvalidParams, 'against: the server to compare with is required.');
    const settings = await ctx.settings(params.uri);
    const access = ctx.dataAccess(settings, path);
    const { reconcileServers } = await import('../../engine/data/reconcile.js');
    const { signal, dispose } = signalOf(token);
    try {
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
        signal,
      });
      return { results: results.map((r) => withLspRange(ctx, r)), errors: [], diagnostics: resultDiagnostics(ctx, 'reconcile', [params.uri], results), ...counted(results) };
    } catch (e) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Reconciliation cancelled.');
      throw e;
    } finally {
      dispose();
    }
  },
};
