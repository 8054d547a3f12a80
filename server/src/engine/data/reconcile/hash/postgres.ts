/** PostgreSQL's spelling of normalised values and MD5-derived integers (reconcile/normalize.ts says what is compared). */
import type { ColumnKind, HashDialect } from '../normalize.js';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const postgresHash: HashDialect = {
  engine: 'postgres',
  ident,
  text(x: string, kind: ColumnKind, own: ColumnKind): string {
    switch (kind.kind) {
      case 'integer':
        return `(${x})::text`;
      case 'decimal':
      case 'float':
        return `(${x})::numeric(38, ${kind.scale ?? 6})::text`;
      case 'boolean':
        return `CASE WHEN (${x})::boolean THEN '1' ELSE '0' END`;
      case 'date':
        return `to_char(${x}, 'YYYY-MM-DD')`;
      case 'timestamp':
      case 'timestamptz': {
        const utc = own.kind === 'timestamptz' ? `(${x} AT TIME ZONE 'UTC')` : `(${x})::timestamp`;
        return `to_char(${utc}, 'YYYY-MM-DD HH24:MI:SS.US')`;
      }
      default:
        return `(${x})::text`;
    }
  },
  concat: (parts) => `(${parts.join(' || ')})`,
  // bit(64) of 16 hex digits, left-padded, is the exact unsigned value when digits ≤ 15.
  // Stable across servers of the same major version (hash partitioning relies on it); 64 bits, summed as numeric.
  nativeHash: { id: 'postgres-hashtextextended', expr: (t) => `hashtextextended(${t}, 0)` },
  bigint: (x) => `(${x})::bigint`,
  md5Int: (t, digits) => `('x' || lpad(substr(md5(${t}), 1, ${digits}), 16, '0'))::bit(64)::bigint`,
};
