/**
 * Databricks / Spark SQL's spelling of the check SQL: TRY_CAST, try_to_timestamp (Java date patterns), RLIKE (Java
 * regexes, "contains"), count_if, back-quoted identifiers, arrays. Spark has no TIME type: a time of day is checked
 * as a timestamp on 1970-01-01.
 */
import type { Dialect, TemporalType } from './dialect.js';
import { JAVA_FORMAT, numberedOnePerKey, rewriteStrptime } from './shared.js';

const TYPE = { DATE: 'DATE', TIME: 'TIMESTAMP', TIMESTAMP: 'TIMESTAMP', DOUBLE: 'DOUBLE' } as const;

export function sparkIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export function sparkString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const timeText = (t: string, type: TemporalType) => (type === 'TIME' ? `concat('1970-01-01 ', ${t})` : t);

export const databricksDialect: Dialect = {
  name: 'databricks',
  ident: sparkIdent,
  string: sparkString,
  asText: (e) => `CAST(${e} AS STRING)`,
  tryNumber: (t) => `TRY_CAST(${t} AS DOUBLE)`,
  tryBoolean: (t) => `TRY_CAST(${t} AS BOOLEAN)`,
  tryTemporal: (t, type) => `TRY_CAST(${timeText(t, type)} AS ${TYPE[type]})`,
  tryParseTimestamp(t, fmt) {
    const f = rewriteStrptime(fmt, JAVA_FORMAT, (ch) => (/[A-Za-z]/.test(ch) ? `'${ch}'` : ch));
    return f === undefined ? undefined : `try_to_timestamp(${t}, ${sparkString(f)})`;
  },
  tryHugeInt: (t) => `TRY_CAST(${t} AS DECIMAL(38, 0))`,
  regexMatches: (t, p) => `(${t} RLIKE ${sparkString(p)})`,
  regexFullMatch: (t, p) => `(${t} RLIKE ${sparkString(`^(?:${p})$`)})`,
  regexProblem: () => undefined,
  length: (t) => `char_length(${t})`,
  countIf: (c) => `count_if(${c})`,
  sumIf: (e, c) => `coalesce(sum(CASE WHEN ${c} THEN ${e} ELSE 0 END), 0)`,
  timestampLiteral: (iso) => `TIMESTAMP ${sparkString(iso)}`,
  instantLiteral: (utc) => `TIMESTAMP ${sparkString(`${utc}+00:00`)}`,
  dateLiteral: (iso) => `DATE ${sparkString(iso)}`,
  convertTemporal: (e, type) => `TRY_CAST(${e} AS ${TYPE[type]})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys),
  limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
  list: {
    length: (e) => `size(${e})`,
    distinctCount: (e) => `size(array_distinct(${e}))`,
    nonNullCount: (e) => `size(filter(${e}, x -> x IS NOT NULL))`,
  },
  isListType: (type) => /^array</i.test(type),
  isTextType: (type) => /^(string|varchar|char)\b/i.test(type),
};
