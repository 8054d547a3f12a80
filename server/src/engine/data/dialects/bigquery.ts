/**
 * BigQuery's (GoogleSQL) spelling of the check SQL: SAFE_CAST, SAFE.PARSE_TIMESTAMP, REGEXP_CONTAINS (RE2: no
 * lookaround, no back-references), COUNTIF, back-quoted identifiers, arrays through UNNEST.
 */
import type { Dialect } from './dialect.js';
import { numberedOnePerKey } from './shared.js';

const TYPE = { DATE: 'DATE', TIME: 'TIME', TIMESTAMP: 'TIMESTAMP', DOUBLE: 'FLOAT64' } as const;

export function bigqueryIdent(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

export function bigqueryString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

export const bigqueryDialect: Dialect = {
  name: 'bigquery',
  ident: bigqueryIdent,
  string: bigqueryString,
  asText: (e) => `CAST(${e} AS STRING)`,
  tryNumber: (t) => `SAFE_CAST(${t} AS FLOAT64)`,
  tryBoolean: (t) => `SAFE_CAST(${t} AS BOOL)`,
  tryTemporal: (t, type) => `SAFE_CAST(${t} AS ${TYPE[type]})`,
  // BigQuery's format elements are strptime's; fractions of a second are %E*S (seconds with any fraction).
  tryParseTimestamp: (t, fmt) => `SAFE.PARSE_TIMESTAMP(${bigqueryString(fmt.replace('%S.%f', '%E*S'))}, ${t})`,
  tryHugeInt: (t) => `SAFE_CAST(${t} AS BIGNUMERIC)`,
  regexMatches: (t, p) => `REGEXP_CONTAINS(${t}, ${bigqueryString(p)})`,
  regexFullMatch: (t, p) => `REGEXP_CONTAINS(${t}, ${bigqueryString(`^(?:${p})$`)})`,
  regexProblem(pattern) {
    if (/\(\?<?[=!]/.test(pattern)) return 'lookahead/lookbehind is not supported by BigQuery regular expressions (RE2)';
    if (/\\[1-9]/.test(pattern)) return 'back-references are not supported by BigQuery regular expressions (RE2)';
    return undefined;
  },
  length: (t) => `LENGTH(${t})`,
  countIf: (c) => `COUNTIF(${c})`,
  sumIf: (e, c) => `COALESCE(SUM(IF(${c}, ${e}, 0)), 0)`,
  timestampLiteral: (iso) => `TIMESTAMP ${bigqueryString(iso)}`,
  instantLiteral: (utc) => `TIMESTAMP ${bigqueryString(`${utc}+00`)}`,
  dateLiteral: (iso) => `DATE ${bigqueryString(iso)}`,
  convertTemporal: (e, type) => `SAFE_CAST(${e} AS ${TYPE[type]})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys),
  limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
  list: {
    length: (e) => `ARRAY_LENGTH(${e})`,
    distinctCount: (e) => `(SELECT COUNT(DISTINCT x) FROM UNNEST(${e}) AS x)`,
    nonNullCount: (e) => `(SELECT COUNT(x) FROM UNNEST(${e}) AS x)`,
  },
  isListType: (type) => /^array</i.test(type),
  isTextType: (type) => /^string\b/i.test(type),
};
