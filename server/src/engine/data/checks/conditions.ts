/**
 * Row conditions: for a rule that judges single rows, the SQL boolean that is TRUE for a FAILING row. The compiler
 * counts them in one aggregate query, the runner reuses them to fetch samples and write failing rows.
 *
 * Nulls: only `required` (and the nullValues / missingValues metrics) count a NULL. Every other condition starts with
 * `col IS NOT NULL AND …`, so a pattern, range, enum or invalidValues rule never fails a null.
 */
import { sqlIdent, sqlString } from '../sandbox.js';
import type { Rule } from './plan.js';

/** What the compiler knows of the data: DuckDB type per column (upper case), from DESCRIBE. */
export type ColumnTypes = Map<string, string>;

export const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;

const STRING_FORMATS: Record<string, string> = {
  email: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  uri: '^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$',
  hostname: '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$',
  ipv4: '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$',
  ipv6: '^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$',
};

const INT_FORMATS: Record<string, [string, string]> = {
  i8: ['-128', '127'], i16: ['-32768', '32767'], i32: ['-2147483648', '2147483647'], i64: ['-9223372036854775808', '9223372036854775807'],
  u8: ['0', '255'], u16: ['0', '65535'], u32: ['0', '4294967295'], u64: ['0', '18446744073709551615'],
};

/** The DuckDB type a logical type is compared as. */
function castTarget(logicalType: string | undefined): string | undefined {
  switch (logicalType) {
    case 'integer': return 'HUGEINT';
    case 'number': return 'DOUBLE';
    case 'date': return 'DATE';
    case 'timestamp': return 'TIMESTAMP';
    case 'time': return 'TIME';
    case 'boolean': return 'BOOLEAN';
    default: return undefined;
  }
}

/** The column as a value of its logical type: itself when DuckDB already has it typed, a TRY_CAST of text otherwise. */
export function typedColumn(column: string, logicalType: string | undefined, types: ColumnTypes): string {
  const col = sqlIdent(column);
  const t = types.get(column) ?? '';
  const target = castTarget(logicalType);
  if (!target || t !== 'VARCHAR') return col;
  return `TRY_CAST(${col} AS ${target})`;
}

function literal(value: unknown, logicalType: string | undefined): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  if (logicalType === 'date') return `DATE ${sqlString(value)}`;
  if (logicalType === 'timestamp') return `TIMESTAMP ${sqlString(value)}`;
  if (logicalType === 'time') return `TIME ${sqlString(value)}`;
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  return sqlString(value);
}

/** Java DateTimeFormatter pattern (`yyyy-MM-dd HH:mm:ss`) → strptime format; undefined when it holds other letters. */
export function strptimeFormat(javaPattern: string): string | undefined {
  const map: [RegExp, string][] = [[/yyyy|uuuu/g, '%Y'], [/yy/g, '%y'], [/MM/g, '%m'], [/dd/g, '%d'], [/HH/g, '%H'], [/mm/g, '%M'], [/ss/g, '%S'], [/SSSSSS/g, '%f'], [/SSS/g, '%g'], [/XXX|xxx|Z/g, '%z']];
  let out = javaPattern.replace(/'([^']*)'/g, '$1').replace(/%/g, '%%');
  for (const [re, to] of map) out = out.replace(re, to);
  return /[A-Za-z]/.test(out.replace(/%./g, '')) ? undefined : out;
}

export type Condition = { sql: string } | { skip: string };

/** The failing-row condition of a row-level rule (required, option, enum, type, retention), or why it cannot run. */
export function failingRowCondition(rule: Rule, types: ColumnTypes, now: Date): Condition | undefined {
  const p = rule.params;
  const column = p.column ?? '';
  const col = sqlIdent(column);
  const dbType = types.get(column) ?? '';
  const notNull = `${col} IS NOT NULL`;
  switch (rule.kind) {
    case 'required':
      return { sql: `${col} IS NULL` };
    case 'enum': {
      const values = (p.values ?? []).filter((v) => v !== null && v !== undefined).map((v) => sqlString(String(v)));
      return values.length ? { sql: `${notNull} AND CAST(${col} AS VARCHAR) NOT IN (${values.join(', ')})` } : { skip: 'enum lists no values' };
    }
    case 'type': {
      const target = castTarget(p.logicalType);
      if (!target || dbType !== 'VARCHAR') return undefined; // typed columns: judged from DESCRIBE, not per row
      // Text dates with a declared format are judged by the format rule (`dd/MM/yyyy` never casts as ISO).
      if (p.option === 'format' && (p.logicalType === 'date' || p.logicalType === 'timestamp' || p.logicalType === 'time')) return undefined;
      return { sql: `${notNull} AND TRY_CAST(${col} AS ${target}) IS NULL` };
    }
    case 'retention': {
      const cutoff = shiftBack(now, p.amount ?? NaN, p.timeUnit ?? 'd');
      if (!cutoff) return { skip: `retention ${p.amount} ${p.timeUnit}: not a duration Contract Lens understands` };
      const v = typedColumn(column, 'timestamp', types);
      return { sql: `${v} IS NOT NULL AND CAST(${v} AS TIMESTAMP) < TIMESTAMP ${sqlString(isoNoZone(cutoff))}` };
    }
    case 'option':
      return optionCondition(p.option ?? '', p.value, p.logicalType, column, types);
    default:
      return undefined;
  }
}

function optionCondition(key: string, value: unknown, logicalType: string | undefined, column: string, types: ColumnTypes): Condition | undefined {
  const col = sqlIdent(column);
  const notNull = `${col} IS NOT NULL`;
  const text = `CAST(${col} AS VARCHAR)`;
  const dbType = types.get(column) ?? '';
  const typed = typedColumn(column, logicalType, types);
  const typedNotNull = `${typed} IS NOT NULL`;
  switch (key) {
    case 'minLength':
    case 'maxLength':
      if (typeof value !== 'number') return { skip: `${key} is not a number` };
      return { sql: `${notNull} AND length(${text}) ${key === 'minLength' ? '<' : '>'} ${value}` };
    case 'pattern':
      if (typeof value !== 'string') return { skip: 'pattern is not a string' };
      return { sql: `${notNull} AND NOT regexp_matches(${text}, ${sqlString(value)})` };
    case 'format': {
      if (typeof value !== 'string') return { skip: 'format is not a string' };
      if (logicalType === 'date' || logicalType === 'timestamp' || logicalType === 'time') {
        if (dbType !== 'VARCHAR') return { skip: `the column is typed ${dbType}: values carry no text format` };
        const fmt = strptimeFormat(value);
        if (!fmt) return { skip: `date format "${value}" has letters Contract Lens does not translate` };
        return { sql: `${notNull} AND try_strptime(${col}, ${sqlString(fmt)}) IS NULL` };
      }
      if (logicalType === 'integer' && INT_FORMATS[value]) {
        const [lo, hi] = INT_FORMATS[value];
        return { sql: `${typedNotNull} AND (CAST(${typed} AS HUGEINT) < ${lo} OR CAST(${typed} AS HUGEINT) > ${hi})` };
      }
      const re = STRING_FORMATS[value.toLowerCase()];
      if (!re) return { skip: `format "${value}" is descriptive only` };
      return { sql: `${notNull} AND NOT regexp_matches(${text}, ${sqlString(re)})` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const lit = literal(value, logicalType);
      if (!lit) return { skip: `${key} is not a value Contract Lens can compare` };
      const op = { minimum: '<', maximum: '>', exclusiveMinimum: '<=', exclusiveMaximum: '>=' }[key];
      return { sql: `${typedNotNull} AND ${typed} ${op} ${lit}` };
    }
    case 'multipleOf': {
      if (typeof value !== 'number' || !(value > 0)) return { skip: 'multipleOf is not a positive number' };
      if (Number.isInteger(value) && (INTEGER_TYPES.test(dbType) || logicalType === 'integer')) return { sql: `${typedNotNull} AND CAST(${typed} AS HUGEINT) % ${value} <> 0` };
      // Floating point: 19.99 / 0.01 is 1998.9999999999998; allow a relative error far below any real step.
      return { sql: `${typedNotNull} AND abs(CAST(${typed} AS DOUBLE) / ${value} - round(CAST(${typed} AS DOUBLE) / ${value})) > 1e-6` };
    }
    case 'minItems':
    case 'maxItems':
      if (typeof value !== 'number') return { skip: `${key} is not a number` };
      if (!dbType.endsWith('[]')) return { skip: `the column is ${dbType || 'unknown'}, not a list` };
      return { sql: `${notNull} AND len(${col}) ${key === 'minItems' ? '<' : '>'} ${value}` };
    case 'uniqueItems':
      if (value !== true) return { skip: 'uniqueItems is not true' };
      if (!dbType.endsWith('[]')) return { skip: `the column is ${dbType || 'unknown'}, not a list` };
      return { sql: `${notNull} AND len(list_distinct(${col})) <> len(list_filter(${col}, x -> x IS NOT NULL))` };
    default:
      return { skip: `logicalTypeOptions.${key} is not checked against data` };
  }
}

/** Whether a DuckDB column type can hold a logical type (the documented drift table, in short). */
export function typeCompatible(logicalType: string, dbType: string): boolean {
  const t = dbType.toUpperCase();
  switch (logicalType) {
    case 'string': return true;
    case 'integer': return INTEGER_TYPES.test(t) || t === 'VARCHAR';
    case 'number': return NUMBER_TYPES.test(t) || t === 'VARCHAR';
    case 'boolean': return t === 'BOOLEAN' || t === 'VARCHAR';
    case 'date': return t === 'DATE' || t.startsWith('TIMESTAMP') || t === 'VARCHAR';
    case 'timestamp': return t.startsWith('TIMESTAMP') || t === 'DATE' || t === 'VARCHAR';
    case 'time': return t.startsWith('TIME') || t === 'VARCHAR';
    case 'object': return t.startsWith('STRUCT') || t.startsWith('MAP') || t === 'JSON';
    case 'array': return t.endsWith('[]') || t.startsWith('LIST');
    default: return true;
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
