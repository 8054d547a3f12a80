/**
 * MySQL/MariaDB's spelling of normalised values and MD5-derived integers (reconcile/normalize.ts says what is
 * compared). Sessions run with time_zone '+00:00', so TIMESTAMP columns read in UTC; `||` is OR there, hence CONCAT.
 */
import type { ColumnKind, HashDialect } from '../normalize.js';

const ident = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

export const mysqlHash: HashDialect = {
  engine: 'mysql',
  ident,
  text(x: string, kind: ColumnKind): string {
    switch (kind.kind) {
      case 'integer':
        return `CAST(${x} AS CHAR)`;
      case 'decimal':
      case 'float':
        return `CAST(CAST(${x} AS DECIMAL(38, ${kind.scale ?? 6})) AS CHAR)`;
      case 'boolean':
        return `CASE WHEN ${x} THEN '1' ELSE '0' END`;
      case 'date':
        return `DATE_FORMAT(${x}, '%Y-%m-%d')`;
      case 'timestamp':
      case 'timestamptz':
        return `DATE_FORMAT(${x}, '%Y-%m-%d %H:%i:%s.%f')`;
      default:
        return `CAST(${x} AS CHAR)`;
    }
  },
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  bigint: (x) => `CAST(${x} AS SIGNED)`,
  md5Int: (t, digits) => `CAST(CONV(SUBSTRING(MD5(${t}), 1, ${digits}), 16, 10) AS UNSIGNED)`,
};
