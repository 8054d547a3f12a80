/**
 * `reconcile` across servers and engines: each copy is opened on its own engine (sides.ts), compared by segment
 * checksums (segments.ts) and the rows of differing segments compared here (compare.ts). Failures (a copy that
 * cannot be opened, a refused --where, a query error) become one `error` result, never an exception.
 */
import type { RowFilter } from '../../../shared/dataAccess.js';
import { FilterRejected } from '../../sql/rowFilter.js';
import type { Contract, SchemaObject } from '../../model/types.js';
import type { CheckResult } from '../checks/results.js';
import { primaryKeyColumns } from '../reconcile.js';
import { maskRows, sensitiveColumns, type SensitivePolicy } from '../sensitive.js';
import { reconcilePair } from './pair.js';
import { segmentResults } from './compare.js';
import { type ComparedColumn, jointKind, kindOfType } from './normalize.js';
import { diffSegments, type SegmentOptions } from './segments.js';
import { declaredColumns, openSide, type Side } from './sides.js';
import type { DatabaseLogins } from '../logins.js';
import { SqlSegmentSource } from './sqlSource.js';
import { checkWherePredicate } from './where.js';

export interface ReconcileAcrossOptions extends SegmentOptions {
  contract: Contract;
  contractPath: string;
  schema: SchemaObject;
  server?: string;
  against: string;
  root: string;
  allowPaths?: string[];
  columns?: string[];
  where?: string;
  filters?: RowFilter[];
  samples?: number;
  timeoutMs?: number;
  threads?: number;
  memoryLimit?: string;
  logins?: DatabaseLogins;
  display: string;
  /** Sensitive (PII) columns are masked in samples unless the policy includes them. */
  sensitive?: SensitivePolicy;
}

export async function reconcileAcross(o: ReconcileAcrossOptions): Promise<CheckResult[]> {
  const { schema: sName, serverA, serverB, nameA, nameB, error, fail } = reconcilePair(o);
  if (!serverA || !serverB) return fail('sources', error!);
  let where: string | undefined;
  try {
    where = o.where === undefined ? undefined : checkWherePredicate(o.where);
  } catch (e) {
    return fail('where', (e as Error).message);
  }
  const key = primaryKeyColumns(o.schema);
  if (!key.length) return fail('keys', `"${sName}" declares no primaryKey: reconciliation matches rows on the primary key.`);
  const sides: Side[] = [];
  try {
    const common = { contract: o.contract, contractPath: o.contractPath, schema: o.schema, root: o.root, allowPaths: o.allowPaths, timeoutMs: o.timeoutMs, threads: o.threads, memoryLimit: o.memoryLimit, filters: o.filters, logins: o.logins };
    const opened = await Promise.allSettled([openSide({ ...common, server: serverA }), openSide({ ...common, server: serverB })]);
    for (const r of opened) if (r.status === 'fulfilled') sides.push(r.value);
    // A --filter the parser refuses is the user's input, not a finding about the data.
    const refused = opened.find((r) => r.status === 'rejected' && r.reason instanceof FilterRejected);
    if (refused) {
      await Promise.all(sides.map((s) => s.close()));
      throw (refused as PromiseRejectedResult).reason;
    }
    const problems = opened.flatMap((r, i) => (r.status === 'rejected' ? [`${i ? nameB : nameA}: ${(r.reason as Error)?.message ?? r.reason}`] : []));
    if (problems.length) return fail('sources', problems.join(' '));
    const [sa, sb] = sides;
    const typeOf = (s: Side, c: string) => s.columns.find((x) => x.name === c)?.type;
    const compare = (o.columns ?? declaredColumns(o.schema)).filter((c) => !key.includes(c));
    const absent = [...key, ...compare].filter((c) => !typeOf(sa, c) || !typeOf(sb, c));
    if (absent.length) return fail('keys', `column(s) ${absent.join(', ')} missing from ${absent.some((c) => !typeOf(sa, c)) ? nameA : nameB}.`);
    const columnsFor = (own: Side, other: Side, names: string[]): ComparedColumn[] =>
      names.map((n) => {
        const mine = kindOfType(typeOf(own, n)!);
        return { name: n, own: mine, kind: jointKind(mine, kindOfType(typeOf(other, n)!)) };
      });
    // Same kind of engine on both sides: its own hash function (cheaper than MD5 per row); else MD5 everywhere.
    const native = !!sa.dialect.nativeHash && sa.dialect.nativeHash.id === sb.dialect.nativeHash?.id;
    const source = (own: Side, other: Side) =>
      new SqlSegmentSource({ name: own.name, dialect: own.dialect, relation: own.relation, key: columnsFor(own, other, key), compared: columnsFor(own, other, compare), where, run: own.run, native });
    const diff = await diffSegments(source(sa, sb), source(sb, sa), o);
    return segmentResults(diff, { contract: o.contract, schema: o.schema, display: o.display, nameA, nameB, key, compared: compare, samples: o.samples ?? 5, mask: (rows) => maskRows(rows, sensitiveColumns(o.schema, o.sensitive)) });
  } catch (e) {
    return fail('query', e instanceof Error ? e.message : String(e));
  } finally {
    await Promise.all(sides.map((s) => s.close().catch(() => undefined)));
  }
}
