/** DuckDB's spelling of normalised values and MD5-derived integers (reconcile/normalize.ts says what is compared). */
import { sqlIdent } from '../../sandbox.js';
import type { ColumnKind, HashDialect } from '../normalize.js';

export const duckdbHash: HashDialect = {
  engine: 'duckdb',
  ident: sqlIdent,
  text(x: string, kind: ColumnKind, own: ColumnKind): string {
    switch (kind.kind) {
      case 'integer':
        return `CAST(${x} AS VARCHAR)`;
      case 'decimal':
      case 'float':
        return `CAST(CAST(${x} AS DECIMAL(38, ${kind.scale ?? 6})) AS VARCHAR)`;
      case 'boolean':
        return `CASE WHEN CAST(${x} AS BOOLEAN) THEN '1' ELSE '0' END`;
      case 'date':
        return `strftime(CAST(${x} AS DATE), '%Y-%m-%d')`;
      case 'timestamp':
      case 'timestamptz': {
        const utc = own.kind === 'timestamptz' ? `timezone('UTC', ${x})` : `CAST(${x} AS TIMESTAMP)`;
        return `strftime(${utc}, '%Y-%m-%d %H:%M:%S.%f')`;
      }
      default:
        return `CAST(${x} AS VARCHAR)`;
    }
  },
  concat: (parts) => `(${parts.join(' || ')})`,
  nativeHash: { id: 'duckdb-hash', expr: (t) => `CAST(hash(${t}) AS HUGEINT)` },
  bigint: (x) => `CAST(${x} AS BIGINT)`,
  md5Int: (t, digits) => `CAST(('0x' || substr(md5(${t}), 1, ${digits})) AS BIGINT)`,
};
