/**
 * SQL parsed in the dialect of the server it runs on: one contract per dialect, written the way teams write
 * them for that engine (test/fixtures/sql-dialects/), lints without a single error, and the same contract with a typo
 * gets CL123 at the typo, named in its dialect. Plus the parseContractSql API the engines' sandboxes use.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDbSqlParser, sharedSqlParser } from '../../../server/src/engine/data/sqlParser.ts';
import { dialectOfServerType, parseContractSql } from '../../../server/src/engine/sql/parse.ts';
import { ROOT } from '../../helpers/paths.ts';
import { lint, lintText, tuples, uriOf } from '../rules/helpers.ts';

const sqlParser = new DuckDbSqlParser();
after(async () => {
  await sqlParser.close();
  await sharedSqlParser().close();
});
const DIR = join(ROOT, 'test', 'fixtures', 'sql-dialects');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

test('one contract per dialect: zero errors and no unknown table', async () => {
  assert.ok(files.length >= 10);
  for (const f of files) {
    const found = await lint(join(DIR, f), [], { sqlParser });
    assert.deepEqual(tuples(found.filter((x) => x.severity === 'error' || x.code === 'CL128')), [], f);
  }
});

test('a typo in each dialect is a CL123 error at the typo, named in that dialect; an uncovered dialect says nothing', async () => {
  const expected: Record<string, string | undefined> = {
    'bigquery.odcs.yaml': 'BigQuery',
    'sqlserver.odcs.yaml': 'SQL Server',
    'snowflake.odcs.yaml': 'Snowflake',
    'databricks.odcs.yaml': 'Spark/Hive',
    'redshift.odcs.yaml': 'Redshift',
    'postgres.odcs.yaml': 'PostgreSQL',
    'mysql.odcs.yaml': 'MySQL',
    'trino.odcs.yaml': 'Trino',
    'duckdb.odcs.yaml': '',
    'oracle.odcs.yaml': undefined,
  };
  assert.deepEqual(Object.keys(expected).sort(), files);
  for (const f of files) {
    const text = readFileSync(join(DIR, f), 'utf8').replace('SELECT COUNT(*) FROM', 'SELECT COUNT(*) FRM');
    const found = (await lintText(uriOf(join(DIR, f)), text, undefined, { sqlParser })).filter((x) => x.code === 'CL123');
    const label = expected[f];
    if (label === undefined) {
      assert.deepEqual(found, [], `${f}: no parser covers the dialect, nothing is said`);
      continue;
    }
    assert.equal(found.length, 1, `${f}: ${found.map((x) => x.message).join('; ')}`);
    // At the typo or the token after it (where each grammar notices), never elsewhere.
    const typoLine = text.slice(0, text.indexOf('FRM')).split('\n').length;
    assert.ok(found[0].line === typoLine || found[0].line === typoLine + 1, `${f}: line ${found[0].line}, typo on ${typoLine}`);
    assert.ok(found[0].text.length > 0, f);
    if (label) assert.match(found[0].message, new RegExp(`^SQL syntax error \\(${label.replace('/', '\\/')}\\)`), f);
    else assert.match(found[0].message, /^SQL syntax error: /, f);
  }
});

test('a contract without a server: DuckDB decides, but SQL another engine parses is not called broken', async () => {
  const head = 'apiVersion: v3.1.0\nkind: DataContract\nid: s\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    quality:\n';
  const q = (sql: string) => `      - type: sql\n        query: "${sql}"\n        mustBe: 0\n`;
  const text = head + q('SELECT TOP 1 x FROM orders') + q('SELECT COUNT(*) FROM `orders`') + q('SELECT COUNT(*) FROM [orders]') + q('SELECT COUNT(*) FROM orders WHER x = 1');
  const found = (await lintText('file:///mem/noserver.odcs.yaml', text, undefined, { sqlParser })).filter((x) => x.severity === 'error');
  assert.deepEqual(tuples(found), [['CL123', 'error', 19, 50, 19, 51, 'x']]);
});

test('server types map to dialects; unknown ones to none', () => {
  assert.equal(dialectOfServerType('postgres'), 'postgresql');
  assert.equal(dialectOfServerType('PostgreSQL'), 'postgresql');
  assert.equal(dialectOfServerType('s3'), 'duckdb');
  assert.equal(dialectOfServerType('databricks'), 'hive');
  assert.equal(dialectOfServerType('sqlserver'), 'transactsql');
  assert.equal(dialectOfServerType('oracle'), undefined);
  assert.equal(dialectOfServerType('kafka'), undefined);
});

test('parseContractSql: statement kinds, tables (no CTEs), functions, or an error with its position', async () => {
  for (const dialect of ['postgresql', 'mysql', 'duckdb'] as const) {
    const p = await parseContractSql("WITH recent AS (SELECT * FROM sales.orders WHERE upper(status) = 'X') SELECT count(*) FROM recent JOIN customers c ON true", dialect);
    assert.ok(p.ok, dialect);
    assert.deepEqual(p.statements, ['select'], dialect);
    assert.deepEqual(p.tables.map((t) => [t.qualifier, t.name]).sort(), [[undefined, 'customers'], ['sales', 'orders']], dialect);
    assert.ok(p.functions.includes('upper'), `${dialect}: ${p.functions}`);
    assert.ok(p.functions.some((f) => f.startsWith('count')), `${dialect}: ${p.functions}`);
  }
  const bad = await parseContractSql('SELECT count(*) FROM orders WHER x', 'postgresql');
  assert.ok(!bad.ok);
  assert.equal(bad.error.kind, 'syntax');
  assert.equal(bad.error.offset, 'SELECT count(*) FROM orders WHER '.length);
  const fn = await parseContractSql("SELECT pg_read_file('/etc/passwd')", 'postgresql');
  assert.ok(fn.ok && fn.functions.includes('pg_read_file'));
  const del = await parseContractSql('DELETE FROM orders', 'mysql');
  assert.ok(del.ok && del.statements[0] === 'delete');
  const two = await parseContractSql('SELECT 1; SELECT 2', 'postgresql');
  assert.ok(two.ok && two.statements.length === 2);
});

test('grammar answers are cached by dialect and text (the same query on every keystroke costs nothing)', async () => {
  const sql = 'SELECT count(*) FROM cache_probe_pg WHERE amount::numeric < 0';
  const first = await parseContractSql(sql, 'postgresql');
  const t0 = process.hrtime.bigint();
  const second = await parseContractSql(sql, 'postgresql');
  assert.equal(second, first, 'the same answer object');
  assert.ok(Number(process.hrtime.bigint() - t0) / 1000 < 2000);
});
