/**
 * Snowflake's spelling of the check SQL: TRY_TO_* conversions, COUNT_IF, IFF. REGEXP_LIKE matches the WHOLE text
 * there (implicitly anchored), so "contains" is REGEXP_INSTR > 0; Snowflake's regexes are POSIX (no lookaround, no
 * back-references). Backslashes are escapes inside Snowflake string literals.
 */
import { ansiIdent, type Dialect } from './dialect.js';
import { SNOWFLAKE_FORMAT, numberedOnePerKey, rewriteStrptime } from './shared.js';

const TYPE = { DATE: 'DATE', TIME: 'TIME', TIMESTAMP: 'TIMESTAMP_NTZ', DOUBLE: 'DOUBLE' } as const;
const TRY = { DATE: 'TRY_TO_DATE', TIME: 'TRY_TO_TIME', TIMESTAMP: 'TRY_TO_TIMESTAMP_NTZ' } as const;

export function snowflakeString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export const snowflakeDialect: Dialect = {
  name: 'snowflake',
  ident: ansiIdent,
  string: snowflakeString,
  asText: (e) => `TO_VARCHAR(${e})`,
  tryNumber: (t) => `TRY_TO_DOUBLE(${t})`,
  tryBoolean: (t) => `TRY_TO_BOOLEAN(${t})`,
  tryTemporal: (t, type) => `${TRY[type]}(${t})`,
  tryParseTimestamp(t, fmt) {
    const f = rewriteStrptime(fmt, SNOWFLAKE_FORMAT, (ch) => (/[A-Za-z]/.test(ch) ? `"${ch}"` : ch));
    return f === undefined ? undefined : `TRY_TO_TIMESTAMP_NTZ(${t}, ${snowflakeString(f)})`;
  },
  tryHugeInt: (t) => `TRY_TO_NUMBER(${t}, 38, 0)`,
  regexMatches: (t, p) => `(REGEXP_INSTR(${t}, ${snowflakeString(p)}) > 0)`,
  regexFullMatch: (t, p) => `REGEXP_LIKE(${t}, ${snowflakeString(p)})`,
  regexProblem(pattern) {
    if (/\(\?<?[=!]/.test(pattern)) return 'lookahead/lookbehind is not supported by Snowflake regular expressions (POSIX)';
    if (/\\[1-9]/.test(pattern)) return 'back-references are not supported by Snowflake regular expressions';
    if (/\(\?:/.test(pattern)) return 'non-capturing groups (?:…) are not supported by Snowflake regular expressions (POSIX)';
    return undefined;
  },
  length: (t) => `LENGTH(${t})`,
  countIf: (c) => `COUNT_IF(${c})`,
  sumIf: (e, c) => `COALESCE(SUM(IFF(${c}, ${e}, 0)), 0)`,
  timestampLiteral: (iso) => `TO_TIMESTAMP_NTZ(${snowflakeString(iso)})`,
  instantLiteral: (utc) => `TO_TIMESTAMP_TZ(${snowflakeString(`${utc} +00:00`)})`,
  dateLiteral: (iso) => `TO_DATE(${snowflakeString(iso)})`,
  convertTemporal: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys),
  limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
  list: {
    length: (e) => `ARRAY_SIZE(${e})`,
    distinctCount: (e) => `ARRAY_SIZE(ARRAY_DISTINCT(${e}))`,
    nonNullCount: (e) => `ARRAY_SIZE(ARRAY_COMPACT(${e}))`,
  },
  isListType: (type) => /^array\b/i.test(type),
  isTextType: (type) => /^(varchar|text|string|char|character)\b/i.test(type),
};
