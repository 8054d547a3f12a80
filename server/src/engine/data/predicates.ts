/**
 * Per-cell contract rules as SQL: for one property and the SQL expression of its column, a boolean expression per
 * constraint that is TRUE exactly when a cell breaks it. Shared by the preview (marks cells) and the checks (count
 * failing rows in one fused aggregate). Nulls break only `required`: every other predicate is FALSE on NULL, so
 * a conditional count of the violations counts real failures. Predicates never fail at run time on bad data (the
 * dialect's safe casts); constraints that cannot be expressed (a regex the engine cannot run, a non-numeric bound) are
 * returned in `skipped` with the reason instead. The SQL is spelled by a Dialect (engine/data/dialects/).
 */
import { getNode, getPair, scalarValue, type YMap, type YNode } from '../syntax/ast.js';
import type { Property } from '../model/types.js';
import type { ColumnInfo } from './session.js';
import { parseTemporalBound, readableFormat } from '../model/temporal.js';
import { familyOf, isZonedTimestamp, logicalAccepts, normalizeLogicalType } from './typeCompat.js';
import type { Dialect } from './dialects/dialect.js';
import { duckdbDialect } from './dialects/duckdb.js';

export type CellRuleKind =
  | 'required'
  | 'type'
  | 'format'
  | 'pattern'
  | 'enum'
  | 'minLength'
  | 'maxLength'
  | 'minimum'
  | 'maximum'
  | 'exclusiveMinimum'
  | 'exclusiveMaximum'
  | 'multipleOf';

export interface CellRule {
  rule: CellRuleKind;
  /** Says what a failing cell breaks, e.g. `does not match pattern ^[A-Z]{2}$`. */
  message: string;
  /** SQL boolean: TRUE when the cell breaks the rule (FALSE or NULL otherwise). */
  violation: string;
  /** The contract node declaring the constraint (the `pattern:` value…), for findings and editor links. */
  node?: YNode;
}

export interface SkippedRule {
  rule: CellRuleKind;
  reason: string;
  node?: YNode;
}

export interface PredicateOptions {
  /** Engine type of the column (catalog), when known: a type that already guarantees the logicalType needs no cast check. */
  columnType?: string;
  /** The engine's SQL spelling (default DuckDB). */
  dialect?: Dialect;
  /** Include `required` for primaryKey properties too (ODCS: a primary key is never null). Default true. */
  primaryKeyRequired?: boolean;
}

/** The column of a property in SQL: its physicalName or name, quoted. */
export function columnName(prop: Property): string | undefined {
  return prop.physicalName?.value ?? prop.name?.value;
}

/** Finds a data column for a property: its physicalName or name, exactly, else ignoring case (DuckDB does). */
export function matchColumn(prop: Property, columns: ColumnInfo[]): ColumnInfo | undefined {
  const name = columnName(prop);
  if (!name) return undefined;
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

export function propertyPredicates(prop: Property, column: string, options: PredicateOptions = {}): { rules: CellRule[]; skipped: SkippedRule[] } {
  const rules: CellRule[] = [];
  const skipped: SkippedRule[] = [];
  const d = options.dialect ?? duckdbDialect;
  const sqlString = d.string;
  const c = `(${column})`;
  const text = d.asText(c);
  const logical = prop.logicalType?.value ? normalizeLogicalType(String(prop.logicalType.value)) : undefined;
  const opt = (k: string) => prop.options.get(k);
  const fmt = opt('format');
  const dateFormat = typeof fmt?.value === 'string' && (logical === 'date' || logical === 'timestamp' || logical === 'time') ? toStrptime(fmt.value) : undefined;

  const isRequired = prop.required?.value === true || ((options.primaryKeyRequired ?? true) && prop.primaryKey?.value === true);
  if (isRequired) {
    rules.push({ rule: 'required', message: prop.required?.value === true ? 'is null but the property is required' : 'is null but the property is part of the primary key', violation: `${c} IS NULL`, node: (prop.required ?? prop.primaryKey)?.node });
  }

  // The value as the logical type says it should be read; NULL when it cannot be (then the `type` rule fires).
  let typed: string | undefined;
  const alreadyTyped = options.columnType !== undefined && logical !== undefined && logicalAccepts(logical, options.columnType) === true;
  switch (logical) {
    case 'integer':
      typed = alreadyTyped ? c : d.tryNumber(text);
      if (!alreadyTyped) rules.push({ rule: 'type', message: 'is not an integer', violation: `${c} IS NOT NULL AND (${typed} IS NULL OR ${typed} <> floor(${typed}))`, node: prop.logicalType?.node });
      break;
    case 'number':
      typed = alreadyTyped ? c : d.tryNumber(text);
      if (!alreadyTyped) rules.push({ rule: 'type', message: 'is not a number', violation: `${c} IS NOT NULL AND ${typed} IS NULL`, node: prop.logicalType?.node });
      break;
    case 'boolean':
      if (!alreadyTyped) rules.push({ rule: 'type', message: 'is not a boolean', violation: `${c} IS NOT NULL AND ${d.tryBoolean(text)} IS NULL`, node: prop.logicalType?.node });
      break;
    case 'date':
    case 'timestamp':
    case 'time': {
      const sqlType = logical === 'date' ? 'DATE' : logical === 'time' ? 'TIME' : 'TIMESTAMP';
      if (dateFormat) {
        const parsed = d.tryParseTimestamp(text, dateFormat);
        const isText = options.columnType === undefined || familyOf(options.columnType) === 'string';
        if (!isText) typed = d.convertTemporal(c, sqlType);
        else if (!parsed) skipped.push({ rule: 'format', reason: `the date format ${String(fmt!.value)} cannot be read by ${d.name}`, node: fmt!.node });
        else {
          typed = logical === 'date' ? d.cast(parsed, 'DATE') : parsed;
          rules.push({ rule: 'format', message: `does not match the date format ${String(fmt!.value)}`, violation: `${c} IS NOT NULL AND ${parsed} IS NULL`, node: fmt!.node });
        }
      } else {
        typed = alreadyTyped ? c : d.tryTemporal(text, sqlType);
        if (!alreadyTyped) rules.push({ rule: 'type', message: `is not a ${logical}`, violation: `${c} IS NOT NULL AND ${typed} IS NULL`, node: prop.logicalType?.node });
      }
      break;
    }
    default:
      break;
  }
  if (typeof fmt?.value === 'string' && !dateFormat) {
    const re = STRING_FORMATS[fmt.value.toLowerCase()];
    if (re) rules.push({ rule: 'format', message: `is not a valid ${fmt.value}`, violation: `${c} IS NOT NULL AND NOT ${d.regexFullMatch(text, re)}`, node: fmt.node });
  }

  const pattern = opt('pattern');
  if (pattern !== undefined) {
    const why = re2Problem(pattern.value, d);
    if (why) skipped.push({ rule: 'pattern', reason: why, node: pattern.node });
    else rules.push({ rule: 'pattern', message: `does not match pattern ${String(pattern.value)}`, violation: `${c} IS NOT NULL AND NOT ${d.regexMatches(text, String(pattern.value))}`, node: pattern.node });
  }

  if (prop.enumValues && prop.enumValues.length) {
    const values = prop.enumValues.map((v) => enumItemValue(v.value)).filter((v): v is string | number | boolean => v !== null && v !== undefined && typeof v !== 'object');
    if (values.length) {
      rules.push({ rule: 'enum', message: `is not one of ${values.map((v) => String(v)).join(', ')}`, violation: `${c} IS NOT NULL AND ${text} NOT IN (${values.map((v) => sqlString(String(v))).join(', ')})`, node: getPair(prop.node, 'enum')?.key ?? prop.enumValues[0].node });
    }
  }

  for (const [key, op, word] of [['minLength', '<', 'shorter than'], ['maxLength', '>', 'longer than']] as const) {
    const o = opt(key);
    if (o === undefined) continue;
    const n = Number(o.value);
    if (!Number.isInteger(n) || n < 0) skipped.push({ rule: key, reason: `${key} ${String(o.value)} is not a non-negative integer`, node: o.node });
    else rules.push({ rule: key, message: `is ${word} ${n} characters`, violation: `${c} IS NOT NULL AND ${d.length(text)} ${op} ${n}`, node: o.node });
  }

  // ODCS v3.0 (JSON-schema draft 4) wrote an exclusive bound as a flag beside it: `maximum: 10` + `exclusiveMaximum: true`.
  const exclusiveFlag = (k: string) => opt(k)?.value === true;
  const bounds = [
    ['minimum', exclusiveFlag('exclusiveMinimum') ? '<=' : '<', exclusiveFlag('exclusiveMinimum') ? 'not greater than' : 'less than'],
    ['maximum', exclusiveFlag('exclusiveMaximum') ? '>=' : '>', exclusiveFlag('exclusiveMaximum') ? 'not less than' : 'greater than'],
    ['exclusiveMinimum', '<=', 'not greater than'],
    ['exclusiveMaximum', '>=', 'not less than'],
  ] as const;
  for (const [key, op, word] of bounds) {
    const o = opt(key);
    if (o === undefined) continue;
    if (typeof o.value === 'boolean') {
      const of = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') skipped.push({ rule: key, reason: `${key}: ${o.value} is the v3.0 flag form: ${o.value ? `the ${of} rule compares exclusively` : 'nothing to compare'}`, node: o.node });
      continue;
    }
    const declaredFormat = typeof fmt?.value === 'string' ? fmt.value : undefined;
    const bound = boundSql(o.value, logical, typed, text, c, options.columnType, d, declaredFormat);
    if (!bound) {
      const temporal = logical === 'date' || logical === 'timestamp' || logical === 'time';
      const inFormat = temporal && declaredFormat !== undefined ? (readableFormat(logical, declaredFormat) ? ` nor in the declared format ${declaredFormat}` : ` (the declared format ${declaredFormat} is not one bounds are read in: yyyy, MM, dd, HH, mm, ss and literal separators)`) : '';
      skipped.push({ rule: key, reason: `${key} ${String(o.value)} is not ${temporal ? `an ISO 8601 ${logical === 'time' ? 'time without a zone' : 'date or date-time'}${inFormat}` : 'a number'}`, node: o.node });
      continue;
    }
    rules.push({ rule: key, message: `is ${word} ${String(o.value)}`, violation: `${c} IS NOT NULL AND ${bound.value} ${op} ${bound.literal}`, node: o.node });
  }

  const mult = opt('multipleOf');
  if (mult !== undefined) {
    const m = Number(mult.value);
    if (!Number.isFinite(m) || m <= 0) skipped.push({ rule: 'multipleOf', reason: `multipleOf ${String(mult.value)} is not a positive number`, node: mult.node });
    else {
      const v = d.tryNumber(text);
      rules.push({ rule: 'multipleOf', message: `is not a multiple of ${m}`, violation: `${c} IS NOT NULL AND abs(${v} / ${m} - round(${v} / ${m})) > 1e-9`, node: mult.node });
    }
  }
  return { rules, skipped };
}

/** ODCS v3.2 enum items are `{ value, label, description }` mappings; DCS enums are plain scalars. */
function enumItemValue(item: unknown): unknown {
  if (item && typeof item === 'object' && (item as YNode).kind === 'map') return scalarValue(getNode(item as YMap, 'value'));
  return item;
}

/**
 * The compared value and the literal of a bound: numbers for numeric columns; for temporal ones, the bound as
 * engine/model/temporal.ts reads it (ISO 8601, or the declared `format` when it is a common one; an offset applied: a
 * bound without one is UTC). A time-zone-aware
 * column is compared as an instant (whatever the session's zone); any other as the UTC wall clock, which is how a
 * TIMESTAMP without time zone is read (docs/rules/CL203-type-mismatch.md).
 */
function boundSql(raw: unknown, logical: string | undefined, typed: string | undefined, text: string, column: string, columnType: string | undefined, d: Dialect, format?: string): { value: string; literal: string } | undefined {
  const temporal = logical === 'date' || logical === 'timestamp' || logical === 'time';
  const numericValue = logical === 'integer' || logical === 'number' ? typed! : d.tryNumber(text);
  const value = raw instanceof Date ? raw.toISOString() : raw;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!temporal && Number.isFinite(n)) return { value: numericValue, literal: String(n) };
  if (typeof value !== 'string' || !temporal || !typed) return undefined;
  const b = parseTemporalBound(logical, value, format);
  if (!b) return undefined;
  if (b.shape === 'time') return b.zoned ? undefined : { value: d.cast(typed, 'TIME'), literal: d.cast(d.string(b.utc), 'TIME') };
  if (logical === 'date' && b.shape === 'date') return { value: d.cast(typed, 'DATE'), literal: d.dateLiteral(b.utc) };
  const utc = b.shape === 'date' ? `${b.utc} 00:00:00` : b.utc;
  if (logical === 'timestamp' && columnType !== undefined && isZonedTimestamp(columnType)) return { value: column, literal: d.instantLiteral(utc) };
  return { value: d.cast(typed, 'TIMESTAMP'), literal: d.timestampLiteral(utc) };
}

/** Named string formats (ODCS `logicalTypeOptions.format` for strings) as RE2 patterns matched in full. */
const STRING_FORMATS: Record<string, string> = {
  email: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+',
  uuid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
  uri: '[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*',
  url: '[A-Za-z][A-Za-z0-9+.-]*://[^\\s]+',
  ipv4: '((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)',
};

/**
 * A date format as written in contracts (Java/ISO style `yyyy-MM-dd'T'HH:mm:ss`, or strftime `%Y-%m-%d`) as a
 * DuckDB strptime format. Undefined when the value is not a date format (e.g. `email` on a string).
 */
export function toStrptime(format: string): string | undefined {
  if (format.includes('%')) return format;
  if (!/[yMdHhms]/.test(format)) return undefined;
  let out = '';
  for (let i = 0; i < format.length; ) {
    const rest = format.slice(i);
    const tok = /^(yyyy|yy|MM|dd|HH|hh|mm|ss|SSSSSS|SSS|XXX|Z|a|'[^']*'|.)/.exec(rest)![0];
    const map: Record<string, string> = { yyyy: '%Y', yy: '%y', MM: '%m', dd: '%d', HH: '%H', hh: '%I', mm: '%M', ss: '%S', SSSSSS: '%f', SSS: '%g', XXX: '%z', Z: '%z', a: '%p' };
    out += map[tok] ?? (tok.startsWith("'") ? tok.slice(1, -1) : tok === '%' ? '%%' : tok);
    i += tok.length;
  }
  return out;
}

/** Why the engine's regex (DuckDB: RE2) cannot run a pattern, or undefined when it can. */
export function re2Problem(pattern: unknown, dialect: Dialect = duckdbDialect): string | undefined {
  if (typeof pattern !== 'string') return 'the pattern is not a string';
  const why = dialect.regexProblem(pattern);
  if (why) return why;
  try {
    new RegExp(pattern);
  } catch {
    return 'the pattern is not a valid regular expression';
  }
  return undefined;
}
