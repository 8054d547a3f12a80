/**
 * Row conditions of the rules the shared cell predicates (engine/data/predicates.ts, also used by the preview) do not
 * cover: retention against `--now`, list options (minItems, maxItems, uniqueItems), integer bit formats (`i32`…), and
 * the reasons a declared `format` is not checked. Each is a SQL boolean TRUE for a FAILING row; like the predicates,
 * none is TRUE on a NULL (only `required` and the null-counting metrics count nulls).
 */
import { familyOf } from '../typeCompat.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Rule } from './plan.js';

/** What the compiler knows of the data: the engine's type per column (upper case), from its catalog. */
export type ColumnTypes = Map<string, string>;

export type Condition = { sql: string } | { skip: string };

const INT_FORMATS: Record<string, [string, string]> = {
  i8: ['-128', '127'], i16: ['-32768', '32767'], i32: ['-2147483648', '2147483647'], i64: ['-9223372036854775808', '9223372036854775807'],
  i128: ['-170141183460469231731687303715884105728', '170141183460469231731687303715884105727'],
  u8: ['0', '255'], u16: ['0', '65535'], u32: ['0', '4294967295'], u64: ['0', '18446744073709551615'],
};

/** The column as a timestamp: itself when typed, a TRY_CAST of text otherwise. */
export function timestampColumn(column: string, types: ColumnTypes, d: Dialect): string {
  const col = d.ident(column);
  return d.isTextType(types.get(column) ?? '') ? d.tryTemporal(col, 'TIMESTAMP') : col;
}

/**
 * Why a latency/retention SLA cannot be judged on this column, if it cannot: only dates, timestamps and text that
 * parses as one hold a point in time. (An integer column would make DuckDB refuse the whole fused scan.)
 */
export function notATimeColumn(column: string, types: ColumnTypes, d: Dialect): string | undefined {
  const t = types.get(column) ?? '';
  // Engine type names vary (PostgreSQL `timestamp without time zone`, MySQL `datetime(6)`, SQL Server `datetime2`).
  const family = familyOf(t);
  if (d.isTextType(t) || family === 'date' || family === 'timestamp' || /^(DATE|TIMESTAMP|DATETIME)/i.test(t)) return undefined;
  return `${column} is ${t || 'of an unknown type'}, not a date or timestamp: a time-based SLA needs one`;
}

export function retentionCondition(rule: Rule, types: ColumnTypes, now: Date, d: Dialect): Condition {
  const p = rule.params;
  const cutoff = shiftBack(now, p.amount ?? NaN, p.timeUnit ?? 'd');
  if (!cutoff) return { skip: `retention ${p.amount} ${p.timeUnit}: not a duration Contract Lens understands` };
  const notTime = notATimeColumn(p.column ?? '', types, d);
  if (notTime) return { skip: notTime };
  const v = timestampColumn(p.column ?? '', types, d);
  return { sql: `${v} IS NOT NULL AND ${d.cast(v, 'TIMESTAMP')} < ${d.timestampLiteral(isoNoZone(cutoff))}` };
}

/** logicalTypeOptions keys the cell predicates leave out. */
export function extraOptionCondition(key: string, value: unknown, logicalType: string | undefined, column: string, types: ColumnTypes, d: Dialect): Condition {
  const col = d.ident(column);
  const notNull = `${col} IS NOT NULL`;
  const dbType = types.get(column) ?? '';
  switch (key) {
    case 'minItems':
    case 'maxItems':
      if (typeof value !== 'number') return { skip: `${key} is not a number` };
      if (!d.list || !d.isListType(dbType)) return { skip: `the column is ${dbType || 'unknown'}, not a list` };
      return { sql: `${notNull} AND ${d.list.length(col)} ${key === 'minItems' ? '<' : '>'} ${value}` };
    case 'uniqueItems':
      if (value !== true) return { skip: 'uniqueItems is not true' };
      if (!d.list || !d.isListType(dbType)) return { skip: `the column is ${dbType || 'unknown'}, not a list` };
      return { sql: `${notNull} AND ${d.list.distinctCount(col)} <> ${d.list.nonNullCount(col)}` };
    case 'format': {
      if (typeof value !== 'string') return { skip: 'format is not a string' };
      if (logicalType === 'integer' && INT_FORMATS[value]) {
        const [lo, hi] = INT_FORMATS[value];
        const v = d.tryHugeInt(d.asText(col));
        return { sql: `${v} IS NOT NULL AND (${v} < ${lo} OR ${v} > ${hi})` };
      }
      if (logicalType === 'date' || logicalType === 'timestamp' || logicalType === 'time') return { skip: `the column is typed ${dbType}: its values carry no text format` };
      return { skip: `format "${value}" is descriptive only` };
    }
    case 'timezone':
      if (logicalType === 'timestamp') return { skip: `checked by the type rule: the column's type says whether it holds a time zone` };
      return { skip: `logicalTypeOptions.timezone of a ${logicalType ?? 'property'} is not checked against data` };
    default:
      return { skip: `logicalTypeOptions.${key} is not checked against data` };
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000, d: 86_400_000, day: 86_400_000, days: 86_400_000, w: 604_800_000, week: 604_800_000, weeks: 604_800_000 };
const YEARS = new Set(['y', 'yr', 'yrs', 'year', 'years']);
const MONTHS = new Set(['mo', 'month', 'months']);

/** `now` minus an SLA duration (calendar years and months; fixed lengths for the rest). */
export function shiftBack(now: Date, amount: number, unit: string): Date | undefined {
  if (!Number.isFinite(amount) || amount < 0) return undefined;
  const u = unit.toLowerCase();
  const d = new Date(now.getTime());
  if (YEARS.has(u)) return d.setUTCFullYear(d.getUTCFullYear() - amount), d;
  if (MONTHS.has(u)) return d.setUTCMonth(d.getUTCMonth() - amount), d;
  const ms = UNIT_MS[u];
  return ms ? new Date(now.getTime() - amount * ms) : undefined;
}

/** Duration of an SLA unit in ms (years: 365.25 days), for reporting an age in the contract's unit. */
export function unitMs(unit: string): number | undefined {
  const u = unit.toLowerCase();
  if (YEARS.has(u)) return 365.25 * 86_400_000;
  if (MONTHS.has(u)) return 30.44 * 86_400_000;
  return UNIT_MS[u];
}

export function isoNoZone(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
