/**
 * Reads DuckDB's serialized parse tree (`json_serialize_sql`): the base tables a SELECT reads (with their position:
 * DuckDB records `query_location` on every table reference) minus CTE names, and the functions it calls.
 */
import type { TableRef } from './types.js';

/** DuckDB's "no location" value (2^64 − 1) shows up as a huge number. */
const NO_LOCATION = 2 ** 53;

export function duckdbTablesAndFunctions(statements: unknown): { tables: TableRef[]; functions: string[] } {
  const ctes = new Set<string>();
  const tables: (TableRef & { catalog?: string })[] = [];
  const functions = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 400) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    const cteMap = (o.cte_map as { map?: { key?: unknown }[] } | undefined)?.map;
    if (Array.isArray(cteMap)) for (const e of cteMap) if (typeof e.key === 'string') ctes.add(e.key.toLowerCase());
    if (o.type === 'BASE_TABLE' && typeof o.table_name === 'string') {
      const qualifier = [o.catalog_name, o.schema_name].filter((p) => typeof p === 'string' && p !== '').join('.') || undefined;
      const loc = typeof o.query_location === 'number' && o.query_location < NO_LOCATION ? o.query_location : undefined;
      tables.push({ name: o.table_name, qualifier, offset: loc });
    }
    if (o.class === 'FUNCTION' && typeof o.function_name === 'string' && o.is_operator !== true) {
      const schema = typeof o.schema === 'string' && o.schema ? `${o.schema}.` : '';
      functions.add(`${schema}${o.function_name}`.toLowerCase());
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') visit(v, depth + 1);
  };
  visit(statements, 0);
  return { tables: tables.filter((t) => t.qualifier || !ctes.has(t.name.toLowerCase())), functions: [...functions] };
}
