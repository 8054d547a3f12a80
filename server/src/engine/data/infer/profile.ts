/**
 * Profiles one table for `contractlens init --from`: per column, nulls, distinct values, range, and for text columns
 * whether every value parses with a known date format. ONE profile compiler for every engine: the SQL is written
 * through the engine's Dialect (DuckDB over files, PostgreSQL, MySQL/MariaDB), so the scan runs where the data is.
 * One aggregate query scans the table once; text columns with few distinct values get one more small query each for
 * the values themselves (the enum suggestion).
 */
import type { Dialect } from '../dialects/dialect.js';
import { familyOf, type TypeFamily } from '../typeCompat.js';

export interface DateFormat {
  /** strptime format (DuckDB's try_strptime; other engines rewrite it through their Dialect). */
  strptime: string;
  /** The same in the Java style contracts use (`logicalTypeOptions.format`). */
  java: string;
  kind: 'date' | 'timestamp';
}

/** Tried in this order; the first that parses every non-null value wins (day-first before month-first). */
export const DATE_FORMATS: DateFormat[] = [
  { strptime: '%Y-%m-%d', java: 'yyyy-MM-dd', kind: 'date' },
  { strptime: '%d/%m/%Y', java: 'dd/MM/yyyy', kind: 'date' },
  { strptime: '%m/%d/%Y', java: 'MM/dd/yyyy', kind: 'date' },
  { strptime: '%d.%m.%Y', java: 'dd.MM.yyyy', kind: 'date' },
  { strptime: '%Y/%m/%d', java: 'yyyy/MM/dd', kind: 'date' },
  { strptime: '%Y-%m-%d %H:%M:%S', java: 'yyyy-MM-dd HH:mm:ss', kind: 'timestamp' },
  { strptime: '%Y-%m-%dT%H:%M:%S', java: "yyyy-MM-dd'T'HH:mm:ss", kind: 'timestamp' },
  { strptime: '%d/%m/%Y %H:%M:%S', java: 'dd/MM/yyyy HH:mm:ss', kind: 'timestamp' },
];

/** Text columns with at most this many distinct values (and few compared to the rows) get an enum suggestion. */
export const ENUM_MAX_DISTINCT = 20;

/** A column as the engine's catalog describes it. */
export interface ProfiledColumn {
  name: string;
  /** The engine's own type name (DuckDB DESCRIBE, PostgreSQL format_type, MySQL column_type). */
  type: string;
  nullable: boolean;
}

export interface ColumnProfile {
  column: ProfiledColumn;
  /** The type family (typeCompat.ts), from which the logicalType follows. */
  family: TypeFamily;
  /** Whether the column holds text (the engine's own notion: VARCHAR, text, varchar(n), enum…). */
  text: boolean;
  rows: number;
  nonNull: number;
  /** Undefined when the engine cannot compare the type's values (PostgreSQL json, geometric types…). */
  distinct?: number;
  min?: number;
  max?: number;
  /** For text columns: a date format every non-null value parses with. */
  dateFormat?: DateFormat;
  /** For low-cardinality text columns: the distinct values, sorted. */
  values?: string[];
}

export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
}

/** Where the profile runs: a relation of one engine, spelled by its dialect, queried read-only. */
export interface ProfileTarget {
  dialect: Dialect;
  /** The relation as SQL text (already quoted). */
  relation: string;
  columns: ProfiledColumn[];
  query(sql: string): Promise<Record<string, unknown>[]>;
}

/** Families whose values every engine can count distinct; others (json, geometric, …) only on DuckDB. */
const COMPARABLE: ReadonlySet<TypeFamily> = new Set(['integer', 'decimal', 'float', 'string', 'boolean', 'date', 'timestamp', 'time', 'uuid', 'blob']);

interface ColumnPlan {
  column: ProfiledColumn;
  family: TypeFamily;
  text: boolean;
  distinct: boolean;
  range?: 'integer' | 'number';
  /** Indexes into DATE_FORMATS that this engine can test. */
  formats: number[];
}

function planColumns(d: Dialect, columns: ProfiledColumn[]): ColumnPlan[] {
  return columns.map((column) => {
    const family = familyOf(column.type);
    const text = d.isTextType(column.type) && family === 'string';
    const formats = text ? DATE_FORMATS.map((f, k) => (d.tryParseTimestamp('x', f.strptime) === undefined ? -1 : k)).filter((k) => k >= 0) : [];
    const range = family === 'integer' ? 'integer' : family === 'decimal' || family === 'float' ? 'number' : undefined;
    return { column, family, text, distinct: d.name === 'duckdb' || COMPARABLE.has(family) || text, range, formats };
  });
}

/** The one aggregate of the profile: `withFormats: false` leaves out the date-format tests (see profileTable). */
export function profileSql(d: Dialect, relation: string, plans: ColumnPlan[], withFormats = true): string {
  const select: string[] = [`count(*) AS ${d.ident('rows')}`];
  plans.forEach((p, i) => {
    const col = d.ident(p.column.name);
    select.push(`count(${col}) AS ${d.ident(`n${i}`)}`);
    if (p.distinct) select.push(`count(DISTINCT ${col}) AS ${d.ident(`d${i}`)}`);
    if (p.range === 'integer') select.push(`${d.asText(`min(${col})`)} AS ${d.ident(`lo${i}`)}`, `${d.asText(`max(${col})`)} AS ${d.ident(`hi${i}`)}`);
    if (p.range === 'number') select.push(`${d.cast(`min(${col})`, 'DOUBLE')} AS ${d.ident(`lo${i}`)}`, `${d.cast(`max(${col})`, 'DOUBLE')} AS ${d.ident(`hi${i}`)}`);
    if (withFormats) {
      for (const k of p.formats) select.push(`${d.countIf(`${col} IS NOT NULL AND ${d.tryParseTimestamp(col, DATE_FORMATS[k].strptime)} IS NOT NULL`)} AS ${d.ident(`f${i}_${k}`)}`);
    }
  });
  return `SELECT ${select.join(', ')} FROM ${relation}`;
}

export async function profileTable(t: ProfileTarget): Promise<TableProfile> {
  const d = t.dialect;
  const plans = planColumns(d, t.columns);
  let row: Record<string, unknown>;
  try {
    [row] = await t.query(profileSql(d, t.relation, plans));
  } catch (e) {
    // Some engines raise (rather than give NULL) on a text that has a date's shape but no such day (PostgreSQL's
    // to_timestamp on 31/02/2024): the profile is then taken without date formats rather than not at all.
    if (!plans.some((p) => p.formats.length)) throw e;
    [row] = await t.query(profileSql(d, t.relation, plans, false));
  }
  const rows = Number(row.rows);
  const out: ColumnProfile[] = [];
  for (const [i, p] of plans.entries()) {
    const c: ColumnProfile = { column: p.column, family: p.family, text: p.text, rows, nonNull: Number(row[`n${i}`]) };
    if (p.distinct) c.distinct = Number(row[`d${i}`]);
    const lo = toNumber(row[`lo${i}`], p.range === 'integer');
    const hi = toNumber(row[`hi${i}`], p.range === 'integer');
    if (lo !== undefined && hi !== undefined) {
      c.min = lo;
      c.max = hi;
    }
    if (p.text && c.nonNull > 0) {
      const k = p.formats.find((k) => Number(row[`f${i}_${k}`]) === c.nonNull);
      if (k !== undefined) c.dateFormat = DATE_FORMATS[k];
    }
    if (p.text && !c.dateFormat && c.distinct !== undefined && c.distinct > 0 && c.distinct <= ENUM_MAX_DISTINCT && c.nonNull >= 10 && c.distinct * 2 <= c.nonNull) {
      const col = d.ident(p.column.name);
      const values = await t.query(d.limit(`SELECT DISTINCT ${col} AS ${d.ident('v')} FROM ${t.relation} WHERE ${col} IS NOT NULL ORDER BY 1`, ENUM_MAX_DISTINCT + 1));
      c.values = values.map((v) => String(v.v)).sort();
    }
    out.push(c);
  }
  return { rows, columns: out };
}

/** Integers stay exact only within ±2^53: beyond that no range is suggested rather than a wrong one. */
function toNumber(v: unknown, integer: boolean): number | undefined {
  if (v === null || v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) return undefined;
  if (integer && !Number.isSafeInteger(n)) return undefined;
  return n;
}
