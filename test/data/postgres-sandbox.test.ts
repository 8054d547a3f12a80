/**
 * Contract SQL on a real PostgreSQL is one read-only SELECT that reaches nothing beyond the tables: every escape below
 * is refused, as the reader AND as a superuser, and the tables' contents are unchanged afterwards (checksums).
 * Sessions are read-only, carry application_name=contractlens, and a cancelled or timed-out query stops on the server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PgInterrupted, PostgresEngine } from '../../server/src/engine/data/engines/postgres/engine.ts';
import { pgEnv, withPg } from '../helpers/postgres.ts';

const SCHEMA = `sandbox_${process.pid}`;
const ESCAPES: [string, string][] = [
  ['reads a server file', "SELECT pg_read_file('/etc/passwd')"],
  ['reads a server file as bytes', "SELECT pg_read_binary_file('PG_VERSION')"],
  ['lists a server folder', "SELECT * FROM pg_ls_dir('.')"],
  ['stats a server file', "SELECT (pg_stat_file('PG_VERSION')).size"],
  ['quoted function name', `SELECT "pg_read_file"('/etc/passwd')`],
  ['comment between name and parenthesis', "SELECT pg_read_file/**/('/etc/passwd')"],
  ['schema-qualified', "SELECT pg_catalog.pg_read_file('/etc/passwd')"],
  ['imports a large object', "SELECT lo_import('/etc/passwd')"],
  ['exports a large object', "SELECT lo_export(1, '/tmp/x')"],
  ['reaches another server', "SELECT * FROM dblink('host=example.org', 'select 1') AS t(x int)"],
  ['kills another session', 'SELECT pg_terminate_backend(pg_backend_pid())'],
  ['changes a setting', "SELECT set_config('default_transaction_read_only', 'off', false)"],
  ['runs SQL from a string', "SELECT query_to_xml('DELETE FROM t', true, false, '')"],
  ['two statements', `SELECT 1; DELETE FROM "${SCHEMA}".t`],
  ['writes through a CTE', `WITH d AS (DELETE FROM "${SCHEMA}".t RETURNING *) SELECT count(*) FROM d`],
  ['creates a table with INTO', `SELECT * INTO "${SCHEMA}".copy FROM "${SCHEMA}".t`],
  ['COPY to a program', "COPY (SELECT 1) TO PROGRAM 'touch /tmp/pwned'"],
  ['plain DELETE', `DELETE FROM "${SCHEMA}".t`],
  ['locks rows', `SELECT * FROM "${SCHEMA}".t FOR UPDATE`],
  ['advances a sequence', `SELECT nextval('"${SCHEMA}".s')`],
  ['unicode-escaped name', `SELECT U&"pg_read_file"('/etc/passwd')`],
];

async function checksum(): Promise<string> {
  return withPg(pgEnv().superUrl, async (c) => String((await c.query(`SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) || ':' || (SELECT last_value FROM "${SCHEMA}".s) AS h FROM "${SCHEMA}".t AS t`)).rows[0].h));
}

function connect(as: 'reader' | 'superuser', timeoutMs = 10_000): Promise<PostgresEngine> {
  const env = pgEnv();
  const credentials = as === 'reader' ? { user: env.user, password: env.password } : { user: env.superuser, password: env.superPassword };
  return PostgresEngine.connect({ host: env.host, port: Number(env.port), database: env.database, schema: SCHEMA }, { timeoutMs, credentials });
}

before(async () => {
  await withPg(pgEnv().superUrl, async (c) => {
    await c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE; CREATE SCHEMA "${SCHEMA}"; CREATE TABLE "${SCHEMA}".t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1000) g; CREATE SEQUENCE "${SCHEMA}".s`);
    await c.query(`GRANT USAGE ON SCHEMA "${SCHEMA}" TO ${pgEnv().user}`);
  });
});
after(async () => {
  await withPg(pgEnv().superUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`));
});

for (const as of ['reader', 'superuser'] as const) {
  describe(`contract SQL as the ${as}`, () => {
    let engine: PostgresEngine;
    before(async () => {
      engine = await connect(as);
    });
    after(() => engine.close());

    test('a plain SELECT runs, read-only, with application_name contractlens', async () => {
      const rows = await engine.queryUntrusted(`SELECT count(*) AS n, current_setting('transaction_read_only') AS ro, current_setting('application_name') AS app FROM t`);
      assert.deepEqual(rows, [{ n: '1000', ro: 'on', app: 'contractlens' }]);
    });

    for (const [what, sql] of ESCAPES) {
      test(`refused: ${what}`, async () => {
        const before = await checksum();
        await assert.rejects(engine.queryUntrusted(sql), (e: Error) => e.name === 'UntrustedSqlRejected' || /read-only|permission denied|cannot/.test(e.message));
        assert.equal(await checksum(), before, 'the table and the sequence are unchanged');
      });
    }

    test('even engine SQL cannot write: the session itself is READ ONLY', async () => {
      await assert.rejects(engine.query(`DELETE FROM "${SCHEMA}".t`), /read-only transaction|permission denied/);
    });
  });
}

test('a cancelled query stops on the server, not just in the client', async () => {
  const engine = await connect('reader');
  try {
    const controller = new AbortController();
    const started = Date.now();
    const run = engine.queryUntrusted('SELECT count(*) FROM generate_series(1, 1000000000)', { signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    await assert.rejects(run, (e: Error) => e instanceof PgInterrupted && e.reason === 'cancelled');
    assert.ok(Date.now() - started < 5000, 'answered soon after the cancel');
    const active = await withPg(pgEnv().superUrl, async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'contractlens' AND state = 'active' AND query LIKE '%generate_series%'`)).rows[0].n);
    assert.equal(active, 0, 'no contractlens query still running on the server');
    assert.deepEqual(await engine.query('SELECT 1 AS x'), [{ x: 1 }], 'the session is usable afterwards');
  } finally {
    await engine.close();
  }
});

test('a timeout stops the query on the server (statement_timeout) with a clear message', async () => {
  const engine = await connect('reader', 700);
  try {
    await assert.rejects(engine.queryUntrusted('SELECT count(*) FROM generate_series(1, 1000000000)'), (e: Error) => e instanceof PgInterrupted && e.reason === 'timeout' && /700 ms/.test(e.message));
  } finally {
    await engine.close();
  }
});
