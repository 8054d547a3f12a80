/**
 * The check compiler: pure functions from the rules of ONE schema object to SQL. Every single-table rule becomes one
 * column of one aggregate query, so a table is scanned once:
 *
 *   SELECT count(*) AS total, count(*) FILTER (WHERE "email" IS NULL) AS r1, max("order_ts") AS r2, … FROM "cl1_orders"
 *
 * The compiler decides which rules exist and what fails them; the engine's Dialect (engine/data/dialects/) spells
 * the SQL, so the same plan runs in DuckDB over files and pushed down into PostgreSQL.
 *
 * Uniqueness (unique, primaryKey, duplicateValues) adds one GROUP BY query per distinct key, a relationship one
 * anti-join, and a `sql` rule its own (untrusted) query. Each row-level rule also gets the SELECT of its failing rows,
 * used only for samples and `--failed-rows`.
 */
import type { Dialect } from '../dialects/dialect.js';
import { duckdbDialect } from '../dialects/duckdb.js';
import type { Property } from '../../model/types.js';
import { propertyPredicates, type CellRule, type SkippedRule } from '../predicates.js';
import { nestedType, propertyLabel, typeVerdict, type TypeVerdict } from '../typeVerdict.js';
import { extraOptionCondition, notATimeColumn, retentionCondition, timestampColumn, type ColumnTypes } from './conditions.js';
import type { Rule } from './plan.js';

/** The constraints engine/data/predicates.ts turns into cell predicates (shared with the preview). */
const CELL_RULES = new Set(['required', 'type', 'format', 'pattern', 'enum', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']);

export interface ScanSlot {
  ruleId: string;
  alias: string;
  /**
   * count: failing rows; value: a value the runner judges (newest timestamp); samples: JSON list of failing rows;
   * sampleKeys: the row keys (RowKey) of the first failing rows, fetched afterwards for the rules that failed.
   */
  what: 'count' | 'value' | 'samples' | 'sampleKeys';
  /** The aggregate expression (the runner re-runs slots alone to find the one that breaks a scan). */
  expr: string;
}

/** The alias under which the scan reads the relation: `cl_row` is also the whole row as a struct (samples). */
export const ROW_ALIAS = 'cl_row';

/**
 * One aggregate query computing every slot in one read of the relation. `bindOnly` reads no row (WHERE false is
 * folded away by the planner) but binds every expression: bad patterns and impossible casts fail there.
 */
export function fusedScanSql(relation: string, slots: readonly ScanSlot[], bindOnly = false): string {
  return `SELECT ${['count(*) AS total', ...slots.map((s) => `${s.expr} AS ${s.alias}`)].join(', ')} FROM ${relation} AS ${ROW_ALIAS}${bindOnly ? ' WHERE false' : ''}`;
}

/**
 * How the scan names a row cheaply (`rowid` of a table, `file_row_number` of a Parquet file), so that the scan
 * collects only the keys of each rule's first failing rows and one small query fetches those rows afterwards.
 */
export interface RowKey {
  /** The relation the scan reads (a table, or the reader call that exposes the key). */
  from: string;
  /** The key expression (an integer in file/insertion order). */
  key: string;
}

/**
 * The first `n` failing rows of a rule, collected by the same scan that counts them, bounded per rule: the row keys
 * (min_by with n) when the relation has a cheap key, else the whole rows as JSON (costlier: a struct per rule).
 */
export function sampleSlot(cond: string, n: number, rowKey: string | undefined): { expr: string; what: 'samples' | 'sampleKeys' } {
  if (rowKey) return { expr: `arg_min(${rowKey}, ${rowKey}, ${n}) FILTER (WHERE ${cond})`, what: 'sampleKeys' };
  return { expr: `to_json(arg_min(${ROW_ALIAS}, 0, ${n}) FILTER (WHERE ${cond}))`, what: 'samples' };
}

/** The rows with the given keys, each with its key as `cl_rowkey` (the runner hands them to their rules). */
export function rowsByKeySql(rowKey: RowKey, keys: readonly string[]): string {
  return `SELECT ${rowKey.key} AS cl_rowkey, * FROM ${rowKey.from} WHERE ${rowKey.key} IN (${keys.join(', ')})`;
}

export interface KeyQuery {
  columns: string[];
  /**
   * Returns `involved` (rows whose key occurs more than once), `excess` (rows beyond the first of each key) and, with
   * a row key, `keys`: the first row of each of the first duplicated keys (samples, fetched by key afterwards).
   */
  sql: string;
  ruleIds: string[];
}

export interface CompiledTable {
  relation: string;
  scan: { sql: string; slots: ScanSlot[] };
  keys: KeyQuery[];
  /** Relationship rule id → query returning `n`, the rows whose key has no match (and `keys` with a row key). */
  relationships: Map<string, string>;
  /** Row-level rule id → SELECT of its failing rows (samples, --failed-rows). */
  failing: Map<string, string>;
  /**
   * Row-level rule id → its SQL condition over the relation's columns, TRUE for a failing row (what `failing` selects
   * by). `clean` evaluates these very conditions per row, so a row it writes passes the same rules `check` runs.
   */
  conditions: Map<string, string>;
  /** Rules that cannot run, with the reason (reported as `skipped`). */
  skipped: Map<string, string>;
  /** Rules judged without SQL: presence, and type of a typed column. true = passed. */
  static: Map<string, { passed: boolean; observed?: string; message: string }>;
  /** Type rules whose column type is wrong (error) or differs in time zone (warning): applied after counting. */
  verdicts: Map<string, TypeVerdict>;
}

export interface CompileContext {
  /** The relation of the schema object as the engine names it (a quoted view, or "schema"."table"). */
  relation: string;
  /** The engine's SQL spelling (default DuckDB). */
  dialect?: Dialect;
  types: ColumnTypes;
  /** The engine's column types as its catalog prints them (case kept: struct field names), when they differ from `types`. */
  rawTypes?: ColumnTypes;
  now: Date;
  /** Relation of another schema object (relationship targets); undefined when its data is not available. */
  relationOf: (contractUri: string, schema: string) => string | undefined;
  /** Column types are DuckDB's guesses (csv, json): a `string` property accepts any of them. */
  inferredTypes?: boolean;
  /** Failing sample rows per row-level rule, collected in the fused scan (0 or undefined: none). */
  samples?: number;
  /** A cheap row key of the relation, when it has one: samples are then collected as keys by every query. */
  rowKey?: RowKey;
}

export function compileTable(rules: Rule[], ctx: CompileContext): CompiledTable {
  const { relation, types, now } = ctx;
  const d = ctx.dialect ?? duckdbDialect;
  const sqlIdent = d.ident;
  const sqlString = d.string;
  const out: CompiledTable = { relation, scan: { sql: '', slots: [] }, keys: [], relationships: new Map(), failing: new Map(), conditions: new Map(), skipped: new Map(), static: new Map(), verdicts: new Map() };
  const missingColumn = (cols: (string | undefined)[]) => cols.find((c) => c !== undefined && !types.has(c));
  let n = 0;
  const slot = (rule: Rule, expr: string, what: ScanSlot['what']) => {
    const alias = `r${++n}`;
    out.scan.slots.push({ ruleId: rule.id, alias, what, expr });
  };
  const countWhere = (rule: Rule, cond: string) => {
    slot(rule, d.countIf(cond), 'count');
    if (ctx.samples) {
      const sample = sampleSlot(cond, ctx.samples, ctx.rowKey?.key);
      slot(rule, sample.expr, sample.what);
    }
    out.failing.set(rule.id, `SELECT * FROM ${relation} AS f WHERE ${cond}`);
    out.conditions.set(rule.id, cond);
  };
  const keyQueries = new Map<string, KeyQuery>();
  // The cell predicates of each property, computed once (engine/data/predicates.ts, shared with the preview).
  const cellCache = new Map<Property, { rules: CellRule[]; skipped: SkippedRule[] }>();
  const cellRules = (prop: Property, column: string) => {
    let c = cellCache.get(prop);
    if (!c) {
      c = propertyPredicates(prop, sqlIdent(column), { columnType: types.get(column), primaryKeyRequired: false, dialect: d });
      cellCache.set(prop, c);
    }
    return c;
  };

  for (const rule of rules) {
    const p = rule.params;
    if (rule.kind === 'sql') continue; // run by the runner through queryUntrusted
    if (rule.kind === 'presence') {
      const present = types.has(p.column ?? '');
      out.static.set(rule.id, { passed: present, message: present ? `column ${p.column} is present` : `column ${p.column} is missing from the data (columns: ${[...types.keys()].join(', ')})` });
      continue;
    }
    const missing = missingColumn([p.column, ...(p.columns ?? [])]);
    if (missing !== undefined && !(rule.kind === 'metric' && p.metric === 'rowCount')) {
      out.skipped.set(rule.id, `column ${missing} is missing from the data`);
      continue;
    }
    switch (rule.kind) {
      case 'type':
        compileType(rule);
        break;
      case 'required':
      case 'enum':
      case 'option': {
        const key = rule.kind === 'option' ? p.option ?? '' : rule.kind;
        const cells = rule.model ? cellRules(rule.model, p.column!) : undefined;
        const cell = CELL_RULES.has(key) ? cells?.rules.find((r) => r.rule === key) : undefined;
        const skip = CELL_RULES.has(key) ? cells?.skipped.find((r) => r.rule === key) : undefined;
        if (cell) countWhere(rule, cell.violation);
        else if (skip) out.skipped.set(rule.id, skip.reason);
        else if (rule.kind === 'option') {
          const cond = extraOptionCondition(key, p.value, p.logicalType, p.column!, types, d);
          if ('sql' in cond) countWhere(rule, cond.sql);
          else out.skipped.set(rule.id, cond.skip);
        } else out.skipped.set(rule.id, rule.kind === 'enum' ? 'enum lists no values' : 'nothing to check');
        break;
      }
      case 'retention': {
        const cond = retentionCondition(rule, types, now, d);
        if ('skip' in cond) out.skipped.set(rule.id, cond.skip);
        else countWhere(rule, cond.sql);
        break;
      }
      case 'latency': {
        const notTime = notATimeColumn(p.column!, types, d);
        if (notTime) out.skipped.set(rule.id, notTime);
        else slot(rule, `max(${timestampColumn(p.column!, types, d)})`, 'value');
        break;
      }
      case 'unique':
      case 'primaryKey':
        addKey(rule, p.columns ?? []);
        break;
      case 'metric':
        compileMetric(rule);
        break;
      case 'relationship': {
        const t = p.target;
        const target = t && ctx.relationOf(t.contractUri, t.schema);
        if (!t) out.skipped.set(rule.id, 'the relationship target does not resolve to a property of a known contract');
        else if (!target) out.skipped.set(rule.id, `no data for the target ${t.schema}`);
        else {
          const from = p.columns ?? [];
          const notNull = from.map((c) => `s.${sqlIdent(c)} IS NOT NULL`).join(' AND ');
          const match = from.map((c, i) => `t.${sqlIdent(t.columns[i] ?? c)} = s.${sqlIdent(c)}`).join(' AND ');
          const where = `${notNull} AND NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE ${match})`;
          const rk = ctx.samples ? ctx.rowKey : undefined;
          out.relationships.set(rule.id, rk ? `SELECT count(*) AS n, arg_min(s.${rk.key}, s.${rk.key}, ${ctx.samples}) AS keys FROM ${rk.from} AS s WHERE ${where}` : `SELECT count(*) AS n FROM ${relation} AS s WHERE ${where}`);
          out.failing.set(rule.id, `SELECT s.* FROM ${relation} AS s WHERE ${where}`);
        }
        break;
      }
    }
  }
  out.keys = [...keyQueries.values()];
  out.scan.sql = fusedScanSql(relation, out.scan.slots);
  return out;

  function addKey(rule: Rule, columns: string[]): void {
    if (!columns.length) {
      out.skipped.set(rule.id, 'no key columns');
      return;
    }
    const k = columns.join('\u0000');
    let q = keyQueries.get(k);
    if (!q) {
      const cols = columns.map(sqlIdent).join(', ');
      const notNull = columns.map((c) => `${sqlIdent(c)} IS NOT NULL`).join(' AND ');
      const rk = ctx.samples ? ctx.rowKey : undefined;
      q = {
        columns,
        // Row keys (DuckDB's rowid / file_row_number) exist only where the runner passes one: DuckDB.
        sql: rk
          ? `SELECT coalesce(sum(n) FILTER (WHERE n > 1), 0) AS involved, coalesce(sum(n - 1), 0) AS excess, arg_min(first, first, ${ctx.samples}) FILTER (WHERE n > 1) AS keys FROM (SELECT count(*) AS n, min(${rk.key}) AS first FROM ${rk.from} WHERE ${notNull} GROUP BY ${cols})`
          : `SELECT ${d.sumIf('n', 'n > 1')} AS involved, coalesce(sum(n - 1), 0) AS excess FROM (SELECT count(*) AS n FROM ${relation} AS r WHERE ${notNull} GROUP BY ${cols}) AS k`,
        ruleIds: [],
      };
      keyQueries.set(k, q);
    }
    q.ruleIds.push(rule.id);
    const keyCols = columns.map(sqlIdent).join(', ');
    const dupKeys = `SELECT ${keyCols} FROM ${relation} AS d WHERE ${columns.map((c) => `${sqlIdent(c)} IS NOT NULL`).join(' AND ')} GROUP BY ${keyCols} HAVING count(*) > 1`;
    // An inner join on the duplicated keys (each once) is a semi-join every engine spells the same way.
    out.failing.set(rule.id, `SELECT t.* FROM ${relation} AS t JOIN (${dupKeys}) AS dk ON ${columns.map((c) => `t.${sqlIdent(c)} = dk.${sqlIdent(c)}`).join(' AND ')} ORDER BY ${columns.map((c) => `t.${sqlIdent(c)}`).join(', ')}`);
  }

  /**
   * A type rule: the column's (or nested field's) engine type against the property, by the verdict drift gives too
   * (typeVerdict.ts). A text column of a typed property also counts the cells that do not parse (samples, and the
   * condition `clean` quarantines by); the verdict still decides (the runner applies `verdicts` last).
   */
  function compileType(rule: Rule): void {
    const p = rule.params;
    const column = p.column!;
    const columnType = ctx.rawTypes?.get(column) ?? types.get(column)!;
    const options = { inferred: ctx.inferredTypes, engine: d.name };
    let type = columnType;
    if (p.nested && rule.model) {
      const nested = nestedType(rule.model, columnType, options);
      if ('skip' in nested) return void out.skipped.set(rule.id, nested.skip);
      if ('missing' in nested) return void out.static.set(rule.id, { passed: false, observed: columnType, message: nested.missing });
      type = nested.type;
    }
    const label = rule.model ? propertyLabel(rule.model) : column;
    const verdict = rule.model ? typeVerdict(rule.model, type, { ...options, name: label, column: p.nested ? undefined : column }) : undefined;
    if (verdict) out.verdicts.set(rule.id, verdict);
    const cells = rule.model && !p.nested ? cellRules(rule.model, column) : undefined;
    const cell = cells?.rules.find((r) => r.rule === 'type');
    const skip = cells?.skipped.find((r) => r.rule === 'type');
    if (cell) countWhere(rule, cell.violation);
    else if (skip && !verdict) out.skipped.set(rule.id, skip.reason);
    else out.static.set(rule.id, { passed: true, observed: type, message: `${p.nested ? label : `column ${column}`} is ${type}` });
  }

  function compileMetric(rule: Rule): void {
    const p = rule.params;
    const col = p.column ? sqlIdent(p.column) : undefined;
    const text = col && d.asText(col);
    const args = p.arguments ?? {};
    switch (p.metric) {
      case 'rowCount':
        slot(rule, 'count(*)', 'value');
        return;
      case 'nullValues':
        if (!col) return void out.skipped.set(rule.id, 'nullValues applies to a property');
        return countWhere(rule, `${col} IS NULL`);
      case 'missingValues': {
        if (!col) return void out.skipped.set(rule.id, 'missingValues applies to a property');
        const list = Array.isArray(args.missingValues) ? (args.missingValues as unknown[]) : [''];
        const values = list.filter((v) => v !== null && v !== undefined).map((v) => sqlString(String(v)));
        return countWhere(rule, values.length ? `(${col} IS NULL OR ${text} IN (${values.join(', ')}))` : `${col} IS NULL`);
      }
      case 'invalidValues': {
        if (!col) return void out.skipped.set(rule.id, 'invalidValues applies to a property');
        const parts: string[] = [];
        if (Array.isArray(args.validValues)) {
          const values = (args.validValues as unknown[]).filter((v) => v !== null && v !== undefined).map((v) => sqlString(String(v)));
          parts.push(values.length ? `${text} NOT IN (${values.join(', ')})` : 'true');
        }
        if (typeof args.pattern === 'string') parts.push(`NOT ${d.regexMatches(text!, args.pattern)}`);
        if (!parts.length) return void out.skipped.set(rule.id, 'invalidValues needs arguments.validValues or arguments.pattern');
        return countWhere(rule, `${col} IS NOT NULL AND (${parts.join(' OR ')})`);
      }
      case 'duplicateValues':
        return addKey(rule, p.columns ?? []);
    }
  }
}
