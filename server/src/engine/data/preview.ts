/**
 * The sample preview: the first N rows of a schema object's data, and for every cell the contract rules it breaks.
 * One query: the data columns plus one boolean per cell rule (predicates.ts), LIMIT pushed into the scan, so the
 * first rows of a 5M-row parquet come back in milliseconds.
 */
import type { Contract, Property, SchemaObject } from '../model/types.js';
import { propertyPredicates, columnName, type CellRuleKind } from './predicates.js';
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
  rule: CellRuleKind;
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
  skipped: { property: string; rule: CellRuleKind; reason: string }[];
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
    const index = dataColumns.indexOf(col);
    columns[index].property = prop.path;
    const { rules: cellRules, skipped: sk } = propertyPredicates(prop, sqlIdent(col.name), { columnType: col.type, dialect: engine.dialect });
    for (const s of sk) skipped.push({ property: prop.path, rule: s.rule, reason: s.reason });
    for (const r of cellRules) {
      rules.push({ id: rules.length, column: index, property: prop.path, rule: r.rule, message: r.message, range: r.node ? { start: r.node.start, end: r.node.end } : undefined });
      ruleSql.push(`coalesce(${r.violation}, false)`);
    }
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
