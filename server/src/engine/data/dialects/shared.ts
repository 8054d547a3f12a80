/**
 * Pieces several dialect files share. strptime formats (what contracts write, DuckDB's try_strptime) rewritten for an engine's date-parsing function,
 * by a table of directive → engine token. Undefined when a directive has no equivalent there (the rule is then
 * reported as not expressible on that engine rather than compiled wrongly).
 */
export type DirectiveMap = Record<string, string>;

export function rewriteStrptime(fmt: string, map: DirectiveMap, literal: (ch: string) => string = (ch) => ch): string | undefined {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] !== '%') {
      out += literal(fmt[i]);
      continue;
    }
    const token = map[fmt[++i]];
    if (token === undefined) return undefined;
    out += token;
  }
  return out;
}

/** MySQL / Trino date_parse tokens (Trino's date_parse is MySQL-compatible). */
export const MYSQL_FORMAT: DirectiveMap = { Y: '%Y', y: '%y', m: '%m', d: '%d', H: '%H', I: '%h', M: '%i', S: '%s', f: '%f', p: '%p', b: '%b', j: '%j', '%': '%%' };
/** Java DateTimeFormatter patterns (Spark/Databricks to_timestamp); letters elsewhere are quoted. */
export const JAVA_FORMAT: DirectiveMap = { Y: 'yyyy', y: 'yy', m: 'MM', d: 'dd', H: 'HH', I: 'hh', M: 'mm', S: 'ss', f: 'SSSSSS', p: 'a', b: 'MMM', j: 'DDD', '%': '%' };
/** Snowflake TO_TIMESTAMP formats. */
export const SNOWFLAKE_FORMAT: DirectiveMap = { Y: 'YYYY', y: 'YY', m: 'MM', d: 'DD', H: 'HH24', I: 'HH12', M: 'MI', S: 'SS', f: 'FF6', p: 'AM', b: 'MON' };

/**
 * One row per key for engines without QUALIFY or DISTINCT ON: a numbered derived table (its extra column `cl_rn`
 * is never compared). `orderBy` is for engines whose ROW_NUMBER requires an ORDER BY (SQL Server).
 */
export function numberedOnePerKey(relation: string, keys: string[], orderBy = ''): string {
  return `(SELECT * FROM (SELECT cl_t.*, ROW_NUMBER() OVER (PARTITION BY ${keys.join(', ')}${orderBy}) AS cl_rn FROM ${relation} AS cl_t) AS cl_one WHERE cl_rn = 1)`;
}
