/** Trino's (and Presto's) spelling of the check SQL: TRY_CAST, regexp_like (Java regexes), count_if, arrays. */
import { ansiIdent, ansiString, type Dialect } from './dialect.js';
import { MYSQL_FORMAT, numberedOnePerKey, rewriteStrptime } from './shared.js';

const TYPE = { DATE: 'date', TIME: 'time', TIMESTAMP: 'timestamp', DOUBLE: 'double' } as const;

export const trinoDialect: Dialect = {
  name: 'trino',
  ident: ansiIdent,
  string: ansiString,
  asText: (e) => `CAST(${e} AS varchar)`,
  tryNumber: (t) => `TRY_CAST(${t} AS double)`,
  tryBoolean: (t) => `TRY_CAST(${t} AS boolean)`,
  tryTemporal: (t, type) => `TRY_CAST(${t} AS ${TYPE[type]})`,
  tryParseTimestamp(t, fmt) {
    const f = rewriteStrptime(fmt, MYSQL_FORMAT);
    return f === undefined ? undefined : `TRY(date_parse(${t}, ${ansiString(f)}))`;
  },
  tryHugeInt: (t) => `TRY_CAST(${t} AS decimal(38, 0))`,
  regexMatches: (t, p) => `regexp_like(${t}, ${ansiString(p)})`,
  regexFullMatch: (t, p) => `regexp_like(${t}, ${ansiString(`^(?:${p})$`)})`,
  regexProblem: () => undefined,
  length: (t) => `length(${t})`,
  countIf: (c) => `count_if(${c})`,
  sumIf: (e, c) => `coalesce(sum(CASE WHEN ${c} THEN ${e} ELSE 0 END), 0)`,
  timestampLiteral: (iso) => `TIMESTAMP ${ansiString(iso)}`,
  instantLiteral: (utc) => `TIMESTAMP ${ansiString(`${utc} UTC`)}`,
  dateLiteral: (iso) => `DATE ${ansiString(iso)}`,
  convertTemporal: (e, type) => `TRY_CAST(${e} AS ${TYPE[type]})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys),
  limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
  list: {
    length: (e) => `cardinality(${e})`,
    distinctCount: (e) => `cardinality(array_distinct(${e}))`,
    nonNullCount: (e) => `cardinality(filter(${e}, x -> x IS NOT NULL))`,
  },
  isListType: (type) => /^array\(/i.test(type),
  isTextType: (type) => /^(varchar|char)\b/i.test(type),
};
