/** DuckDB's spelling of the check SQL (TRY_CAST, try_strptime, RE2 regexes, FILTER, lists). */
import { ansiIdent, ansiString, type Dialect } from './dialect.js';

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  ident: ansiIdent,
  string: ansiString,
  asText: (e) => `CAST(${e} AS VARCHAR)`,
  tryNumber: (t) => `TRY_CAST(${t} AS DOUBLE)`,
  tryBoolean: (t) => `TRY_CAST(${t} AS BOOLEAN)`,
  tryTemporal: (t, type) => `TRY_CAST(${t} AS ${type})`,
  tryParseTimestamp: (t, fmt) => `try_strptime(${t}, ${ansiString(fmt)})`,
  tryHugeInt: (t) => `TRY_CAST(${t} AS HUGEINT)`,
  regexMatches: (t, p) => `regexp_matches(${t}, ${ansiString(p)})`,
  regexFullMatch: (t, p) => `regexp_full_match(${t}, ${ansiString(p)})`,
  regexProblem(pattern) {
    if (/\(\?<?[=!]/.test(pattern)) return 'lookahead/lookbehind is not supported by DuckDB regular expressions (RE2)';
    if (/\\[1-9]/.test(pattern)) return 'back-references are not supported by DuckDB regular expressions (RE2)';
    return undefined;
  },
  length: (t) => `length(${t})`,
  countIf: (c) => `count(*) FILTER (WHERE ${c})`,
  sumIf: (e, c) => `coalesce(sum(${e}) FILTER (WHERE ${c}), 0)`,
  timestampLiteral: (iso) => `TIMESTAMP ${ansiString(iso)}`,
  instantLiteral: (utc) => `TIMESTAMPTZ ${ansiString(`${utc}+00`)}`,
  dateLiteral: (iso) => `DATE ${ansiString(iso)}`,
  convertTemporal: (e, type) => `TRY_CAST(${e} AS ${type})`,
  cast: (e, type) => `CAST(${e} AS ${type})`,
  onePerKey: (rel, keys) => `(SELECT * FROM ${rel} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')}) = 1)`,
  limit: (sql, n) => `SELECT * FROM (${sql}) LIMIT ${n}`,
  list: {
    length: (e) => `len(${e})`,
    distinctCount: (e) => `len(list_distinct(${e}))`,
    nonNullCount: (e) => `len(list_filter(${e}, x -> x IS NOT NULL))`,
  },
  isListType: (type) => type.endsWith('[]'),
  isTextType: (type) => type.toUpperCase() === 'VARCHAR',
};
