/**
 * MySQL's and MariaDB's spelling of the check SQL. No TRY_CAST: a safe cast is a shape test (REGEXP) guarding the
 * cast, and CAST of an impossible date gives NULL in a SELECT. `||` is OR there, backslashes escape in strings,
 * identifiers are back-quoted; no FILTER clause (conditional sums) and no list types.
 */
import { type Dialect, type TemporalType } from './dialect.js';
import { MYSQL_FORMAT, numberedOnePerKey, rewriteStrptime } from './shared.js';

const NUMBER = String.raw`^[[:space:]]*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$`;
const INTEGER = String.raw`^[[:space:]]*[-+]?[0-9]{1,39}[[:space:]]*$`;
const DAY = String.raw`[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`;
const CLOCK = String.raw`([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?`;
const SHAPES: Record<TemporalType, string> = {
  DATE: `^[[:space:]]*${DAY}[[:space:]]*$`,
  TIME: `^[[:space:]]*${CLOCK}[[:space:]]*$`,
  TIMESTAMP: `^[[:space:]]*${DAY}([ T]${CLOCK})?[[:space:]]*$`,
};
const TYPE: Record<TemporalType | 'DOUBLE', string> = { DATE: 'DATE', TIME: 'TIME(6)', TIMESTAMP: 'DATETIME(6)', DOUBLE: 'DOUBLE' };
const TRUE_WORDS = "('t', 'true', 'y', 'yes', 'on', '1')";
const FALSE_WORDS = "('f', 'false', 'n', 'no', 'off', '0')";

export function mysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A string literal; backslashes are escapes in MySQL unless NO_BACKSLASH_ESCAPES, so they are doubled. */
export function mysqlString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export const mysqlDialect: Dialect = {
  name: 'mysql',
  ident: mysqlIdent,
  string: mysqlString,
  asText: (e) => `CAST(${e} AS CHAR)`,
  tryNumber: (t) => `CASE WHEN ${t} REGEXP ${mysqlString(NUMBER)} THEN CAST(${t} AS DOUBLE) END`,
  tryBoolean: (t) => `CASE WHEN LOWER(TRIM(${t})) IN ${TRUE_WORDS} THEN TRUE WHEN LOWER(TRIM(${t})) IN ${FALSE_WORDS} THEN FALSE END`,
  tryTemporal: (t, type) => `CASE WHEN ${t} REGEXP ${mysqlString(SHAPES[type])} THEN CAST(${t} AS ${TYPE[type]}) END`,
  tryParseTimestamp(t, fmt) {
    const f = rewriteStrptime(fmt, MYSQL_FORMAT);
    return f === undefined ? undefined : `STR_TO_DATE(${t}, ${mysqlString(f)})`;
  },
  tryHugeInt: (t) => `CASE WHEN ${t} REGEXP ${mysqlString(INTEGER)} THEN CAST(${t} AS DECIMAL(39, 0)) END`,
  regexMatches: (t, p) => `(${t} REGEXP ${mysqlString(p)})`,
  regexFullMatch: (t, p) => `(${t} REGEXP ${mysqlString(`^(?:${p})$`)})`,
  regexProblem: () => undefined,
  length: (t) => `CHAR_LENGTH(${t})`,
  countIf: (c) => `COALESCE(SUM(CASE WHEN ${c} THEN 1 ELSE 0 END), 0)`,
  sumIf: (e, c) => `COALESCE(SUM(CASE WHEN ${c} THEN ${e} ELSE 0 END), 0)`,
  timestampLiteral: (iso) => `TIMESTAMP ${mysqlString(iso)}`,
  // The connection sets the session time zone to UTC, so a TIMESTAMP literal is the instant.
  instantLiteral: (utc) => `TIMESTAMP ${mysqlString(utc)}`,
  dateLiteral: (iso) => `DATE ${mysqlString(iso)}`,
  convertTemporal: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys),
  limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
  isListType: () => false,
  isTextType: (type) => /^(varchar|char|text|tinytext|mediumtext|longtext|enum|set)\b/i.test(type),
};
