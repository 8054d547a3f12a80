/**
 * The same shop contracts, with a `type: postgres` server, checked INSIDE the run's real PostgreSQL: every injected
 * defect count equals the generator's bookkeeping (as on the files), every rule runs pushed down, and the reader's
 * credentials come from the environment only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openChecksSession } from '../../server/src/engine/data/checks/open.ts';
import type { CheckResult } from '../../server/src/engine/data/checks/results.ts';
import { runChecks } from '../../server/src/engine/data/checks/runner.ts';
import { addPostgresServer, loadShopIntoPostgres, pgEnv } from '../helpers/postgres.ts';
import { loadContracts, makeShop, type ShopCopy } from './exampleShop.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { withPg } from '../helpers/postgres.ts';

let shop: ShopCopy;
const SCHEMA = `shop_checks_${process.pid}`;

before(async () => {
  shop = makeShop(1500, 'cl-shop-pg-');
  const loaded = await loadShopIntoPostgres(join(shop.dir, 'data'), SCHEMA);
  assert.deepEqual(loaded, shop.expected.rows, 'every table loaded whole');
  addPostgresServer(shop.dir, 'shop-postgres', SCHEMA);
  const env = pgEnv();
  process.env.PGUSER = env.user;
  process.env.PGPASSWORD = env.password;
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

async function check(server: string, extra: { failedRowsDir?: string } = {}): Promise<CheckResult[]> {
  const { index, contracts } = loadContracts(shop.dir);
  const session = await openChecksSession({ checked: contracts, all: contracts, server, root: shop.dir, writeDirs: extra.failedRowsDir ? [extra.failedRowsDir] : undefined });
  try {
    return await runChecks(contracts.map((c) => ({ contract: c, display: c.uri })), { session, lookup: index, now: new Date(shop.expected.referenceTime), ...extra });
  } finally {
    await session.close();
  }
}

describe('checks pushed down into PostgreSQL', () => {
  let results: Map<string, CheckResult>;
  before(async () => {
    results = new Map((await check('shop-postgres')).map((r) => [r.rule, r]));
  });

  test('each injected defect is counted exactly, as on the files', () => {
    for (const [rule, expected] of Object.entries(shop.expected.failedRows)) {
      const r = results.get(rule);
      assert.ok(r, `a result for ${rule}`);
      assert.notEqual(r.status, 'error', `${rule}: ${r.message}`);
      assert.equal(r.failedRows, expected, `${rule}: ${r.message}`);
    }
  });

  test('no rule errs; rules with no injected defect find nothing; samples come from the server', () => {
    for (const r of results.values()) {
      assert.notEqual(r.status, 'error', `${r.rule}: ${r.message}`);
      if (r.failedRows !== null && !(r.rule in shop.expected.failedRows)) assert.equal(r.failedRows, 0, `${r.rule}: ${r.message}`);
    }
    const rowLevel = new Set(['required', 'option', 'enum', 'unique', 'primaryKey', 'relationship', 'retention']);
    const failed = [...results.values()].filter((r) => r.status === 'failed' && rowLevel.has(r.kind) && (r.failedRows ?? 0) > 0);
    assert.ok(failed.length > 5);
    for (const r of failed) assert.ok(r.samples && r.samples.length > 0 && r.samples.length <= 5, `${r.rule} has samples`);
  });
});

test('--failed-rows streams every failing row of a server table through a cursor into Parquet, as on files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cl-pg-failed-'));
  const local = mkdtempSync(join(tmpdir(), 'cl-files-failed-'));
  try {
    const rule = 'users.country_code.known_country';
    const results = await check('shop-postgres', { failedRowsDir: dir });
    const r = results.find((x) => x.rule === rule)!;
    assert.equal(r.failedRowsFile, join(dir, `${rule}.parquet`), JSON.stringify(r));
    assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.parquet')), [], 'no spool file is left behind');
    const onServer = await readParquet(r.failedRowsFile!);
    assert.equal(onServer.length, shop.expected.failedRows[rule]);
    // The same rows, the same columns, the same file type as from the Parquet files of the shop.
    const fromFiles = (await check('local-parquet', { failedRowsDir: local })).find((x) => x.rule === rule)!;
    assert.equal(fromFiles.failedRowsFile, join(local, `${rule}.parquet`));
    const fileRows = await readParquet(fromFiles.failedRowsFile!);
    assert.deepEqual(Object.keys(onServer[0]), Object.keys(fileRows[0]));
    const ids = (rows: Record<string, unknown>[]) => rows.map((x) => String(x.user_id)).sort();
    assert.deepEqual(ids(onServer), ids(fileRows));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(local, { recursive: true, force: true });
  }
});

describe('the real CLI on a postgres server', () => {
  const env = () => ({ PGUSER: pgEnv().user, PGPASSWORD: pgEnv().password });
  before(() => ensureBuilt());

  test('check: the same counts, exit 1, nothing read from the contract but host, port, database and schema', async () => {
    const r = await runCli(['check', '--server', 'shop-postgres', '--now', shop.expected.referenceTime, '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: env(), timeoutMs: 120_000 });
    assert.equal(r.status, 1, r.stderr);
    const results = (JSON.parse(r.stdout).results ?? JSON.parse(r.stdout).files?.flatMap((f: { results: unknown[] }) => f.results)) as CheckResult[];
    const byRule = new Map(results.map((x) => [x.rule, x]));
    for (const [rule, expected] of Object.entries(shop.expected.failedRows)) assert.equal(byRule.get(rule)?.failedRows, expected, rule);
  });

  test('DATACONTRACT_POSTGRES_USERNAME/_PASSWORD are read too; a wrong password is one clear error per table, not a crash', async () => {
    const ok = await runCli(['check', 'orders.odcs.yaml', '--server', 'shop-postgres', '--only', 'metric', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: { PGUSER: '', PGPASSWORD: '', DATACONTRACT_POSTGRES_USERNAME: pgEnv().user, DATACONTRACT_POSTGRES_PASSWORD: pgEnv().password }, timeoutMs: 60_000 });
    assert.doesNotMatch(ok.stdout, /Cannot connect/, ok.stdout);
    const bad = await runCli(['check', 'orders.odcs.yaml', '--server', 'shop-postgres', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: { PGUSER: pgEnv().user, PGPASSWORD: 'wrong' }, timeoutMs: 60_000 });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /Cannot connect to postgres:\/\/127\.0\.0\.1:\d+\/contractlens_test \(schema shop_checks_\d+\) as contractlens_reader: password authentication failed/);
    assert.doesNotMatch(bad.stdout + bad.stderr, /wrong/, 'the password is never printed');
  });

  test('drift: real nullability (CL204) and PostgreSQL types against the contract', async () => {
    await withPg(pgEnv().superUrl, (c) => c.query(`ALTER TABLE "${SCHEMA}".orders ALTER COLUMN status SET NOT NULL; ALTER TABLE "${SCHEMA}".orders ADD COLUMN note text`).catch(() => undefined));
    const r = await runCli(['drift', 'orders.odcs.yaml', '--server', 'shop-postgres', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: env(), timeoutMs: 60_000 });
    const findings = JSON.parse(r.stdout).files[0].findings as { code: string; message: string }[];
    const codes = findings.map((f) => `${f.code} ${f.message}`);
    assert.ok(codes.some((c) => /^CL202 .*"note"/.test(c)), codes.join('\n'));
    assert.ok(codes.some((c) => /^CL204 "order_id"/.test(c)), codes.join('\n'));
    assert.ok(!codes.some((c) => /^CL204 "status"/.test(c)), 'status is NOT NULL now: no CL204');
    assert.ok(!codes.some((c) => c.startsWith('CL203')), `types match: ${codes.join('\n')}`);
  });

  test('preview: the first rows and their broken cells, computed in PostgreSQL', async () => {
    const r = await runCli(['preview', 'users.odcs.yaml', '--server', 'shop-postgres', '--limit', '200', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: env(), timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const preview = JSON.parse(r.stdout);
    const p = Array.isArray(preview) ? preview[0] : preview.previews?.[0] ?? preview;
    assert.equal(p.rows.length, Math.min(200, shop.expected.rows.users));
    assert.ok(p.brokenCells > 0, 'cells breaking rules are marked');
  });
});

describe('contractlens doctor --server', () => {
  before(() => ensureBuilt());

  test('the reader: reachable, SELECT only, exit 0', async () => {
    const r = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-postgres', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: { PGUSER: pgEnv().user, PGPASSWORD: pgEnv().password }, timeoutMs: 60_000 });
    const report = JSON.parse(r.stdout);
    assert.equal(r.status, 0, r.stdout);
    assert.equal(report.rights.role, pgEnv().user);
    assert.deepEqual(report.rights.tables, [{ table: 'orders', exists: true, privileges: ['SELECT'] }]);
    assert.equal(report.rights.sessionReadOnly, true);
  });

  test('a superuser: warned, exit 1', async () => {
    const r = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-postgres', '--root', shop.dir], { cwd: shop.dir, env: { PGUSER: pgEnv().superuser, PGPASSWORD: pgEnv().superPassword }, timeoutMs: 60_000 });
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /warning: role contractlens_admin is a superuser/);
    assert.match(r.stdout, /warning: role contractlens_admin can INSERT, UPDATE, DELETE, TRUNCATE on orders/);
  });
});

describe('CONTRACTLENS_PG_ROLE: a superuser login switched to a read-only role', () => {
  const ROLE = `cl_readonly_${process.pid}`;
  const asRole = (role = ROLE) => ({ PGUSER: pgEnv().superuser, PGPASSWORD: pgEnv().superPassword, CONTRACTLENS_PG_ROLE: role });
  before(async () => {
    ensureBuilt();
    await withPg(pgEnv().superUrl, (c) =>
      c.query(`DROP ROLE IF EXISTS ${ROLE}; CREATE ROLE ${ROLE} NOLOGIN; GRANT USAGE ON SCHEMA "${SCHEMA}" TO ${ROLE};
               GRANT SELECT ON ALL TABLES IN SCHEMA "${SCHEMA}" TO ${ROLE}; REVOKE SELECT ON "${SCHEMA}".products FROM ${ROLE}`),
    );
  });
  after(() => withPg(pgEnv().superUrl, (c) => c.query(`DROP OWNED BY ${ROLE}; DROP ROLE ${ROLE}`)));

  test('doctor reports the effective role, not the login, and finds it read-only: exit 0', async () => {
    const json = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-postgres', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: asRole(), timeoutMs: 60_000 });
    assert.equal(json.status, 0, json.stdout);
    const report = JSON.parse(json.stdout);
    assert.equal(report.rights.role, ROLE);
    assert.equal(report.rights.loginRole, pgEnv().superuser);
    assert.equal(report.rights.superuser, false);
    assert.deepEqual(report.rights.tables, [{ table: 'orders', exists: true, privileges: ['SELECT'] }]);
    assert.deepEqual(report.warnings, []);
    const text = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-postgres', '--root', shop.dir], { cwd: shop.dir, env: asRole(), timeoutMs: 60_000 });
    assert.match(text.stdout, new RegExp(`role ${ROLE} \\(logged in as ${pgEnv().superuser}, then SET ROLE\\)`));
  });

  test('check runs with the role\'s rights: the same counts where it may read, a clear error where it may not', async () => {
    const r = await runCli(['check', 'orders.odcs.yaml', 'products.odcs.yaml', '--server', 'shop-postgres', '--now', shop.expected.referenceTime, '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: asRole(), timeoutMs: 120_000 });
    const results = (JSON.parse(r.stdout).results ?? JSON.parse(r.stdout).files?.flatMap((f: { results: unknown[] }) => f.results)) as CheckResult[];
    const byRule = new Map(results.map((x) => [x.rule, x]));
    for (const [rule, expected] of Object.entries(shop.expected.failedRows).filter(([k]) => k.startsWith('orders.'))) assert.equal(byRule.get(rule)?.failedRows, expected, `${rule}: ${byRule.get(rule)?.message}`);
    const products = results.filter((x) => x.schema === 'products');
    // The catalog still shows its columns (presence, type pass); nothing that reads a row can run.
    const reading = products.filter((x) => !['presence', 'type'].includes(x.kind));
    assert.ok(reading.length > 0 && reading.every((x) => x.status === 'error' && /permission denied for table products/.test(x.message ?? '')), JSON.stringify(reading.slice(0, 2)));
  });

  test('a role the login cannot switch to is one clear connection error naming it', async () => {
    const r = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-postgres', '--root', shop.dir], { cwd: shop.dir, env: { PGUSER: pgEnv().user, PGPASSWORD: pgEnv().password, CONTRACTLENS_PG_ROLE: pgEnv().superuser }, timeoutMs: 60_000 });
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`NOT reachable[\\s\\S]*\\(role ${pgEnv().superuser}\\): permission denied to set role`));
  });
});

describe('reconcile two tables of one PostgreSQL database', () => {
  before(async () => {
    ensureBuilt();
    // The generator's replica of orders, loaded beside the source table in its own schema.
    await loadShopIntoPostgres(join(shop.dir, 'data', 'parquet', 'replica'), `${SCHEMA}_replica`, { flat: true });
    const path = join(shop.dir, 'orders.odcs.yaml');
    const env = pgEnv();
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^servers:\n/m, `servers:\n  - server: pg-replica\n    type: postgres\n    host: \${CONTRACTLENS_TEST_PG_HOST}\n    port: \${CONTRACTLENS_TEST_PG_PORT}\n    database: ${env.database}\n    schema: ${SCHEMA}_replica\n`));
  });

  test('one FULL JOIN in the server: missing, extra and changed rows equal the generator bookkeeping', async () => {
    const r = await runCli(['reconcile', 'orders.odcs.yaml', '--server', 'shop-postgres', '--against', 'pg-replica', '--format', 'json', '--root', shop.dir], { cwd: shop.dir, env: { PGUSER: pgEnv().user, PGPASSWORD: pgEnv().password }, timeoutMs: 120_000 });
    const results = JSON.parse(r.stdout).results as CheckResult[];
    assert.ok(results.length > 3, r.stdout.slice(0, 2000));
    const by = new Map(results.map((x) => [x.rule.replace(/^orders\.reconcile\./, ''), x]));
    assert.equal(by.get('missing')?.failedRows, shop.expected.reconcile.missingInReplica, JSON.stringify(by.get('missing')));
    assert.equal(by.get('extra')?.failedRows, shop.expected.reconcile.extraInReplica);
    assert.equal(by.get('changed')?.failedRows, shop.expected.reconcile.changedRows);
    for (const [col, n] of Object.entries(shop.expected.reconcile.changedColumns)) assert.equal(by.get(`column.${col}`)?.failedRows, n, col);
    assert.ok((by.get('missing')?.samples?.length ?? 0) > 0, 'samples of missing rows come from the server');
  });
});

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
