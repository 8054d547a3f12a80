/**
 * The same shop contracts with a `type: mysql` server, checked INSIDE the run's real MariaDB (MySQL dialect, read-only
 * session as the SELECT-only reader, credentials from the environment only): every injected defect count equals the
 * generator's bookkeeping, as on the files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openChecksSession } from '../../server/src/engine/data/checks/open.ts';
import type { CheckResult } from '../../server/src/engine/data/checks/results.ts';
import { runChecks } from '../../server/src/engine/data/checks/runner.ts';
import { loadFileIntoMysql, mysqlReaderEnv, mysqlServerYaml } from '../helpers/mysqlLoad.ts';
import { loadContracts, makeShop, type ShopCopy } from './exampleShop.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';

let shop: ShopCopy;

before(async () => {
  ensureBuilt();
  shop = makeShop(1500, 'cl-shop-mysql-');
  for (const f of readdirSync(join(shop.dir, 'data', 'parquet')).filter((n) => n.endsWith('.parquet'))) {
    await loadFileIntoMysql(join(shop.dir, 'data', 'parquet', f), f.replace(/\.parquet$/, ''));
  }
  for (const f of readdirSync(shop.dir).filter((n) => n.endsWith('.odcs.yaml'))) {
    const text = readFileSync(join(shop.dir, f), 'utf8');
    writeFileSync(join(shop.dir, f), text.replace('servers:\n', `servers:\n${mysqlServerYaml('shop-mariadb')}`));
  }
  Object.assign(process.env, mysqlReaderEnv());
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

async function check(server: string): Promise<CheckResult[]> {
  const { index, contracts } = loadContracts(shop.dir);
  const session = await openChecksSession({ checked: contracts, all: contracts, server, root: shop.dir });
  try {
    return await runChecks(contracts.map((c) => ({ contract: c, display: c.uri })), { session, lookup: index, now: new Date(shop.expected.referenceTime) });
  } finally {
    await session.close();
  }
}

describe('checks pushed down into MariaDB', () => {
  let results: Map<string, CheckResult>;
  before(async () => {
    results = new Map((await check('shop-mariadb')).map((r) => [r.rule, r]));
  });

  test('each injected defect is counted exactly, as on the files', () => {
    const wrong: string[] = [];
    for (const [rule, expected] of Object.entries(shop.expected.failedRows)) {
      const r = results.get(rule);
      if (!r || r.failedRows !== expected) wrong.push(`${rule}: expected ${expected}, got ${r?.failedRows} (${r?.status}: ${r?.message})`);
    }
    assert.deepEqual(wrong, []);
  });

  test('no rule errs; rules with no injected defect find nothing', () => {
    const wrong: string[] = [];
    for (const r of results.values()) {
      if (r.status === 'error') wrong.push(`${r.rule}: ${r.message}`);
      else if (r.failedRows !== null && r.failedRows !== 0 && !(r.rule in shop.expected.failedRows)) wrong.push(`${r.rule}: ${r.failedRows} (${r.message})`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('preview and drift on MariaDB through the CLI', () => {
  test('preview: the first rows, from the server, with the MySQL column types', async () => {
    const r = await runCli(['preview', 'orders.odcs.yaml', '--server', 'shop-mariadb', '--limit', '3', '--format', 'json'], { cwd: shop.dir, env: mysqlReaderEnv(), timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    const text = JSON.stringify(json);
    assert.match(text, /datetime\(6\)/);
    assert.match(text, /"order_id"/);
  });

  test('drift: MySQL types map to the contract (no CL203), real nullability gives CL204', async () => {
    const r = await runCli(['drift', 'orders.odcs.yaml', '--server', 'shop-mariadb', '--format', 'json'], { cwd: shop.dir, env: mysqlReaderEnv(), timeoutMs: 60_000 });
    const text = r.stdout;
    assert.doesNotMatch(text, /CL203/, text.slice(0, 3000));
    assert.match(text, /CL204/);
  });
});

describe('contractlens doctor --server on MariaDB', () => {
  test('the SELECT-only reader: reachable, its grants listed, SELECT only, exit 0', async () => {
    const r = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-mariadb', '--format', 'json'], { cwd: shop.dir, env: mysqlReaderEnv(), timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.connected, true);
    assert.match(report.grants.user, new RegExp(`^${process.env.CONTRACTLENS_TEST_MYSQL_USER}@`));
    assert.deepEqual(report.grants.tables, [{ table: 'orders', exists: true, privileges: ['SELECT'] }]);
    assert.ok(report.grants.grants.some((g: string) => /GRANT SELECT, SHOW VIEW ON `contractlens_test`\.\*/.test(g)), JSON.stringify(report.grants.grants));
    assert.equal(report.grants.sessionReadOnly, true);
    assert.deepEqual(report.warnings, []);
    // The password hash of the account never reaches the output.
    assert.doesNotMatch(r.stdout, /\*[0-9A-F]{40}/);
  });

  test('the all-privileges admin (root-like, WITH GRANT OPTION): warned about SUPER, FILE and writes; exit 1', async () => {
    const env = { DATACONTRACT_MYSQL_USERNAME: process.env.CONTRACTLENS_TEST_MYSQL_ADMIN!, DATACONTRACT_MYSQL_PASSWORD: process.env.CONTRACTLENS_TEST_MYSQL_ADMIN_PASSWORD! };
    const r = await runCli(['doctor', 'orders.odcs.yaml', '--server', 'shop-mariadb'], { cwd: shop.dir, env, timeoutMs: 60_000 });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /warning: user contractlens_admin@%? ?\S* has SUPER/);
    assert.match(r.stdout, /warning: user \S+ has FILE: it may read and write the server's files/);
    assert.match(r.stdout, /warning: user \S+ can INSERT, UPDATE, DELETE, CREATE, DROP/);
    assert.match(r.stdout, /grant: GRANT ALL PRIVILEGES ON \*\.\* TO `contractlens_admin`/);
    assert.doesNotMatch(r.stdout, /\*[0-9A-F]{40}/, 'no password hash');
    assert.doesNotMatch(r.stdout, new RegExp(process.env.CONTRACTLENS_TEST_MYSQL_ADMIN_PASSWORD!));
  });
});
