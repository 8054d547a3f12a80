/**
 * Profiles one table for `contractlens init --from`: per column, nulls, distinct values, range, and for text columns
 * whether every value parses with a known date format. One aggregate query scans the table once; text columns with
 * few distinct values get one more small query each for the values themselves (the enum suggestion).
 */
import type { ColumnInfo, DataSession } from '../session.js';
import { sqlIdent, sqlString } from '../sandbox.js';

export interface DateFormat {
  /** strptime format DuckDB parses with. */
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

export interface ColumnProfile {
  column: ColumnInfo;
  rows: number;
  nonNull: number;
  distinct: number;
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

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FLOAT = /^(FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/;

export function isIntegerType(t: string): boolean {
  return INTEGER.test(t);
}

export function isNumberType(t: string): boolean {
  return FLOAT.test(t);
}

export function isTextType(t: string): boolean {
  return t === 'VARCHAR';
}

export async function profileTable(session: DataSession, relation: string, columns: ColumnInfo[]): Promise<TableProfile> {
  const select: string[] = ['count(*) AS "rows"'];
  columns.forEach((c, i) => {
    const col = sqlIdent(c.name);
    select.push(`count(${col}) AS "n${i}"`, `count(DISTINCT ${col}) AS "d${i}"`);
    if (isIntegerType(c.type)) select.push(`CAST(min(${col}) AS VARCHAR) AS "lo${i}"`, `CAST(max(${col}) AS VARCHAR) AS "hi${i}"`);
    else if (isNumberType(c.type)) select.push(`CAST(min(${col}) AS DOUBLE) AS "lo${i}"`, `CAST(max(${col}) AS DOUBLE) AS "hi${i}"`);
    else if (isTextType(c.type)) {
      DATE_FORMATS.forEach((f, k) => select.push(`count(*) FILTER (WHERE ${col} IS NOT NULL AND try_strptime(${col}, ${sqlString(f.strptime)}) IS NOT NULL) AS "f${i}_${k}"`));
    }
  });
  const [row] = await session.query(`SELECT ${select.join(', ')} FROM ${relation}`);
  const rows = Number(row.rows);
  const out: ColumnProfile[] = [];
  for (const [i, c] of columns.entries()) {
    const p: ColumnProfile = { column: c, rows, nonNull: Number(row[`n${i}`]), distinct: Number(row[`d${i}`]) };
    const lo = toNumber(row[`lo${i}`], isIntegerType(c.type));
    const hi = toNumber(row[`hi${i}`], isIntegerType(c.type));
    if (lo !== undefined && hi !== undefined) {
      p.min = lo;
      p.max = hi;
    }
    if (isTextType(c.type) && p.nonNull > 0) {
      const k = DATE_FORMATS.findIndex((_, k) => Number(row[`f${i}_${k}`]) === p.nonNull);
      if (k >= 0) p.dateFormat = DATE_FORMATS[k];
    }
    if (isTextType(c.type) && !p.dateFormat && p.distinct > 0 && p.distinct <= ENUM_MAX_DISTINCT && p.nonNull >= 10 && p.distinct * 2 <= p.nonNull) {
      const values = await session.query(`SELECT DISTINCT ${sqlIdent(c.name)} AS v FROM ${relation} WHERE ${sqlIdent(c.name)} IS NOT NULL ORDER BY 1 LIMIT ${ENUM_MAX_DISTINCT + 1}`);
      p.values = values.map((v) => String(v.v));
    }
    out.push(p);
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
