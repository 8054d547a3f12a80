// The harness gave this run a real MariaDB on loopback with real grants (an admin, a SELECT-only reader), and a
// second PostgreSQL cluster on another port (the replica of cross-server reconcile tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import pg from 'pg';

test('the run has a MariaDB on 127.0.0.1: the reader reads and cannot write, the admin can', async () => {
  const url = process.env.CONTRACTLENS_TEST_MYSQL_URL;
  const admin = process.env.CONTRACTLENS_TEST_MYSQL_ADMIN_URL;
  assert.ok(url && admin, 'scripts/run-tests.mjs sets CONTRACTLENS_TEST_MYSQL_URL and CONTRACTLENS_TEST_MYSQL_ADMIN_URL');
  assert.match(url, /@127\.0\.0\.1:\d+\//);
  const reader = await mysql.createConnection(url);
  try {
    const [rows] = await reader.query('SELECT VERSION() AS v, CURRENT_USER() AS u');
    const [row] = rows as { v: string; u: string }[];
    assert.match(row.v, /MariaDB/);
    assert.equal(row.u, `${process.env.CONTRACTLENS_TEST_MYSQL_USER}@%`);
    await assert.rejects(reader.query('CREATE TABLE reader_may_not_write (x INT)'), /denied/);
  } finally {
    await reader.end();
  }
  const root = await mysql.createConnection(admin);
  try {
    await root.query('CREATE TABLE admin_may_write (x INT)');
    await root.query('DROP TABLE admin_may_write');
  } finally {
    await root.end();
  }
});

test('the replica PostgreSQL is a second cluster on another port', async () => {
  const primary = process.env.CONTRACTLENS_TEST_PG_PORT;
  const replica = process.env.CONTRACTLENS_TEST_PG_REPLICA_PORT;
  assert.ok(primary && replica && primary !== replica);
  const client = new pg.Client({ connectionString: process.env.CONTRACTLENS_TEST_PG_REPLICA_SUPERUSER_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT current_setting(\'port\') AS port');
    assert.equal(rows[0].port, replica);
  } finally {
    await client.end();
  }
});
