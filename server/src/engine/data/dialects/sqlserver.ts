/**
 * SQL Server's (T-SQL) spelling of the check SQL: TRY_CONVERT (NULL where a cast would fail), bracketed identifiers, N'' strings,
 * conditional sums (no FILTER, no boolean values: a condition is only ever used inside CASE WHEN), TOP for limits.
 * Regular expressions are REGEXP_LIKE, which exists from SQL Server 2025 (and Azure SQL) only: docs/dialects.md says so.
 */
import type { Dialect } from './dialect.js';
import { numberedOnePerKey } from './shared.js';

const TYPE = { DATE: 'DATE', TIME: 'TIME', TIMESTAMP: 'DATETIME2', DOUBLE: 'FLOAT' } as const;
/** strptime formats TRY_CONVERT reads by style number (ODBC canonical 120/121, ISO 8601 126, ISO date 23). */
const STYLES: Record<string, number> = { '%Y-%m-%d %H:%M:%S': 120, '%Y-%m-%d %H:%M:%S.%f': 121, '%Y-%m-%dT%H:%M:%S': 126, '%Y-%m-%dT%H:%M:%S.%f': 126, '%Y-%m-%d': 23 };

export function sqlServerIdent(name: string): string {
  return `[${name.replace(/]/g, ']]')}]`;
}

export function sqlServerString(text: string): string {
  return `N'${text.replace(/'/g, "''")}'`;
}

export const sqlServerDialect: Dialect = {
  name: 'sqlserver',
  ident: sqlServerIdent,
  string: sqlServerString,
  asText: (e) => `CAST(${e} AS NVARCHAR(MAX))`,
  tryNumber: (t) => `TRY_CONVERT(FLOAT, ${t})`,
  tryBoolean: (t) => `TRY_CONVERT(BIT, ${t})`,
  tryTemporal: (t, type) => `TRY_CONVERT(${TYPE[type]}, ${t})`,
  tryParseTimestamp(t, fmt) {
    const style = STYLES[fmt];
    return style === undefined ? undefined : `TRY_CONVERT(DATETIME2, ${t}, ${style})`;
  },
  tryHugeInt: (t) => `TRY_CONVERT(DECIMAL(38, 0), ${t})`,
  regexMatches: (t, p) => `REGEXP_LIKE(${t}, ${sqlServerString(p)})`,
  regexFullMatch: (t, p) => `REGEXP_LIKE(${t}, ${sqlServerString(`^(?:${p})$`)})`,
  regexProblem(pattern) {
    if (/\(\?<?[=!]/.test(pattern)) return 'lookahead/lookbehind is not supported by SQL Server regular expressions (RE2)';
    if (/\\[1-9]/.test(pattern)) return 'back-references are not supported by SQL Server regular expressions (RE2)';
    return undefined;
  },
  length: (t) => `LEN(${t})`,
  countIf: (c) => `SUM(CASE WHEN ${c} THEN 1 ELSE 0 END)`,
  sumIf: (e, c) => `COALESCE(SUM(CASE WHEN ${c} THEN ${e} ELSE 0 END), 0)`,
  timestampLiteral: (iso) => `CAST(${sqlServerString(iso)} AS DATETIME2)`,
  instantLiteral: (utc) => `CAST(${sqlServerString(`${utc} +00:00`)} AS DATETIMEOFFSET)`,
  dateLiteral: (iso) => `CAST(${sqlServerString(iso)} AS DATE)`,
  convertTemporal: (e, type) => `TRY_CONVERT(${TYPE[type]}, ${e})`,
  cast: (e, type) => `CAST(${e} AS ${TYPE[type]})`,
  onePerKey: (rel, keys) => numberedOnePerKey(rel, keys, ' ORDER BY (SELECT NULL)'),
  limit: (sql, n) => `SELECT TOP (${n}) * FROM (${sql}) AS limited`,
  isListType: () => false,
  isTextType: (type) => /^(n?varchar|n?char|n?text)\b/i.test(type),
};
