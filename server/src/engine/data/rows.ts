/** DuckDB results as plain, JSON-safe JS rows (what every caller of the session gets). */
import type { DuckDBResultReader } from '@duckdb/node-api';
import { duckdb } from './duckdb.js';

let integerTypes: Set<number> | undefined;
/** Built on first use: the enum lives in the lazily loaded DuckDB module. */
function INTEGER_TYPES(): Set<number> {
  const { DuckDBTypeId: T } = duckdb();
  return (integerTypes ??= new Set([T.TINYINT, T.SMALLINT, T.INTEGER, T.BIGINT, T.UTINYINT, T.USMALLINT, T.UINTEGER, T.UBIGINT, T.HUGEINT, T.UHUGEINT]));
}

/**
 * Rows as plain JSON-safe values: numbers for integers (a string when beyond 2^53) and decimals, ISO-like strings
 * for dates and timestamps (`2024-01-31`, `2024-01-31 10:00:00`), booleans, strings, arrays and objects.
 */
export function toRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  const types = reader.columnTypes();
  const names = reader.columnNames();
  const numeric: string[] = [];
  types.forEach((t, i) => {
    if (INTEGER_TYPES().has(t.typeId) || t.typeId === duckdb().DuckDBTypeId.DECIMAL) numeric.push(names[i]);
  });
  if (numeric.length) {
    for (const row of rows) {
      for (const c of numeric) {
        const v = row[c];
        if (typeof v === 'string') {
          const num = Number(v);
          if (Number.isFinite(num) && (v.includes('.') || Number.isSafeInteger(num))) row[c] = num;
        }
      }
    }
  }
  return rows;
}
