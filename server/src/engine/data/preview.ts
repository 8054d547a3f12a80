/**
 * The sample preview: the first N rows of a schema object's data, and for every cell the contract rules it breaks.
 * One query: the data columns plus one boolean per row-level rule of `check` (the very conditions check counts,
 * from checks/compile.ts: property constraints, enum, library metrics with validValues/invalidValues/pattern,
 * missingValues/nullValues, logicalTypeOptions bounds, retention), LIMIT pushed into the scan, so the
 * first rows of a 5M-row parquet come back in milliseconds.
 */
import type { Contract, Property, SchemaObject } from '../model/types.js';
import { propertyPredicates, columnName, type CellRuleKind } from './predicates.js';
import { compileTable } from './checks/compile.js';
import { planChecks, type Rule } from './checks/plan.js';
import { MASK, sensitiveKeyMatcher, sensitiveColumns, type SensitivePolicy } from './sensitive.js';
import type { ColumnInfo, DataSession } from './session.js';

export const DEFAULT_PREVIEW_LIMIT = 100;
export const MAX_PREVIEW_LIMIT = 10_000;

export interface PreviewColumn {
  name: string;
  /** DuckDB type. */
  type: string;
  /** Path of the contract property describing this column, when one does. */
  property?: string;
}

export interface PreviewRule {
  id: number;
  /** Index into `columns`. */
  column: number;
  property: string;
  /** The constraint (`required`, `pattern`, `enum`…, a library metric such as `invalidValues`, `retention`). */
  rule: CellRuleKind | string;
  /** The id of the `check` rule the mark belongs to (`orders.status.known_status`). */
  check: string;
  message: string;
  /** Offsets of the constraint in the contract (editors link the cell to it). */
  range?: { start: number; end: number };
}

export interface PreviewRow {
  values: unknown[];
  /** Column index → ids of the rules that cell breaks (absent when the row is clean). */
  broken?: Record<number, number[]>;
}

export interface PreviewResult {
  contractUri: string;
  schemaName: string;
  columns: PreviewColumn[];
  rules: PreviewRule[];
  rows: PreviewRow[];
  /** True when the data has more rows than the limit. */
  truncated: boolean;
  limit: number;
  /** Declared properties with no column in the data (drift reports them in detail). */
  missingColumns: string[];
  /** Constraints that cannot be evaluated in SQL, with why (e.g. a lookahead RE2 cannot run). */
  skipped: { property: string; rule: CellRuleKind | string; reason: string }[];
  /** Number of cells breaking at least one rule, over the returned rows. */
  brokenCells: number;
  elapsedMs: number;
}

export interface PreviewOptions {
  limit?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Sensitive columns show `***` unless `sensitive.include` (their broken-rule marks stay: they say no value). */
  sensitive?: SensitivePolicy;
  /** The reference time of retention rules (default: now), as `check --now`. */
  now?: Date;
}

/** What a mark is called: the option key, the library metric, or the rule kind. */
function markKind(r: Rule): string {
  if (r.kind === 'option') return r.params.option ?? 'option';
  if (r.kind === 'metric') return r.params.metric ?? 'metric';
  return r.kind;
}

/** Finds a data column for a property: its physicalName or name, exactly, else ignoring case (DuckDB does). */
export function matchColumn(prop: Property, columns: ColumnInfo[]): ColumnInfo | undefined {
  const name = columnName(prop);
  if (!name) return undefined;
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

export function findSchema(contract: Contract, schemaName?: string): SchemaObject | undefined {
  if (schemaName === undefined) return contract.schemas.find((s) => s.name?.value);
  return contract.schemas.find((s) => s.name?.value === schemaName) ?? contract.schemas.find((s) => s.physicalName?.value === schemaName);
}

export async function previewSchema(session: DataSession, contract: Contract, schema: SchemaObject, options: PreviewOptions = {}): Promise<PreviewResult> {
  const t0 = performance.now();
  const schemaName = schema.name?.value ?? '';
  const limit = Math.max(1, Math.min(MAX_PREVIEW_LIMIT, Math.floor(options.limit ?? DEFAULT_PREVIEW_LIMIT)));
  const relation = session.relation(contract.uri, schemaName);
  // The first rows and their cell marks are computed where the data is (DuckDB, or pushed down into PostgreSQL).
  const engine = session.engineOf(contract.uri, schemaName);
  const sqlIdent = engine.dialect.ident;
  const dataColumns = session.columns(contract.uri, schemaName) ?? [];
  const columns: PreviewColumn[] = dataColumns.map((c) => ({ name: c.name, type: c.type }));
  const rules: PreviewRule[] = [];
  const ruleSql: string[] = [];
  const missingColumns: string[] = [];
  const skipped: PreviewResult['skipped'] = [];

  for (const prop of schema.properties) {
    const col = matchColumn(prop, dataColumns);
    if (!col) {
      if (prop.name?.value) missingColumns.push(prop.name.value);
      continue;
    }
    columns[dataColumns.indexOf(col)].property = prop.path;
  }
  // The marks are `check`'s own row conditions (checks/compile.ts), compiled from the same plan: a cell is marked
  // exactly when the row is one `check` counts (and exports with --failed-rows) for that rule, on that rule's column.
  const lookup = { contracts: () => [contract], contract: (uri: string) => (uri === contract.uri ? contract : undefined) };
  const planned = planChecks(contract, lookup, { schema: schemaName });
  const byId = new Map(planned.map((r) => [r.id, r]));
  const format = session.source(contract.uri, schemaName)?.format;
  const compiled = compileTable(planned, {
    relation,
    types: new Map(dataColumns.map((c) => [c.name, c.type.toUpperCase()])),
    now: options.now ?? new Date(),
    relationOf: () => undefined,
    inferredTypes: format === 'csv' || format === 'json',
    dialect: engine.dialect,
  });
  for (const [id, reason] of compiled.skipped) {
    const r = byId.get(id)!;
    if (r.model && r.kind !== 'relationship') skipped.push({ property: r.model.path, rule: markKind(r), reason });
  }
  const cells = new Map<Property, ReturnType<typeof propertyPredicates>>();
  for (const [id, cond] of compiled.conditions) {
    const r = byId.get(id)!;
    const col = dataColumns.findIndex((c) => c.name === r.params.column);
    if (col < 0) continue; // a schema-level rule: no column to mark
    const kind = markKind(r);
    // The constraint's own wording and position (`pattern:`…) when it is a cell constraint, else the rule's.
    const model = r.model;
    if (model && !cells.has(model)) cells.set(model, propertyPredicates(model, sqlIdent(r.params.column!), { columnType: dataColumns[col].type, primaryKeyRequired: false, dialect: engine.dialect }));
    const cell = model ? cells.get(model)!.rules.find((c) => c.rule === kind) : undefined;
    const node = cell?.node ?? r.node;
    rules.push({ id: rules.length, column: col, property: model?.path ?? r.property ?? '', rule: kind, check: id, message: cell?.message ?? r.name, range: node ? { start: node.start, end: node.end } : undefined });
    ruleSql.push(`coalesce(${cond}, false)`);
  }

  const select = [...dataColumns.map((c, i) => `${sqlIdent(c.name)} AS ${sqlIdent(`c${i}`)}`), ...ruleSql.map((s, i) => `${s} AS ${sqlIdent(`r${i}`)}`)];
  const sql = `SELECT ${select.length ? select.join(', ') : '*'} FROM ${relation} AS p LIMIT ${limit + 1}`;
  const raw = await engine.query(sql, { timeoutMs: options.timeoutMs, signal: options.signal });
  const truncated = raw.length > limit;
  const isSensitive = sensitiveKeyMatcher(sensitiveColumns(schema, options.sensitive));
  const maskedIndexes = new Set(dataColumns.flatMap((c, i) => (isSensitive(c.name) ? [i] : [])));
  let brokenCells = 0;
  const rows: PreviewRow[] = raw.slice(0, limit).map((r) => {
    const row: PreviewRow = { values: dataColumns.map((_, i) => (maskedIndexes.has(i) && r[`c${i}`] !== null && r[`c${i}`] !== undefined ? MASK : r[`c${i}`])) };
    rules.forEach((rule, i) => {
      if (r[`r${i}`] === true) {
        row.broken ??= {};
        (row.broken[rule.column] ??= []).push(rule.id);
      }
    });
    if (row.broken) brokenCells += Object.keys(row.broken).length;
    return row;
  });
  return { contractUri: contract.uri, schemaName, columns, rules, rows, truncated, limit, missingColumns, skipped, brokenCells, elapsedMs: Math.round(performance.now() - t0) };
}
