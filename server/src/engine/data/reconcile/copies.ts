/**
 * Reconciling two copies of one schema object, whichever way suits them: the `reconcile` command and `serve`'s
 * declared reconciliations (project config `reconcile:`) both come here, so they pick the same method.
 *
 * - both copies in DuckDB (files, DuckDB databases), or two tables of one PostgreSQL database: one FULL JOIN on the
 *   primary key (reconcile.ts), unless segments or a --where are asked for;
 * - otherwise (different engines or servers): segment checksums (across.ts), transferring only differing segments.
 *
 * Failures become `error` results, never exceptions. `signal` cancels the FULL JOIN (the run then rejects); the
 * segment path does not take it yet and ends at its statement timeout.
 */
import type { DataAccessOptions } from '../../../shared/dataAccess.js';
import type { Contract, SchemaObject } from '../../model/types.js';
import type { CheckResult } from '../checks/results.js';
import type { SensitivePolicy } from '../sensitive.js';

export interface ReconcileCopiesOptions extends DataAccessOptions {
  contract: Contract;
  contractPath: string;
  schema: SchemaObject;
  /** The copy compared with the reference copy (`server`, default the contract's first local/duckdb server). */
  against: string;
  columns?: string[];
  where?: string;
  /** Compare by segment checksums, starting with this many segments. */
  segments?: number;
  samples?: number;
  display: string;
  sensitive?: SensitivePolicy;
  signal?: AbortSignal;
}

const POSTGRES = ['postgres', 'postgresql'];

/** Whether one FULL JOIN in one engine can compare the two copies (an unnamed server is the default local one). */
function oneEngine(contract: Contract, server: string | undefined, against: string): boolean {
  const typeOf = (name: string | undefined) => String((name === undefined ? undefined : contract.servers.find((s) => s.name?.value === name))?.type?.value ?? 'local');
  if ([server, against].every((n) => ['local', 'duckdb'].includes(typeOf(n)))) return true;
  // Two tables of one PostgreSQL database (an unnamed server: the contract's PostgreSQL one, if any).
  const place = (name: string | undefined) => {
    const s = contract.servers.find((x) => (name === undefined ? POSTGRES.includes(String(x.type?.value)) : x.name?.value === name));
    const f = (k: string) => String(s?.fields.get(k)?.value ?? '');
    return s && POSTGRES.includes(String(s.type?.value)) ? [f('host'), f('port'), f('database')].join('\u0000') : undefined;
  };
  return place(server) !== undefined && place(server) === place(against);
}

export async function reconcileCopies(o: ReconcileCopiesOptions): Promise<CheckResult[]> {
  if (oneEngine(o.contract, o.server, o.against) && o.segments === undefined && o.where === undefined) {
    const { reconcileServers } = await import('../reconcile.js'); // DuckDB loads only when used
    return reconcileServers(o);
  }
  const { reconcileAcross } = await import('./across.js');
  return reconcileAcross(o);
}
