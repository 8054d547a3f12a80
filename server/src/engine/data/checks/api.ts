/**
 * The one call every front end makes to check contracts against their data (CLI `check`, the language server's
 * `contractlens/check`, the Test Explorer): open a session over the sources the run reads, run the plan, close.
 *
 *   const { results, timing } = await checkContracts(contracts, index, { root, server, now, samples });
 */
import type { DataAccessOptions } from '../../../shared/dataAccess.js';
import type { Contract } from '../../model/types.js';
import type { ContractLookup } from '../../workspace/index.js';
import { duckdbModuleLoadMs } from '../duckdb.js';
import { openChecksSession } from './open.js';
import type { RuleKind } from './plan.js';
import type { SensitivePolicy } from '../sensitive.js';
import type { CheckResult } from './results.js';
import { runChecks } from './runner.js';
import type { SourceError } from '../sources.js';
import { sourceNotes } from '../sources.js';

export interface CheckContractsOptions extends DataAccessOptions {
  /** Only this schema object of every contract. */
  schema?: string;
  /** Only some schema objects or rules of the contract with this URI (a Test Explorer selection); others: all. */
  selectionOf?: ReadonlyMap<string, { schemas?: readonly string[]; rules?: readonly string[] }>;
  /** Reference time of latency/retention (default: now). */
  now?: Date;
  samples?: number;
  failedRowsDir?: string;
  only?: RuleKind[];
  signal?: AbortSignal;
  /** Sensitive columns are masked in samples and failing-row files unless `sensitive.include`. */
  sensitive?: SensitivePolicy;
  /** How a contract is named in results (default: its URI). */
  display?: (contract: Contract) => string;
  /** The working folder relative data paths fall back to when nothing is beside the contract. */
  cwd?: string;
}

export interface CheckContractsResult {
  results: CheckResult[];
  /** Opening the sources and running the checks, in ms; openMs includes moduleLoadMs, loading DuckDB's module. */
  timing: { openMs: number; checkMs: number; moduleLoadMs: number };
  /** Source problems of a whole contract (no server to read…), also present as error results of its rules. */
  sourceErrors: { contractUri: string; message: string }[];
  /**
   * Database servers that refused the login or could not be reached, per contract and server: one cause for every
   * rule of the tables on it (those rules are error results too, with this message).
   */
  connectionErrors: { contractUri: string; serverName?: string; message: string; schemas: string[] }[];
  /** How sources were found, worth telling (a path read relative to the working folder). */
  notes: { contractUri: string; message: string }[];
}

export async function checkContracts(contracts: Contract[], lookup: ContractLookup, options: CheckContractsOptions): Promise<CheckContractsResult> {
  const started = Date.now();
  const session = await openChecksSession({
    checked: contracts,
    all: [...lookup.contracts()],
    server: options.server,
    root: options.root,
    allowPaths: options.allowPaths,
    cwd: options.cwd,
    writeDirs: options.failedRowsDir ? [options.failedRowsDir] : undefined,
    timeoutMs: options.timeoutMs,
    threads: options.threads,
    memoryLimit: options.memoryLimit,
    logins: options.logins,
    filters: options.filters,
  });
  const opened = Date.now();
  try {
    const results = await runChecks(
      contracts.map((c) => ({ contract: c, display: options.display?.(c) ?? c.uri, ...options.selectionOf?.get(c.uri) })),
      {
        session,
        lookup,
        now: options.now ?? new Date(),
        samples: options.samples,
        failedRowsDir: options.failedRowsDir,
        schema: options.schema,
        signal: options.signal,
        sensitive: options.sensitive,
        filter: options.only ? (r) => options.only!.includes(r.kind) : undefined,
      },
    );
    const sourceErrors = session.sourceErrors().filter((e) => !e.schemaName).map((e) => ({ contractUri: e.contractUri, message: e.message }));
    const notes = sourceNotes(session.sources()).map(({ contractUri, message }) => ({ contractUri, message }));
    return { results, timing: { openMs: opened - started, checkMs: Date.now() - opened, moduleLoadMs: duckdbModuleLoadMs() }, sourceErrors, connectionErrors: connectionErrorsOf(session.sourceErrors()), notes };
  } finally {
    await session.close();
  }
}

function connectionErrorsOf(errors: SourceError[]): CheckContractsResult['connectionErrors'] {
  const out = new Map<string, CheckContractsResult['connectionErrors'][number]>();
  for (const e of errors) {
    if (e.reason !== 'connection') continue;
    const k = `${e.contractUri}\u0000${e.serverName ?? ''}`;
    const entry = out.get(k) ?? out.set(k, { contractUri: e.contractUri, serverName: e.serverName, message: e.message, schemas: [] }).get(k)!;
    if (e.schemaName) entry.schemas.push(e.schemaName);
  }
  return [...out.values()];
}
