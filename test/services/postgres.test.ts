// The harness of scripts/services/ gave this run a real PostgreSQL on loopback: a reader that can read but not write,
// and a superuser. Everything PostgreSQL-backed in the suite relies on these variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

test('the run has a PostgreSQL on 127.0.0.1 with a reader and a superuser', async () => {
  const url = process.env.CONTRACTLENS_TEST_PG_URL;
  const su = process.env.CONTRACTLENS_TEST_PG_SUPERUSER_URL;
  assert.ok(url && su, 'scripts/run-tests.mjs sets CONTRACTLENS_TEST_PG_URL and CONTRACTLENS_TEST_PG_SUPERUSER_URL');
  assert.match(url, /@127\.0\.0\.1:\d+\//);
  const [reader] = await query(url, 'select current_user as name, usesuper from pg_user where usename = current_user');
  assert.deepEqual(reader, { name: process.env.CONTRACTLENS_TEST_PG_USER, usesuper: false });
  const [admin] = await query(su, 'select usesuper from pg_user where usename = current_user');
  assert.equal(admin.usesuper, true);
  await assert.rejects(query(url, 'create table reader_may_not_write(x int)'), /permission denied/);
});
