/**
 * Equal values hash equally on every engine: the same rows stored in DuckDB, the run's real PostgreSQL and its real
 * MariaDB, each with that engine's natural column types (numeric(10,2) / DECIMAL(10,2), boolean / TINYINT(1),
 * timestamptz / DATETIME(6) in UTC, text with accents and emoji, NULL and ''), give the same normalised text and the
 * same row hash through each engine's HashDialect. This is what lets segment checksums compare copies across engines.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { duckdbHash } from '../../server/src/engine/data/reconcile/hash/duckdb.ts';
import { mysqlHash } from '../../server/src/engine/data/reconcile/hash/mysql.ts';
import { postgresHash } from '../../server/src/engine/data/reconcile/hash/postgres.ts';
import { type ComparedColumn, type HashDialect, jointKind, kindOfType, rowText } from '../../server/src/engine/data/reconcile/normalize.ts';
import { createTable, withAdmin } from '../helpers/mysqlLoad.ts';

// name, DuckDB type, PostgreSQL type, MySQL type
const COLUMNS: [string, string, string, string][] = [
  ['id', 'BIGINT', 'bigint', 'BIGINT'],
  ['amount', 'DECIMAL(10,2)', 'numeric(12,4)', 'DECIMAL(10,2)'],
  ['ratio', 'DOUBLE', 'double precision', 'DOUBLE'],
  ['flag', 'BOOLEAN', 'boolean', 'TINYINT(1)'],
  ['day', 'DATE', 'date', 'DATE'],
  ['at', 'TIMESTAMP WITH TIME ZONE', 'timestamp with time zone', 'DATETIME(6)'],
  ['label', 'VARCHAR', 'text', 'VARCHAR(40)'],
];
// Timestamps: with a zone for DuckDB/PostgreSQL, already in UTC for MySQL (what a CDC copy into DATETIME holds).
const ROWS: { values: unknown[]; mysqlAt: string | null }[] = [
  { values: [1, '10.50', 0.1 + 0.2, true, '2025-03-01', '2025-03-01 12:00:00.123456+02', 'plain'], mysqlAt: '2025-03-01 10:00:00.123456' },
  { values: [2, '0.00', -1.5, false, '1999-12-31', '2024-02-29 23:59:59+00', 'réf ü 🎉'], mysqlAt: '2024-02-29 23:59:59.000000' },
  { values: [3, null, null, null, null, null, null], mysqlAt: null },
  { values: [4, '-7.10', 1e-7, true, '2025-01-01', '2025-01-01 00:00:00-05', ''], mysqlAt: '2025-01-01 05:00:00.000000' },
];

let duck: DuckDBConnection;
let duckDb: DuckDBInstance;
let pgc: pg.Client;
before(async () => {
  duckDb = await DuckDBInstance.create(':memory:');
  duck = await duckDb.connect();
  await duck.run("SET TimeZone = 'UTC'");
  await duck.run(`CREATE TABLE t (${COLUMNS.map((c) => `"${c[0]}" ${c[1]}`).join(', ')})`);
  const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${v}'`);
  for (const r of ROWS) await duck.run(`INSERT INTO t VALUES (${r.values.map(lit).join(', ')})`);
  pgc = new pg.Client({ connectionString: process.env.CONTRACTLENS_TEST_PG_SUPERUSER_URL });
  await pgc.connect();
  await pgc.query("SET TimeZone = 'Europe/Berlin'"); // not UTC on purpose: the normalisation converts
  await pgc.query(`DROP TABLE IF EXISTS hash_t; CREATE TABLE hash_t (${COLUMNS.map((c) => `"${c[0]}" ${c[2]}`).join(', ')})`);
  for (const r of ROWS) await pgc.query(`INSERT INTO hash_t VALUES (${r.values.map((_, i) => `$${i + 1}`).join(', ')})`, r.values);
  await withAdmin((m) => createTable(m, 'hash_t', COLUMNS.map((c) => ({ name: c[0], type: c[3] })), ROWS.map((r) => [...r.values.slice(0, 5).map((v) => (typeof v === 'boolean' ? Number(v) : v)), r.mysqlAt, r.values[6]])));
});
after(async () => {
  duck?.closeSync();
  duckDb?.closeSync();
  await pgc?.end();
});

function columnsFor(own: 1 | 2 | 3): ComparedColumn[] {
  // The joint kind over all three engines, as reconcile computes it pairwise.
  return COLUMNS.map((c) => {
    const kinds = [kindOfType(c[1]), kindOfType(c[2]), kindOfType(c[3])];
    return { name: c[0], own: kinds[own - 1], kind: jointKind(jointKind(kinds[0], kinds[1]), kinds[2]) };
  });
}

const select = (d: HashDialect, cols: ComparedColumn[], table: string) => `SELECT ${rowText(d, cols)} AS txt, ${d.md5Int(rowText(d, cols), 12)} AS h FROM ${table} ORDER BY ${d.ident('id')}`;

test('DuckDB, PostgreSQL and MariaDB give the same normalised text and hash per row', async () => {
  const fromDuck = (await duck.runAndReadAll(select(duckdbHash, columnsFor(1), 't'))).getRowObjectsJson().map((r) => [String(r.txt), String(r.h)]);
  const fromPg = (await pgc.query(select(postgresHash, columnsFor(2), 'hash_t'))).rows.map((r) => [String(r.txt), String(r.h)]);
  const fromMy = await withAdmin(async (m) => {
    const [rows] = await m.query(select(mysqlHash, columnsFor(3), '`hash_t`'));
    return (rows as { txt: string; h: unknown }[]).map((r) => [String(r.txt), String(r.h)]);
  });
  assert.equal(fromDuck.length, ROWS.length);
  assert.deepEqual(fromPg, fromDuck);
  assert.deepEqual(fromMy, fromDuck);
  // Spot checks of the normal form: decimals at the common scale, UTC microseconds, NULL apart from ''.
  assert.equal(fromDuck[0][0], 'v1|v10.50|v0.300000|v1|v2025-03-01|v2025-03-01 10:00:00.123456|vplain');
  assert.equal(fromDuck[2][0], 'v3|N|N|N|N|N|N');
  assert.match(fromDuck[3][0], /\|v$/);
});
