/**
 * The clean plan of one schema object, as plain data: per contract column where it is read from, the type it is
 * written as, and each standardising step (canonical values, date formats, fill); the row rules a written row must
 * pass (the very conditions `check` counts, from checks/compile.ts); the keys to deduplicate or keep unique; the
 * relationships to verify after cleaning; and what is not enforced, with why. Nothing here touches DuckDB.
 */
import type { Contract, Property, SchemaObject } from '../../model/types.js';
import { toStrptime } from '../predicates.js';
import type { ColumnInfo } from '../session.js';
import { familyOf, normalizeLogicalType, normalizePhysicalType } from '../typeCompat.js';
import { compileTable } from '../checks/compile.js';
import { columnOf, type Rule } from '../checks/plan.js';
import type { CleanOptions } from './types.js';

export interface DateAttempt {
  /** As the report names it: the declared/given format, or `ISO 8601`. */
  label: string;
  /** strptime format; undefined = DuckDB's ISO 8601 cast. */
  strptime?: string;
}

export interface ColumnPlan {
  index: number;
  property: string;
  /** Output column name: the contract's physicalName, else its name (what `check` reads). */
  column: string;
  source?: string;
  sourceType?: string;
  /** DuckDB type written. */
  outputType: string;
  logical?: string;
  /** Values (enum / validValues) a value equal up to case and surrounding whitespace is rewritten to. */
  canonical?: string[];
  /** Date/time text: the formats tried, in order. */
  dateAttempts?: DateAttempt[];
  /** Date/time written as text: the strftime format (the declared one, else ISO 8601). */
  writeFormat?: string;
  fill?: string;
  sensitive: boolean;
  /** Rule id a value that cannot be converted breaks (the `format` rule when a format is declared, else `type`). */
  castRule: string;
  decisions: string[];
}

export interface KeyPlan {
  columns: string[];
  ruleIds: string[];
}

export interface SchemaPlan {
  contractUri: string;
  schema: string;
  columns: ColumnPlan[];
  extras: { name: string; type: string; keep: boolean }[];
  /** Row rules: id → SQL condition over the OUTPUT columns, TRUE when the row breaks it. */
  rowRules: { id: string; name: string; condition: string; column?: string }[];
  primaryKey?: KeyPlan & { keepLatest?: string };
  uniqueKeys: KeyPlan[];
  relationships: Rule[];
  notEnforced: { rule: string; why: string }[];
  warnings: string[];
  /** Rule names by id, for the report. */
  ruleNames: Map<string, string>;
}

export interface PlanInput {
  contract: Contract;
  schema: SchemaObject;
  /** The check plan's rules of this schema object. */
  rules: Rule[];
  sourceColumns: ColumnInfo[];
  options: Pick<CleanOptions, 'fills' | 'dateFormats' | 'keepLatest' | 'dropExtraColumns'>;
  /** Whether DuckDB knows a type name (physicalType values are checked before planning). */
  typeOk: (type: string) => boolean;
  /** Whether a property is classified sensitive (PII): its values never appear in examples. */
  isSensitive: (p: Property) => boolean;
  now: Date;
}

const LOGICAL_DEFAULT: Record<string, string> = { integer: 'BIGINT', number: 'DOUBLE', string: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP', time: 'TIME', bytes: 'BLOB' };
/** Formats tried for date/time text when the contract declares none: unambiguous ones only (no 01/02/2024). */
const UNDECLARED_ATTEMPTS: DateAttempt[] = [{ label: 'ISO 8601' }, { label: 'yyyy/MM/dd', strptime: '%Y/%m/%d' }, { label: 'dd.MM.yyyy', strptime: '%d.%m.%Y' }];
/** Aggregate rules: a single row cannot break them, so clean reports them instead of quarantining rows. */
const AGGREGATE_METRICS = new Set(['rowCount', 'nullValues', 'missingValues']);

export function planSchema(input: PlanInput): SchemaPlan {
  const { schema, rules, sourceColumns, options } = input;
  const sName = schema.name!.value;
  const warnings: string[] = [];
  const props = schema.properties.filter((p) => p.name?.value);
  const byExact = new Map(sourceColumns.map((c) => [c.name, c]));
  const used = new Set<string>();
  const ruleId = (p: string, kind: string) => rules.find((r) => r.property === p && (r.kind === kind || (r.kind === 'option' && r.params.option === kind)))?.id;

  const columns: ColumnPlan[] = props.map((p, index) => {
    const column = columnOf(p);
    const decisions: string[] = [];
    let src = byExact.get(column);
    if (!src) {
      const ci = sourceColumns.filter((c) => c.name.toLowerCase() === column.toLowerCase() && !used.has(c.name));
      if (ci.length === 1) {
        src = ci[0];
        decisions.push(`read from source column "${src.name}" (same name up to case)`);
      }
    }
    if (src) used.add(src.name);
    const logical = p.logicalType?.value ? normalizeLogicalType(String(p.logicalType.value)) : undefined;
    const outputType = chooseType(p, logical, src?.type, input.typeOk, decisions);
    const plan: ColumnPlan = {
      index,
      property: p.name!.value,
      column,
      source: src?.name,
      sourceType: src?.type,
      outputType,
      logical,
      sensitive: input.isSensitive(p),
      castRule: ruleId(p.name!.value, 'format') ?? ruleId(p.name!.value, 'type') ?? `${sName}.${p.name!.value}.type`,
      decisions,
    };
    const fill = options.fills?.find((f) => (f.schema === undefined || f.schema === sName) && (f.column === p.name!.value || f.column === column));
    if (fill) {
      plan.fill = fill.value;
      decisions.push(`nulls filled with ${JSON.stringify(fill.value)} (--fill)`);
    }
    if (!src) {
      warnings.push(`column ${column} is not in the source: written as ${fill ? `the --fill value ${JSON.stringify(fill.value)}` : 'NULL'}`);
      decisions.push(`missing from the source: written as ${fill ? 'the fill value' : 'NULL'}`);
      return plan;
    }
    const srcFamily = familyOf(src.type);
    const canonical = canonicalValues(p, rules);
    if (canonical && srcFamily === 'string') {
      plan.canonical = canonical;
      decisions.push(`values equal to one of ${canonical.length} declared values up to case/surrounding spaces are rewritten to it`);
    }
    if ((logical === 'date' || logical === 'timestamp' || logical === 'time') && srcFamily === 'string') {
      const declared = p.options.get('format')?.value;
      const fmt = typeof declared === 'string' ? toStrptime(declared) : undefined;
      const extra = (options.dateFormats ?? []).filter((d) => (d.schema === undefined || d.schema === sName) && (d.column === p.name!.value || d.column === column));
      const attempts: DateAttempt[] = fmt ? [{ label: String(declared), strptime: fmt }] : [...UNDECLARED_ATTEMPTS];
      for (const d of extra) attempts.push({ label: `${d.format} (--date-format)`, strptime: toStrptime(d.format) ?? d.format });
      plan.dateAttempts = attempts;
      decisions.push(`${logical} text parsed with ${attempts.map((a) => a.label).join(', then ')}${fmt ? '' : ' (no format declared)'}`);
      if (familyOf(outputType) === 'string') {
        plan.writeFormat = fmt ?? (logical === 'date' ? '%Y-%m-%d' : logical === 'time' ? '%H:%M:%S' : '%Y-%m-%dT%H:%M:%S');
        decisions.push(`written as text in ${fmt ? `the declared format ${String(declared)}` : 'ISO 8601'}`);
      }
      if (logical === 'timestamp') decisions.push('values with a UTC offset are converted to UTC; values without one are read as UTC');
    }
    return plan;
  });

  const extras = sourceColumns.filter((c) => !used.has(c.name)).map((c) => ({ name: c.name, type: c.type, keep: !options.dropExtraColumns }));
  const outNames = new Set(columns.map((c) => c.column));
  for (const x of extras) {
    if (x.keep && outNames.has(x.name)) x.keep = false; // would collide with a contract column of the same name
    if (x.keep) warnings.push(`source column ${x.name} is not in the contract: kept after the contract's columns (--drop-extra-columns drops it)`);
  }

  const types = new Map(columns.map((c) => [c.column, c.outputType.toUpperCase()]));
  const compiled = compileTable(rules, { relation: '"stage"', types, now: input.now, relationOf: () => undefined, inferredTypes: false });
  const rowRules: SchemaPlan['rowRules'] = [];
  const notEnforced: SchemaPlan['notEnforced'] = [];
  const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
  for (const r of rules) {
    const cond = compiled.conditions.get(r.id);
    if (r.kind === 'metric' && AGGREGATE_METRICS.has(r.params.metric ?? '')) notEnforced.push({ rule: r.id, why: `${r.params.metric} is judged over the whole table: run check on the output` });
    else if (r.kind === 'sql') notEnforced.push({ rule: r.id, why: 'a SQL rule is judged by check (it may span tables)' });
    else if (r.kind === 'latency') notEnforced.push({ rule: r.id, why: 'freshness is a property of the whole table' });
    else if (r.kind === 'relationship') continue; // verified after cleaning (references.ts)
    else if (compiled.skipped.has(r.id)) notEnforced.push({ rule: r.id, why: compiled.skipped.get(r.id)! });
    else if (cond) rowRules.push({ id: r.id, name: r.name, condition: cond, column: r.params.column });
  }
  // A required column the source lacks: every row breaks `presence` (and `required`).
  for (const c of columns) {
    const p = props[c.index];
    if (!c.source && c.fill === undefined && (p.required?.value || p.primaryKey?.value)) {
      const id = ruleId(c.property, 'presence');
      if (id) rowRules.push({ id, name: ruleNames.get(id) ?? id, condition: 'true', column: c.column });
    }
  }

  const keys = new Map<string, KeyPlan>();
  let pkCols: string[] | undefined;
  for (const r of rules) {
    const isKey = r.kind === 'unique' || r.kind === 'primaryKey' || (r.kind === 'metric' && r.params.metric === 'duplicateValues');
    if (!isKey || !r.params.columns?.length) continue;
    const cols = r.params.columns.map((c) => columns.find((x) => x.column === c || x.property === c)?.column ?? c);
    if (cols.some((c) => !outNames.has(c))) {
      notEnforced.push({ rule: r.id, why: `key column ${cols.find((c) => !outNames.has(c))} is not a column of the contract` });
      continue;
    }
    const k = cols.join('\u0000');
    const plan = keys.get(k) ?? { columns: cols, ruleIds: [] };
    plan.ruleIds.push(r.id);
    keys.set(k, plan);
    if (r.kind === 'primaryKey') pkCols = cols;
  }
  let primaryKey: SchemaPlan['primaryKey'];
  if (pkCols) {
    primaryKey = { ...keys.get(pkCols.join('\u0000'))! };
    keys.delete(pkCols.join('\u0000'));
    if (options.keepLatest) {
      const kl = columns.find((c) => c.column === options.keepLatest || c.property === options.keepLatest);
      if (kl) primaryKey.keepLatest = kl.column;
      else warnings.push(`--keep-latest ${options.keepLatest}: no such column in ${sName}; duplicates keep the first row`);
    }
  }
  return {
    contractUri: input.contract.uri,
    schema: sName,
    columns,
    extras,
    rowRules,
    primaryKey,
    uniqueKeys: [...keys.values()],
    relationships: rules.filter((r) => r.kind === 'relationship'),
    notEnforced,
    warnings,
    ruleNames,
  };
}

/**
 * The type a column is written as: the contract's physicalType when DuckDB knows it (as written, else its usual
 * DuckDB name), else the logical type's DuckDB type (a timestamp declared `timezone: true` is TIMESTAMPTZ), else the
 * source's own type.
 */
function chooseType(p: Property, logical: string | undefined, sourceType: string | undefined, typeOk: (t: string) => boolean, decisions: string[]): string {
  const physical = p.physicalType?.value ? String(p.physicalType.value).trim() : undefined;
  if (physical) {
    if (typeOk(physical)) return physical.toUpperCase();
    const base = normalizePhysicalType(physical);
    if (familyOf(base) !== 'other' && typeOk(base)) {
      decisions.push(`physicalType ${physical} written as DuckDB ${base}`);
      return base;
    }
    decisions.push(`physicalType ${physical} is not a DuckDB type: written as the logical type's type`);
  }
  if (logical === 'timestamp' && p.options.get('timezone')?.value === true) return 'TIMESTAMPTZ';
  if (logical && LOGICAL_DEFAULT[logical]) return LOGICAL_DEFAULT[logical];
  return sourceType ?? 'VARCHAR';
}

/** The declared values of a property (enum, or the validValues of an invalidValues rule), when all are text. */
function canonicalValues(p: Property, rules: Rule[]): string[] | undefined {
  const name = p.name!.value;
  const lists: unknown[][] = [];
  for (const r of rules) {
    if (r.property !== name) continue;
    if (r.kind === 'enum' && r.params.values) lists.push(r.params.values);
    if (r.kind === 'metric' && r.params.metric === 'invalidValues' && Array.isArray(r.params.arguments?.validValues)) lists.push(r.params.arguments!.validValues as unknown[]);
  }
  if (!lists.length) return undefined;
  // Several lists: only values every list allows (a value rewritten to one list's spelling must pass the others).
  const [first, ...rest] = lists.map((l) => l.filter((v) => v !== null && v !== undefined).map(String));
  const values = first.filter((v) => rest.every((l) => l.includes(v)));
  return values.length ? values : undefined;
}
