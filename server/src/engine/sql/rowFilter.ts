/**
 * Row filters (`--filter 'PREDICATE'`, `--filter SCHEMA:'PREDICATE'`, as datacontract-cli's users write them): a
 * boolean SQL expression that restricts every rule of a table to the rows it matches. The predicate is untrusted
 * input that ends up INSIDE engine-generated SQL (the relation every rule reads), so it must be exactly one boolean
 * expression and nothing else:
 *
 * 1. a lexical screen, independent of the dialect and deliberately conservative (it must hold whether backslashes
 *    escape quotes, as in MySQL, or not, as in PostgreSQL and DuckDB): no `;`, no comment (`--`, `/*`, `#`), no
 *    `$` (dollar quotes, parameters), balanced parentheses that never close what the predicate did not open (so
 *    `x) OR (1=1` or `x) LIMIT (0` cannot reach outside the WHERE), no statement keyword (`select`, `values`…);
 * 2. the dialect's own parser (`assertOneBooleanExpression`): `SELECT * FROM <stand-in> WHERE (predicate)` must
 *    be one SELECT reading only the stand-in table and calling no file, table, server or session function.
 *
 * Engines add their own sandbox on top (the PostgreSQL and MySQL token checks; DuckDB's locked-down instance).
 */
import { parseContractSql } from './parse.js';
import type { SqlDialect } from './types.js';

import type { RowFilter } from '../../shared/dataAccess.js';

export type { RowFilter };

/** A filter that is not one boolean expression, or names nothing: a usage error (the CLI exits 2). */
export class FilterRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterRejected';
  }
}

/** The table name the parser sees in place of the real one (no contract names a table like this). */
const STAND_IN = 'cl_filter_target';

/**
 * `orders:amount > 0` → { schema: 'orders', predicate: 'amount > 0' }; `amount > 0` → { predicate }. A `::` cast
 * (`x::int > 0`) is not a schema prefix. Throws FilterRejected when the predicate fails the lexical screen.
 */
export function parseFilterFlag(text: string): RowFilter {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*:(?!:)([\s\S]*)$/.exec(text);
  const filter: RowFilter = m ? { schema: m[1], predicate: m[2].trim() } : { predicate: text.trim() };
  screenPredicate(filter.predicate, text);
  return filter;
}

const STATEMENT_WORDS = new Set([
  'select', 'values', 'table', 'insert', 'update', 'delete', 'merge', 'drop', 'create', 'alter', 'truncate', 'copy',
  'attach', 'detach', 'pragma', 'call', 'load', 'install', 'grant', 'revoke', 'execute', 'prepare', 'declare', 'into',
  'union', 'intersect', 'except', 'returning', 'handler', 'do',
]);

/** The lexical screen (step 1 above). `shown` is how the user wrote the whole flag, for messages. */
export function screenPredicate(predicate: string, shown = predicate): void {
  const refuse = (why: string) => {
    throw new FilterRejected(`--filter ${JSON.stringify(shown)}: ${why} A filter is one boolean SQL expression over the table's columns, e.g. --filter "country = 'DE' AND amount > 0".`);
  };
  if (!predicate.trim()) refuse('the predicate is empty.');
  // Both readings of a backslash before a quote must pass: a string that ends early under one dialect's rules must not
  // hide a `;` or a comment from the other's.
  for (const backslashEscapes of [false, true]) {
    let depth = 0;
    let i = 0;
    while (i < predicate.length) {
      const ch = predicate[i];
      if (ch === "'" || ch === '"' || ch === '`') {
        let j = i + 1;
        for (;;) {
          if (j >= predicate.length) refuse(`a ${ch === "'" ? 'string' : 'quoted name'} is not closed.`);
          if (backslashEscapes && predicate[j] === '\\') j += 2;
          else if (predicate[j] === ch && predicate[j + 1] === ch) j += 2;
          else if (predicate[j] === ch) break;
          else j++;
        }
        i = j + 1;
        continue;
      }
      if (ch === ';') refuse('a `;` would end the statement: only one expression is allowed.');
      if (predicate.startsWith('--', i) || predicate.startsWith('/*', i) || ch === '#') refuse('comments are not allowed in a filter.');
      if (ch === '$') refuse('`$` (dollar quotes, parameters) is not allowed in a filter.');
      if (ch === '(') depth++;
      if (ch === ')' && --depth < 0) refuse('a `)` closes a parenthesis the filter did not open.');
      if (/[A-Za-z_]/.test(ch)) {
        const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(predicate.slice(i))![0];
        if (STATEMENT_WORDS.has(word.toLowerCase())) refuse(`\`${word}\` belongs to a statement or a subquery, not to a boolean expression.`);
        i += word.length;
        continue;
      }
      i++;
    }
    if (depth !== 0) refuse('a `(` is not closed.');
  }
}

/** Functions that reach files, tables, other servers, the environment or the session, in any engine we read. */
const REFUSED_FUNCTION = /^(read_|glob$|query$|query_table$|sniff_csv$|parquet_|iceberg_|delta_|getenv$|pg_|lo_|dblink|load_file$|sleep$|benchmark$|sys_|xp_|openrowset$|opendatasource$|current_setting$|set_config$|http_|copy|duckdb_|which_secret$|json_execute|sql_auto_complete$)/;

/** Step 2: one boolean expression by the dialect's own parser. Throws FilterRejected. */
export async function assertOneBooleanExpression(predicate: string, dialect: SqlDialect, shown = predicate): Promise<void> {
  screenPredicate(predicate, shown);
  const parsed = await parseContractSql(`SELECT * FROM ${STAND_IN} WHERE (\n${predicate}\n)`, dialect);
  const label = dialect === 'duckdb' ? 'DuckDB' : dialect;
  if (!parsed.ok) throw new FilterRejected(`--filter ${JSON.stringify(shown)}: not one boolean expression for the ${label} parser (${parsed.error.message}).`);
  if (parsed.statements.length !== 1 || parsed.statements[0] !== 'select') throw new FilterRejected(`--filter ${JSON.stringify(shown)}: only one boolean expression is allowed.`);
  const other = parsed.tables.find((t) => t.qualifier || t.name.toLowerCase() !== STAND_IN);
  if (other || parsed.tables.length !== 1) throw new FilterRejected(`--filter ${JSON.stringify(shown)}: a filter reads the row it is given; it may not name a table${other ? ` (${other.name})` : ''}.`);
  const fn = parsed.functions.find((f) => REFUSED_FUNCTION.test(f.split('.').pop() ?? f));
  if (fn) throw new FilterRejected(`--filter ${JSON.stringify(shown)}: the function ${fn}() reaches files, tables, the server or the session; it is refused in a filter.`);
}

/**
 * The predicates that apply to a table: the unprefixed filters and those whose SCHEMA is the schema object's name
 * (or its physical table name).
 */
export function predicatesFor(filters: readonly RowFilter[] | undefined, names: readonly (string | undefined)[]): string[] {
  const own = new Set(names.filter((n): n is string => !!n).map((n) => n.toLowerCase()));
  return (filters ?? []).filter((f) => !f.schema || own.has(f.schema.toLowerCase())).map((f) => f.predicate);
}

/** `(p1) AND (p2)`: each predicate parenthesised on its own lines (a predicate cannot reach out of its parentheses). */
export function conjunction(predicates: readonly string[]): string {
  return predicates.map((p) => `(\n${p}\n)`).join(' AND ');
}

/** How the filters of a run read in a message: `--filter "a > 1"`. */
export function describeFilters(filters: readonly RowFilter[]): string {
  return filters.map((f) => `--filter ${JSON.stringify(f.schema ? `${f.schema}:${f.predicate}` : f.predicate)}`).join(' ');
}
