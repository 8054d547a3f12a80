/**
 * The two copies a reconcile compares, as the contract names them, and how a failure before any comparison is
 * reported: one `error` result on the schema object. Shared by the one-session reconcile (reconcile.ts) and the
 * segment-checksum reconcile across engines (across.ts), so both name copies and word failures alike.
 */
import type { Contract, SchemaObject, Server } from '../../model/types.js';
import { baseResult, type CheckResult } from '../checks/results.js';
import { pickServer } from '../sources.js';

export interface ReconcilePair {
  /** The schema object's name. */
  schema: string;
  serverA?: Server;
  serverB?: Server;
  nameA: string;
  nameB: string;
  /** Why a server could not be picked (unknown name, no default), when one could not. */
  error?: string;
  /** One `error` result, `<schema>.reconcile.<id>`, for a failure before or during the comparison. */
  fail(id: string, message: string): CheckResult[];
}

export function reconcilePair(o: { contract: Contract; schema: SchemaObject; server?: string; against: string; display: string }): ReconcilePair {
  const schema = o.schema.name?.value ?? '';
  const a = pickServer(o.contract, o.server);
  const b = pickServer(o.contract, o.against);
  const nameA = a.server?.name?.value ?? 'A';
  const nameB = b.server?.name?.value ?? 'B';
  const fail = (id: string, message: string): CheckResult[] => {
    const r = baseResult({ id: `${schema}.reconcile.${id}`, contractUri: o.contract.uri, schema, kind: 'metric', name: `compare ${nameA} and ${nameB}`, params: {}, severity: 'error', dimension: 'consistency', node: o.schema.name?.node }, o.display);
    return [Object.assign(r, { status: 'error' as const, message })];
  };
  return { schema, serverA: a.server, serverB: b.server, nameA, nameB, error: a.server && b.server ? undefined : (a.error ?? b.error), fail };
}
