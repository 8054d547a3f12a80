/**
 * A CSV or JSON source read as the text it holds, every column VARCHAR: what `clean` reads, so that the contract (its
 * types and declared formats) decides how each value is converted, never DuckDB's sniffer (which may read
 * `03/11/2026` as a date in a format of its own choosing), and so that a quarantined row shows its values exactly as
 * written (` 42 `, `1e3`, `03/11/2026`).
 *
 * CSV: the reader's `all_varchar` (a field's characters between its delimiters, quotes removed; an empty field is
 * NULL). JSON: each object's own text (read_json_objects), a string value decoded, any other value as its JSON text;
 * a number as written in the file, since DuckDB's JSON functions print numbers re-formatted (`1e3` → `1000.0`).
 */
import { sqlString } from './sandbox.js';
import type { ResolvedSource } from './sources.js';

export function isTextSource(source: ResolvedSource): boolean {
  return source.kind === 'file' && (source.format === undefined || source.format === 'csv' || source.format === 'json');
}

/** The SELECT of the source's columns as text, under their names; `columns`: the names the typed read found. */
export function rawTextSelect(source: ResolvedSource, columns: string[]): string {
  const files = `[${source.paths.map(sqlString).join(', ')}]`;
  if (source.format !== 'json') {
    const delim = source.delimiter ? `, delim = ${sqlString(source.delimiter)}` : '';
    const many = source.paths.length > 1 ? ', union_by_name = true' : '';
    return `SELECT * FROM read_csv(${files}, header = true, skip = 0, all_varchar = true${delim}${many})`;
  }
  const cols = columns.map((c) => `${jsonText('json', c)} AS ${ident(c)}`);
  return `SELECT ${cols.join(', ')} FROM read_json_objects(${files}, format = 'auto')`;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The value of top-level key `key` of the object text `obj`, as text (see the module comment). */
function jsonText(obj: string, key: string): string {
  const path = sqlString(`$.${JSON.stringify(key)}`);
  const parsed = `(${obj} ->> ${path})`;
  // The number token as written: the first `"key": <number>` after `{` or `,`. A nested object could hold the same
  // key first: the token is used only when it is the same number as the parsed value, else the parsed text is.
  const keyPattern = JSON.stringify(key).replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
  const token = `regexp_extract(${obj}, ${sqlString(`(?:^|[{,])\\s*${keyPattern}\\s*:\\s*(-?[0-9][0-9.eE+-]*)`)}, 1)`;
  const number = `CASE WHEN TRY_CAST(${token} AS DOUBLE) = TRY_CAST(${parsed} AS DOUBLE) THEN ${token} ELSE ${parsed} END`;
  return `CASE WHEN json_type(${obj}, ${path}) IN ('UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT') THEN ${number} ELSE ${parsed} END`;
}
