/**
 * Amazon Redshift's spelling of the check SQL: PostgreSQL 8.0 syntax without FILTER or TRY_CAST, so safe casts are
 * POSIX-regex shape tests guarding CAST (as on PostgreSQL before 16), conditional sums, and `~` regexes (POSIX:
 * no lookaround, no back-references, no (?:) groups). Backslashes are escapes in Redshift string literals.
 */
import { ansiIdent, type Dialect, type TemporalType } from './dialect.js';
import { numberedOnePerKey } from './shared.js';
import { strptimeToPostgres } from './postgres.js';

const NUMBER = String.raw`^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$`;
const INTEGER = String.raw`^\s*[-+]?[0-9]{1,38}\s*$`;
const DAY = String.raw`[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`;
const CLOCK = String.raw`([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?`;
const SHAPES: Record<TemporalType, string> = {
  DATE: `^\\s*${DAY}\\s*$`,
  TIME: `^\\s*${CLOCK}\\s*$`,
  TIMESTAMP: `^\\s*${DAY}([ T]${CLOCK})?\\s*$`,
};
const TYPE = { DATE: 'DATE', TIME: 'TIME', TIMESTAMP: 'TIMESTAMP', DOUBLE: 'DOUBLE PRECISION' } as const;

export function redshiftString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export const redshiftDialect: Dialect = {
  name: 'redshift',
  ident: ansiIdent,
  string: redshiftString,
  asText: (e) => `CAST(${e} AS VARCHAR)`,
  tryNumber: (t) => `CASE WHEN ${t} ~ ${redshiftString(NUMBER)} THEN CAST(${t} AS DOUBLE PRECISION) END`,
  tryBoolean: (t) => `CASE WHEN LOWER(TRIM(${t})) IN ('t', 'true', 'y', 'yes', 'on', '1') THEN TRUE WHEN LOWER(TRIM(${t})) IN ('f', 'false', 'n', 'no', 'off', '0') THEN FALSE END`,
  tryTemporal: (t, type) => `CASE WHEN ${t} ~ ${redshiftString(SHAPES[type])} THEN CAST(${t} AS ${TYPE[type]}) END`,
  tryParseTimestamp(t, fmt) {
    const conv = strptimeToPostgres(fmt);
    return conv ? `CASE WHEN ${t} ~ ${redshiftString(conv.shape)} THEN TO_TIMESTAMP(${t}, ${redshiftString(conv.format)})::TIMESTAMP END` : undefined;
  },
  tryHugeInt: (t) => `CASE WHEN ${t} ~ ${redshiftString(INTEGER)} THEN CAST(${t} AS DECIMAL(38, 0)) END`,
  regexMatches: (t, p) => `(${t} ~ ${redshiftString(p)})`,
  regexFullMatch: (t, p) => `(${t} ~ ${redshiftString(`^(${p})$`)})`,
  regexProblem(pattern) {
    if (/\(\?<?[=!]/.test(pattern)) return 'lookahead/lookbehind is not supported by Redshift regular expressions (POSIX)';
    if (/\\[1-9]/.test(pattern)) return 'back-references are not supported by Redshift regular expressions (POSIX)';
    if (/\(\?:/.test(pattern)) return 'non-capturing groups (?:…) are not supported by Redshift regular expressions (POSIX)';
    return undefined;
  },
  length: (t) => `CHAR_LENGTH(${t})`,
  countIf: (c) => `SUM(CASE WHEN ${c} THEN 1 ELSE 0 END)`,
  sumIf: (e, c) => `COALESCE(SUM(CASE WHEN ${c} THEN ${e} ELSE 0 END), 0)`,
  timestampLiteral: (iso) => `CAST(${redshiftString(iso)} AS TIMESTAMP)`,
  instantLiteral: (utc) => `CAST(${redshiftString(`${utc}+00`)} AS TIMESTAMPTZ)`,
  dateLiteral: (iso) => `CAST(${redshiftString(iso)} AS DATE)`,
  convertTemporal: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys),
  limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
  isListType: () => false,
  isTextType: (type) => /^(character varying|varchar|character|char|bpchar|text)\b/i.test(type),
};
