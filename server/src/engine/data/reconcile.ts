/**
 * Reconciliation of two copies of one source (a table and its replica, CDC sink or nightly export): rows matched on
 * the contract's primary key, then counted as missing from B, extra in B, or changed (per compared column), in ONE
 * full-outer-join query; samples are fetched only for what differs. Results use the check result shape, so the same
 * renderers and exit code apply.
 *
 * Each side is deduplicated on the key first (a key loaded twice is reported separately as `duplicateKeys`), so a
 * double-loaded row does not show up as a difference.
 */
import type { DataAccessOptions } from '../../shared/dataAccess.js';
import type { Contract, SchemaObject } from '../model/types.js';
import { columnOf, type Rule } from './checks/plan.js';
import { baseResult, type CheckResult } from './checks/results.js';
import type { QueryEngine } from './engines/queryEngine.js';
import { maskRows, sensitiveColumns, type SensitivePolicy } from './sensitive.js';
import { openContractSession } from './open.js';
import type { DataSession } from './session.js';
import { reconcilePair } from './reconcile/pair.js';

export interface ReconcileOptions {
  session: DataSession;
  contract: Contract;
  schema: SchemaObject;
  /** Relations (quoted view names) of the two copies. */
  relationA: string;
  relationB: string;
  /** Server names, for messages. */
  nameA: string;
  nameB: string;
  /** Columns to compare (default: every declared column present on both sides, key excluded). */
  columns?: string[];
  samples?: number;
  display: string;
  /** Sensitive columns are masked in the samples unless `sensitive.include`. */
  sensitive?: SensitivePolicy;
  /** Cancellation (the editor's Cancel): interrupts the running query. */
  signal?: AbortSignal;
  /** The engine holding both copies (default DuckDB); on PostgreSQL the one FULL JOIN runs in the server. */
  engine?: QueryEngine;
  /** Column names of each copy, when the session knows them (else DuckDB's DESCRIBE). */
  columnsA?: string[];
  columnsB?: string[];
}

/** The key columns: the primary key properties in primaryKeyPosition order. */
export function primaryKeyColumns(schema: SchemaObject): string[] {
  return schema.properties
    .filter((p) => p.primaryKey?.value && p.name?.value)
    .sort((a, b) => (a.primaryKeyPosition?.value ?? 0) - (b.primaryKeyPosition?.value ?? 0))
    .map(columnOf);
}

export async function reconcile(o: ReconcileOptions): Promise<CheckResult[]> {
  const sName = o.schema.name?.value ?? '';
  const key = primaryKeyColumns(o.schema);
  const rule = (what: string, name: string, severity: Rule['severity'] = 'error', property?: string): Rule => ({
    id: `${sName}.reconcile.${what}`,
    contractUri: o.contract.uri,
    schema: sName,
    property,
    kind: 'metric',
    name,
    params: {},
    severity,
    // Two copies that disagree are a consistency problem, whatever the metric kind the report files them under.
    dimension: 'consistency',
    node: o.schema.name?.node,
  });
  const engine = o.engine ?? o.session.duckdb;
  const sqlIdent = engine.dialect.ident;
  const colsA = new Set(o.columnsA ?? (await describe(o, o.relationA)));
  const colsB = new Set(o.columnsB ?? (await describe(o, o.relationB)));
  const declared = o.schema.properties.filter((p) => p.name?.value).map(columnOf);
  const compare = (o.columns ?? declared).filter((c) => !key.includes(c));
  const missingCols = [...key, ...compare].filter((c) => !colsA.has(c) || !colsB.has(c));
  if (!key.length || missingCols.length) {
    const r = baseResult(rule('keys', `match ${o.nameA} and ${o.nameB} on the primary key`), o.display);
    r.status = 'error';
    r.message = !key.length
      ? `"${sName}" declares no primaryKey: reconciliation matches rows on the primary key.`
      : `column(s) ${missingCols.join(', ')} missing from ${missingCols.some((c) => !colsA.has(c)) ? o.nameA : o.nameB}.`;
    return [r];
  }
  const k = key.map(sqlIdent);
  const dedup = (rel: string) => engine.dialect.onePerKey(rel, k);
  const on = key.map((c) => `a.${sqlIdent(c)} = b.${sqlIdent(c)}`).join(' AND ');
  const differs = (c: string) => `a.${sqlIdent(c)} IS DISTINCT FROM b.${sqlIdent(c)}`;
  const both = 'a.__a AND b.__b';
  const sql = `SELECT
      (SELECT count(*) FROM ${o.relationA} AS ca) AS rows_a, (SELECT count(*) FROM ${o.relationB} AS cb) AS rows_b,
      count(*) FILTER (WHERE b.__b IS NULL) AS missing,
      count(*) FILTER (WHERE a.__a IS NULL) AS extra,
      count(*) FILTER (WHERE ${both}) AS matched,
      count(*) FILTER (WHERE ${both} AND (${compare.length ? compare.map(differs).join(' OR ') : 'false'})) AS changed
      ${compare.map((c, i) => `, count(*) FILTER (WHERE ${both} AND ${differs(c)}) AS d${i}`).join('')}
    FROM (SELECT true AS __a, * FROM ${dedup(o.relationA)} AS da) AS a
    FULL OUTER JOIN (SELECT true AS __b, * FROM ${dedup(o.relationB)} AS db) AS b ON ${on}`;
  const [row] = await engine.query(sql, { signal: o.signal });
  const n = (v: unknown) => Number(v ?? 0);
  const rowsA = n(row.rows_a);
  const rowsB = n(row.rows_b);
  const distinctA = n(row.missing) + n(row.matched);
  const distinctB = n(row.extra) + n(row.matched);
  const limit = o.samples ?? 5;
  const masked = sensitiveColumns(o.schema, o.sensitive);
  const results: CheckResult[] = [];
  const add = async (r: Rule, count: number, message: string, samplesSql?: string, observed?: CheckResult['observed']) => {
    const res = baseResult(r, o.display);
    Object.assign(res, { failedRows: count, totalRows: rowsA, observed: observed ?? count, threshold: 0, status: count > 0 ? (r.severity === 'error' ? 'failed' : 'warning') : 'passed', message });
    if (count > 0 && samplesSql && limit > 0) res.samples = maskRows(await engine.query(`${samplesSql} LIMIT ${limit}`, { signal: o.signal }), masked);
    results.push(res);
  };
  const keyList = k.map((c) => `a.${c}`).join(', ');
  await add(rule('missing', `rows of ${o.nameA} missing from ${o.nameB}`), n(row.missing), `${n(row.missing)} of ${distinctA} keys of ${o.nameA} are missing from ${o.nameB}`,
    `SELECT a.* FROM ${dedup(o.relationA)} AS a WHERE NOT EXISTS (SELECT 1 FROM ${o.relationB} AS b WHERE ${on}) ORDER BY ${keyList}`);
  await add(rule('extra', `rows only in ${o.nameB}`), n(row.extra), `${n(row.extra)} of ${distinctB} keys of ${o.nameB} do not exist in ${o.nameA}`,
    `SELECT b.* FROM ${dedup(o.relationB)} AS b WHERE NOT EXISTS (SELECT 1 FROM ${o.relationA} AS a WHERE ${on}) ORDER BY ${k.map((c) => `b.${c}`).join(', ')}`);
  const perColumn: Record<string, number> = {};
  compare.forEach((c, i) => (perColumn[c] = n(row[`d${i}`])));
  const changedCols = compare.filter((c) => perColumn[c] > 0);
  const pairs = changedCols.map((c) => `a.${sqlIdent(c)} AS ${sqlIdent(`${c} (${o.nameA})`)}, b.${sqlIdent(c)} AS ${sqlIdent(`${c} (${o.nameB})`)}`).join(', ');
  await add(rule('changed', `matched rows whose columns differ`), n(row.changed),
    `${n(row.changed)} of ${n(row.matched)} matched rows differ${changedCols.length ? ': ' + changedCols.map((c) => `${c} ${perColumn[c]}`).join(', ') : ''}`,
    changedCols.length ? `SELECT ${keyList}, ${pairs} FROM ${dedup(o.relationA)} AS a JOIN ${dedup(o.relationB)} AS b ON ${on} WHERE ${changedCols.map(differs).join(' OR ')} ORDER BY ${keyList}` : undefined,
    JSON.stringify(perColumn));
  for (const c of compare) {
    await add(rule(`column.${c}`, `${c} equal in both copies`, 'error', c), perColumn[c], `${perColumn[c]} matched rows differ in ${c}`,
      perColumn[c] ? `SELECT ${keyList}, a.${sqlIdent(c)} AS ${sqlIdent(`${c} (${o.nameA})`)}, b.${sqlIdent(c)} AS ${sqlIdent(`${c} (${o.nameB})`)} FROM ${dedup(o.relationA)} AS a JOIN ${dedup(o.relationB)} AS b ON ${on} WHERE ${differs(c)} ORDER BY ${keyList}` : undefined);
  }
  await add(rule('duplicateKeys', `each key once per copy`, 'warning'), rowsA - distinctA + (rowsB - distinctB),
    `${rowsA - distinctA} extra row(s) for an existing key in ${o.nameA}, ${rowsB - distinctB} in ${o.nameB} (compared once per key)`,
    undefined, JSON.stringify({ [o.nameA]: rowsA - distinctA, [o.nameB]: rowsB - distinctB }));
  return results;
}

async function describe(o: ReconcileOptions, relation: string): Promise<string[]> {
  const rows = await o.session.query(`DESCRIBE SELECT * FROM ${relation}`, { signal: o.signal });
  return rows.map((r) => String(r.column_name));
}

export interface ReconcileServersOptions extends DataAccessOptions {
  contract: Contract;
  contractPath: string;
  schema: SchemaObject;
  /** Reference copy (default: the first local/duckdb server) and the copy compared with it. */
  server?: string;
  against: string;
  columns?: string[];
  samples?: number;
  display: string;
  sensitive?: SensitivePolicy;
  /** Cancellation: interrupts the running query; reconcileServers then rejects instead of reporting a result. */
  signal?: AbortSignal;
}

/**
 * Opens both copies in one session and reconciles them. Unreadable copies and query failures become one `error`
 * result (never an exception), so every front end renders them like any other result.
 */
export async function reconcileServers(o: ReconcileServersOptions): Promise<CheckResult[]> {
  const { schema: sName, serverA, serverB, nameA, nameB, error, fail } = reconcilePair(o);
  if (!serverA || !serverB) return fail('sources', error!);
  // Both copies belong to the same contract and schema object: B is registered under a distinct key.
  const uriB = `${o.contract.uri}#${nameB}`;
  const { session } = await openContractSession(
    [
      { contract: o.contract, path: o.contractPath, server: nameA, schemas: [sName] },
      { contract: o.contract, path: o.contractPath, server: nameB, schemas: [sName], registerAs: uriB },
    ],
    o,
  );
  try {
    const problems = [o.contract.uri, uriB]
      .filter((u) => !session.hasRelation(u, sName))
      .map((u) => session.sourceErrors().find((e) => e.contractUri === u && (!e.schemaName || e.schemaName === sName))?.message ?? `no data for ${sName}`);
    if (problems.length) return fail('sources', problems.join(' '));
    const engineA = session.engineOf(o.contract.uri, sName);
    const engineB = session.engineOf(uriB, sName);
    if (engineA.id !== engineB.id) return fail('sources', `${nameA} (${engineA.id}) and ${nameB} (${engineB.id}) are on different engines: reconcile them with segment checksums (--segments).`);
    const names = (uri: string) => session.columns(uri, sName)?.map((c) => c.name);
    return await reconcile({ session, engine: engineA, columnsA: names(o.contract.uri), columnsB: names(uriB), contract: o.contract, schema: o.schema, relationA: session.relation(o.contract.uri, sName), relationB: session.relation(uriB, sName), nameA, nameB, columns: o.columns, samples: o.samples, display: o.display, sensitive: o.sensitive, signal: o.signal });
  } catch (e) {
    if (o.signal?.aborted) throw e; // a cancelled run has no result to report
    return fail('query', e instanceof Error ? e.message : String(e));
  } finally {
    await session.close();
  }
}
