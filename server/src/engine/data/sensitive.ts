/**
 * Sensitive (PII) columns: which data columns a contract classifies as sensitive, and how their values are masked
 * before they leave the engine. The ONE place that decides it: check samples and `--failed-rows` files, reconcile
 * samples, the preview (CLI, LSP, webview) and any later consumer (clean, monitoring, replicas) import this module,
 * so every output format shows `***` where a sensitive value would be.
 *
 * A property is sensitive when its `classification` is one of the policy's classifications (default pii, sensitive,
 * restricted, confidential; case-insensitive) or when it carries a `pii`/`sensitive` tag (DCS `pii: true` reads as
 * the tag). A nested property makes its whole top-level column sensitive: the column holds the nested value.
 *
 *   const mask = sensitiveColumns(schema, policy);              // data column names, e.g. ['email']
 *   const sql = maskedSelect('SELECT * FROM t WHERE …', mask, dataColumns);   // values masked inside DuckDB
 *   const rows = maskRows(rows, mask);                           // values already fetched (preview)
 */
import type { Dialect } from './dialects/dialect.js';
import type { Property, SchemaObject } from '../model/types.js';
import { sqlIdent, sqlString } from './sandbox.js';

export const DEFAULT_SENSITIVE_CLASSIFICATIONS: readonly string[] = ['pii', 'sensitive', 'restricted', 'confidential'];
export const SENSITIVE_TAGS: readonly string[] = ['pii', 'sensitive'];
/** What a masked value reads as, in every output. */
export const MASK = '***';

export interface SensitivePolicy {
  /** Show sensitive values anyway (`--include-pii`, setting `contractlens.showSensitiveData`). Default false. */
  include?: boolean;
  /** Classifications that make a property sensitive (default DEFAULT_SENSITIVE_CLASSIFICATIONS). */
  classifications?: readonly string[];
}

/** True when the property itself (not its parents) is classified or tagged sensitive. */
export function isSensitiveProperty(p: Property, policy: SensitivePolicy = {}): boolean {
  const classes = (policy.classifications ?? DEFAULT_SENSITIVE_CLASSIFICATIONS).map((c) => c.trim().toLowerCase());
  const cls = p.classification?.value?.trim().toLowerCase();
  if (cls && classes.includes(cls)) return true;
  return (p.tags ?? []).some((t) => SENSITIVE_TAGS.includes(t.value.trim().toLowerCase()));
}

function subtreeSensitive(p: Property, policy: SensitivePolicy): boolean {
  // An array's items and a map's keys/values are inside the column too.
  return isSensitiveProperty(p, policy) || [...p.properties, p.items, p.mapKeys, p.mapValues].some((c) => c !== undefined && subtreeSensitive(c, policy));
}

/**
 * The data columns (physicalName, else name, of top-level properties) whose values must be masked; empty when the
 * policy includes sensitive data.
 */
export function sensitiveColumns(schema: SchemaObject | undefined, policy: SensitivePolicy = {}): string[] {
  if (!schema || policy.include) return [];
  return schema.properties.filter((p) => subtreeSensitive(p, policy)).map((p) => p.physicalName?.value ?? p.name?.value ?? '').filter(Boolean);
}

/**
 * Matches an output key against the sensitive columns: the column itself (case-insensitively, as DuckDB resolves
 * names) or a reconcile pair such as `email (prod)`.
 */
export function sensitiveKeyMatcher(columns: readonly string[]): (key: string) => boolean {
  const set = new Set(columns.map((c) => c.toLowerCase()));
  if (!set.size) return () => false;
  return (key) => {
    const k = key.toLowerCase();
    if (set.has(k)) return true;
    const pair = /^(.*) \([^()]*\)$/.exec(k);
    return pair !== null && set.has(pair[1]);
  };
}

/** Rows with the values of sensitive keys replaced by MASK (nulls stay null: "no value" is not sensitive). */
export function maskRows<T extends Record<string, unknown>>(rows: T[], columns: readonly string[]): T[] {
  const isSensitive = sensitiveKeyMatcher(columns);
  if (!columns.length) return rows;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = isSensitive(k) && v !== null && v !== undefined ? MASK : v;
    return out as T;
  });
}

/**
 * The select list that masks sensitive columns inside the query, so their values never leave DuckDB:
 * `* REPLACE (CASE WHEN "email" IS NULL THEN NULL ELSE '***' END AS "email")`, or `*` when nothing is sensitive.
 * `present` are the columns the query returns (a column absent from the data is not replaced: DuckDB would refuse).
 */
export function maskedProjection(columns: readonly string[], present: readonly string[], qualifier?: string): string {
  const isSensitive = sensitiveKeyMatcher(columns);
  const hits = present.filter(isSensitive);
  const star = qualifier ? `${qualifier}.*` : '*';
  if (!hits.length) return star;
  return `${star} REPLACE (${hits.map((c) => `${maskedValue(sqlIdent(c))} AS ${sqlIdent(c)}`).join(', ')})`;
}

/** A masked value in SQL: NULL stays NULL, anything else reads MASK (as text, whatever the column's type). */
export function maskedValue(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${sqlString(MASK)} END`;
}

/** Wraps a query returning whole rows so that its sensitive columns come out masked. */
export function maskedSelect(sql: string, columns: readonly string[], present: readonly string[], dialect?: Dialect): string {
  if (dialect && dialect.name !== 'duckdb') {
    // No `* REPLACE` outside DuckDB: every column by name, the sensitive ones masked, in the data's order.
    const isSensitive = sensitiveKeyMatcher(columns);
    if (!present.some(isSensitive)) return sql;
    const list = present.map((c) => (isSensitive(c) ? `${maskedValue(dialect.ident(c))} AS ${dialect.ident(c)}` : dialect.ident(c)));
    return `SELECT ${list.join(', ')} FROM (${sql}) AS masked`;
  }
  const projection = maskedProjection(columns, present);
  return projection === '*' ? sql : `SELECT ${projection} FROM (${sql})`;
}
