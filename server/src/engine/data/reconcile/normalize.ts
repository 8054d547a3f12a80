/**
 * Values normalised to text before hashing, so that equal values hash equally on different engines (data-diff's
 * approach): integers as decimal digits, decimals at one fixed scale (the smaller of the two sides', floats at 6),
 * booleans as 1/0 (MySQL has no boolean type: TINYINT(1) on one side, boolean on the other compare equal), dates as
 * YYYY-MM-DD, timestamps in UTC with microseconds, text as is (UTF-8 on every engine). A NULL is `N` and a value is
 * `v` + its text, so NULL and the empty string hash differently.
 *
 * Each engine says how in a HashDialect (hash/duckdb.ts, hash/postgres.ts, hash/mysql.ts).
 */

export type ValueKind = 'integer' | 'decimal' | 'float' | 'boolean' | 'text' | 'date' | 'timestamp' | 'timestamptz' | 'other';

export interface ColumnKind {
  kind: ValueKind;
  /** decimal: digits after the point compared. */
  scale?: number;
}

/** Digits compared for floating-point columns (and for a decimal compared with a float). */
export const FLOAT_SCALE = 6;

/** The kind of a column from its engine type name (DuckDB, PostgreSQL and MySQL spellings). */
export function kindOfType(type: string): ColumnKind {
  const t = type.toLowerCase().trim();
  const dec = /^(?:decimal|numeric|number)\s*\(\s*\d+\s*(?:,\s*(\d+)\s*)?\)/.exec(t);
  if (dec) return Number(dec[1] ?? 0) === 0 ? { kind: 'integer' } : { kind: 'decimal', scale: Number(dec[1]) };
  if (/^(?:decimal|numeric|number)\b/.test(t)) return { kind: 'decimal', scale: FLOAT_SCALE };
  if (/^tinyint\s*\(\s*1\s*\)/.test(t) || /^(?:bool|boolean)$/.test(t)) return { kind: 'boolean' };
  if (/^(?:tinyint|smallint|mediumint|int|integer|bigint|hugeint|ubigint|uinteger|usmallint|utinyint|int[248]|serial|bigserial|smallserial|year)\b/.test(t)) return { kind: 'integer' };
  if (/^(?:real|float|double|float[48])\b/.test(t)) return { kind: 'float' };
  if (/^date$/.test(t)) return { kind: 'date' };
  if (/^timestamp(?:\s*\(\d+\))?\s+with time zone$|^timestamptz$/.test(t)) return { kind: 'timestamptz' };
  // MySQL's TIMESTAMP is stored in UTC and shown in the session time zone, which our sessions set to UTC: it reads
  // like a plain timestamp.
  if (/^(?:timestamp|datetime)\b/.test(t)) return { kind: 'timestamp' };
  if (/^(?:varchar|char|text|character|string|uuid|tinytext|mediumtext|longtext|enum|set|bpchar|name|citext)\b/.test(t)) return { kind: 'text' };
  return { kind: 'other' };
}

/** One kind for a column compared across two engines: the coarser of the two. */
export function jointKind(a: ColumnKind, b: ColumnKind): ColumnKind {
  if (a.kind === b.kind) return a.kind === 'decimal' ? { kind: 'decimal', scale: Math.min(a.scale ?? FLOAT_SCALE, b.scale ?? FLOAT_SCALE) } : a;
  const kinds = new Set([a.kind, b.kind]);
  const numeric = (k: ValueKind) => k === 'integer' || k === 'decimal' || k === 'float';
  if (kinds.has('boolean') && (kinds.has('integer') || kinds.has('boolean'))) return { kind: 'boolean' };
  if (numeric(a.kind) && numeric(b.kind)) {
    const scale = Math.min(a.kind === 'integer' ? 0 : a.scale ?? FLOAT_SCALE, b.kind === 'integer' ? 0 : b.scale ?? FLOAT_SCALE);
    // An integer column compared with a decimal one: compare at the decimal's scale (10 equals 10.00).
    const s = a.kind === 'integer' || b.kind === 'integer' ? Math.max(a.scale ?? 0, b.scale ?? 0, scale) : scale;
    return { kind: 'decimal', scale: Math.min(s, FLOAT_SCALE) };
  }
  if (kinds.has('timestamptz') && kinds.has('timestamp')) return { kind: 'timestamptz' };
  if (kinds.has('date') && (kinds.has('timestamp') || kinds.has('timestamptz'))) return { kind: 'timestamp' };
  return { kind: 'text' };
}

/** How one engine spells the pieces of a normalised, hashed row. */
export interface HashDialect {
  readonly engine: string;
  ident(name: string): string;
  /**
   * Text of a NON-NULL value compared as `kind` (the joint kind of both sides); `own` is the column's kind on this
   * engine (a timestamp with time zone is converted to UTC first). The caller handles NULL.
   */
  text(expr: string, kind: ColumnKind, own: ColumnKind): string;
  /** String concatenation of SQL text expressions. */
  concat(parts: string[]): string;
  /** An unsigned integer (below 2^(4·digits)) from the first `digits` hex digits of the MD5 of a text expression. */
  md5Int(textExpr: string, digits: number): string;
  /**
   * The engine's own fast hash of a text, as a signed 64-bit integer, used instead of MD5 when BOTH copies are on
   * this engine (its `id` must match): PostgreSQL's hashtextextended, DuckDB's hash. Much cheaper per row than MD5.
   */
  nativeHash?: { id: string; expr(textExpr: string): string };
  /** An integer column as a signed 64-bit integer (the bucket of a single integer key is the key itself). */
  bigint(expr: string): string;
}

/** `N` for NULL, else `v` + the value's normalised text: NULL and '' differ. */
export function nullSafeText(d: HashDialect, expr: string, kind: ColumnKind, own: ColumnKind): string {
  return `CASE WHEN ${expr} IS NULL THEN 'N' ELSE ${d.concat(["'v'", d.text(expr, kind, own)])} END`;
}

/** A column as compared: its name, the kind both sides agree on, and its own kind on this engine. */
export interface ComparedColumn {
  name: string;
  kind: ColumnKind;
  own: ColumnKind;
}

/** The normalised text of several columns, separated by `|` (the NULL marker keeps NULLs apart from values). */
export function rowText(d: HashDialect, columns: ComparedColumn[]): string {
  const parts: string[] = [];
  columns.forEach((c, i) => {
    if (i) parts.push("'|'");
    parts.push(nullSafeText(d, d.ident(c.name), c.kind, c.own));
  });
  return parts.length ? d.concat(parts) : "''";
}
