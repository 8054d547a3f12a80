/**
 * `contractlens init --from postgres://… | mysql://…` through the real CLI against the run's real PostgreSQL and
 * MariaDB: the contract comes from the catalog (types, NOT NULL, primary and unique keys, foreign keys) plus a profile
 * run in the database; it lints clean, `check` passes against the same database with zero failures, and no
 * credential is written into it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop } from '../data/exampleShop.ts';
import { loadShopIntoPostgres, pgEnv, withPg } from '../helpers/postgres.ts';
import { withAdmin } from '../helpers/mysqlLoad.ts';

interface Prop {
  name: string;
  logicalType?: string;
  physicalType: string;
  required?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  primaryKeyPosition?: number;
  logicalTypeOptions?: Record<string, unknown>;
  relationships?: { type: string; to: string }[];
  quality?: { metric: string; arguments: { validValues: string[] } }[];
}
interface Contract {
  name: string;
  servers: Record<string, unknown>[];
  schema: { name: string; physicalName: string; properties: Prop[] }[];
}

const dirs: string[] = [];
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'cl-init-db-'));
  dirs.push(d);
  return d;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function props(c: Contract, table: string): Map<string, Prop> {
  const s = c.schema.find((x) => x.name === table);
  assert.ok(s, `schema object ${table} in ${c.schema.map((x) => x.name).join(', ')}`);
  return new Map(s.properties.map((p) => [p.name, p]));
}

/** Lint (no finding at all) and check (every rule passed or skipped, none failed or in error) through the CLI. */
async function lintAndCheck(dir: string, file: string, env: Record<string, string>): Promise<{ status: string; rule: string }[]> {
  const lint = await runCli(['lint', file, '--format', 'json'], { cwd: dir });
  const findings = JSON.parse(lint.stdout).files.flatMap((f: { diagnostics: { code: string; message: string }[] }) => f.diagnostics.map((d) => `${d.code} ${d.message}`));
  assert.deepEqual(findings, [], 'lint: no finding at all');
  assert.equal(lint.status, 0);
  const check = await runCli(['check', file, '--format', 'json', '--timeout', '60000'], { cwd: dir, env, timeoutMs: 120_000 });
  const results = collect(JSON.parse(check.stdout));
  assert.deepEqual(results.filter((r) => r.status !== 'passed' && r.status !== 'skipped').map((r) => `${r.rule}: ${r.status} ${r.message}`), []);
  assert.equal(check.status, 0, check.stderr);
  return results;
}

function collect(json: unknown): { status: string; rule: string; message: string }[] {
  const out: { status: string; rule: string; message: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.rule === 'string' && typeof o.status === 'string') out.push(o as never);
      else Object.values(o).forEach(walk);
    }
  };
  walk(json);
  return out;
}

/** Three related tables: a single and a composite primary key, a unique column, foreign keys, enums, a text date. */
const PG_SCHEMA = 'init_db';
const PG_TABLES = `
  CREATE TABLE ${PG_SCHEMA}.customers (
    customer_id integer PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, country char(2), tier text NOT NULL,
    signup_day text, created_at timestamptz NOT NULL, score real);
  CREATE TABLE ${PG_SCHEMA}.orders (
    order_id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES ${PG_SCHEMA}.customers, status text NOT NULL,
    amount numeric(10,2) NOT NULL, placed_on date, note text, paid boolean, tags text[]);
  CREATE TABLE ${PG_SCHEMA}.order_lines (
    order_id bigint NOT NULL REFERENCES ${PG_SCHEMA}.orders, line_no smallint NOT NULL, sku text NOT NULL, qty integer NOT NULL,
    PRIMARY KEY (order_id, line_no));
  INSERT INTO ${PG_SCHEMA}.customers
    SELECT g, 'c' || g || '@example.com', CASE WHEN g % 5 = 0 THEN NULL ELSE (ARRAY['DE','FR','NL'])[1 + g % 3] END,
           (ARRAY['gold','silver','bronze'])[1 + g % 3], to_char(DATE '2024-01-01' + g, 'DD/MM/YYYY'),
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 hour', g * 0.5
      FROM generate_series(1, 40) g;
  INSERT INTO ${PG_SCHEMA}.orders
    SELECT g, 1 + g % 40, (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4], round((g * 3.17)::numeric, 2),
           DATE '2024-03-01' + g % 30, CASE WHEN g % 7 = 0 THEN 'gift' END, g % 2 = 0, ARRAY['a', 'b']
      FROM generate_series(1, 120) g;
  INSERT INTO ${PG_SCHEMA}.order_lines SELECT 1 + g % 120, g / 120, 'SKU-' || (g % 17), 1 + g % 5 FROM generate_series(0, 299) g;
`;

describe('init --from postgres://', () => {
  let env: ReturnType<typeof pgEnv>;
  let readerEnv: Record<string, string>;
  before(async () => {
    ensureBuilt();
    env = pgEnv();
    readerEnv = { PGUSER: env.user, PGPASSWORD: env.password };
    await withPg(env.superUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE; CREATE SCHEMA ${PG_SCHEMA}; ${PG_TABLES}`));
  });

  test('--schema: every table, keys and relationships from the catalog; lints clean, checks clean, no credential written', async () => {
    const dir = scratch();
    // The reader's password in the URL: used to connect, written nowhere.
    const r = await runCli(['init', '--from', env.url, '--schema', PG_SCHEMA, '-o', 'shop.odcs.yaml'], { cwd: dir, env: { PGUSER: '', PGPASSWORD: '' }, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Wrote shop\.odcs\.yaml: 3 schema object\(s\)/);
    const text = readFileSync(join(dir, 'shop.odcs.yaml'), 'utf8');
    assert.ok(!text.includes(env.password), 'the password is not in the contract');
    assert.ok(!text.includes(env.user), 'the user is not in the contract');
    assert.ok(!r.stderr.includes(env.password) && !r.stdout.includes(env.password));
    const c = parse(text) as Contract;
    assert.deepEqual(c.servers, [{ server: 'postgres', type: 'postgres', host: env.host, port: Number(env.port), database: env.database, schema: PG_SCHEMA }]);
    assert.deepEqual(c.schema.map((s) => s.name), ['customers', 'order_lines', 'orders']);

    const customers = props(c, 'customers');
    assert.deepEqual(customers.get('customer_id'), { name: 'customer_id', logicalType: 'integer', physicalType: 'integer', primaryKey: true, primaryKeyPosition: 1, required: true, logicalTypeOptions: { minimum: 1, maximum: 40 } });
    assert.equal(customers.get('email')!.unique, true);
    assert.equal(customers.get('email')!.required, true);
    assert.equal(customers.get('email')!.physicalType, 'character varying(120)');
    assert.equal(customers.get('country')!.required, undefined, 'nullable column');
    assert.deepEqual(customers.get('tier')!.quality![0].arguments.validValues, ['bronze', 'gold', 'silver']);
    assert.equal(customers.get('signup_day')!.logicalType, 'date');
    assert.equal(customers.get('signup_day')!.logicalTypeOptions!.format, 'dd/MM/yyyy');
    assert.equal(customers.get('created_at')!.logicalType, 'timestamp');
    assert.equal(customers.get('score')!.logicalType, 'number');

    const orders = props(c, 'orders');
    assert.deepEqual(orders.get('customer_id')!.relationships, [{ type: 'foreignKey', to: 'customers.customer_id' }]);
    assert.deepEqual(orders.get('status')!.quality![0].arguments.validValues, ['cancelled', 'new', 'paid', 'shipped']);
    assert.deepEqual(orders.get('amount')!.logicalTypeOptions, { minimum: 3.17, maximum: 380.4 });
    assert.equal(orders.get('placed_on')!.logicalType, 'date');
    assert.equal(orders.get('paid')!.logicalType, 'boolean');
    assert.equal(orders.get('tags')!.logicalType, 'array');

    const lines = props(c, 'order_lines');
    assert.deepEqual([lines.get('order_id')!.primaryKeyPosition, lines.get('line_no')!.primaryKeyPosition], [1, 2]);
    assert.deepEqual(lines.get('order_id')!.relationships, [{ type: 'foreignKey', to: 'orders.order_id' }]);

    const results = await lintAndCheck(dir, 'shop.odcs.yaml', readerEnv);
    const passed = results.filter((x) => x.status === 'passed').map((x) => x.rule);
    for (const rule of ['orders.customer_id.relationship', 'order_lines.primaryKey', 'customers.email.unique', 'customers.signup_day.format', 'orders.amount.minimum']) {
      assert.ok(passed.includes(rule), `${rule} ran and passed (${passed.join(', ')})`);
    }
  });

  test('--table: one table; a foreign key to a table outside the contract is not written', async () => {
    const dir = scratch();
    const r = await runCli(['init', '--from', `postgres://${env.host}:${env.port}/${env.database}`, '--schema', PG_SCHEMA, '--table', 'orders'], { cwd: dir, env: readerEnv, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const c = parse(readFileSync(join(dir, 'orders.odcs.yaml'), 'utf8')) as Contract;
    assert.equal(c.name, 'orders');
    assert.deepEqual(c.schema.map((s) => s.name), ['orders']);
    assert.equal(props(c, 'orders').get('customer_id')!.relationships, undefined);
    await lintAndCheck(dir, 'orders.odcs.yaml', readerEnv);
  });

  test('the example shop tables (no declared keys, injected defects) give a contract that checks clean', async () => {
    const shop = makeShop(600, 'cl-init-db-shop-');
    dirs.push(shop.dir);
    await loadShopIntoPostgres(join(shop.dir, 'data'), 'init_shop');
    const dir = scratch();
    const r = await runCli(['init', '--from', `postgresql://${env.host}:${env.port}/${env.database}`, '--schema', 'init_shop', '--name', 'shop'], { cwd: dir, env: readerEnv, timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const c = parse(readFileSync(join(dir, 'shop.odcs.yaml'), 'utf8')) as Contract;
    assert.deepEqual(c.schema.map((s) => s.name).sort(), ['events', 'inventory', 'order_items', 'orders', 'products', 'users']);
    assert.ok(props(c, 'orders').get('status')!.quality![0].arguments.validValues.includes('shipped'));
    await lintAndCheck(dir, 'shop.odcs.yaml', readerEnv);
  });

  test('bad input: a missing table, a wrong password (never echoed), an unreachable port', async () => {
    const dir = scratch();
    const missing = await runCli(['init', '--from', env.url, '--schema', PG_SCHEMA, '--table', 'nope'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /table init_db\.nope does not exist/);
    const wrong = await runCli(['init', '--from', `postgres://${env.user}:Wr0ngSecret@${env.host}:${env.port}/${env.database}`, '--table', 'x'], { cwd: dir, env: { PGPASSWORD: '' }, timeoutMs: 60_000 });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /password authentication failed/);
    assert.doesNotMatch(wrong.stderr, /Wr0ngSecret/);
    const usage = await runCli(['init', '--from', 'orders.csv', '--table', 'orders'], { cwd: dir });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--table and --schema apply to a database URL/);
  });
});

describe('init --from mysql:// (MariaDB)', () => {
  const DB = 'cl_init';
  let base: URL;
  let readerEnv: Record<string, string>;
  before(async () => {
    ensureBuilt();
    base = new URL(process.env.CONTRACTLENS_TEST_MYSQL_URL!);
    readerEnv = { DATACONTRACT_MYSQL_USERNAME: decodeURIComponent(base.username), DATACONTRACT_MYSQL_PASSWORD: decodeURIComponent(base.password) };
    await withAdmin(async (c) => {
      for (const sql of [
        `DROP DATABASE IF EXISTS ${DB}`,
        `CREATE DATABASE ${DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
        `GRANT SELECT ON ${DB}.* TO '${decodeURIComponent(base.username)}'@'%'`,
        `CREATE TABLE ${DB}.customers (customer_id INT PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE, country CHAR(2), tier ENUM('gold','silver','bronze') NOT NULL,
           signup_day VARCHAR(10), created_at DATETIME(6) NOT NULL, score DOUBLE, active TINYINT(1) NOT NULL)`,
        `CREATE TABLE ${DB}.orders (order_id BIGINT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(20) NOT NULL, amount DECIMAL(10,2) NOT NULL,
           placed_on DATE, note TEXT, FOREIGN KEY (customer_id) REFERENCES ${DB}.customers (customer_id))`,
        `CREATE TABLE ${DB}.order_lines (order_id BIGINT NOT NULL, line_no SMALLINT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT NOT NULL,
           PRIMARY KEY (order_id, line_no), FOREIGN KEY (order_id) REFERENCES ${DB}.orders (order_id))`,
      ]) await c.query(sql);
      const tiers = ['gold', 'silver', 'bronze'];
      const customers = Array.from({ length: 40 }, (_, i) => {
        const g = i + 1;
        const day = new Date(Date.UTC(2024, 0, 1 + g));
        const dd = (n: number) => String(n).padStart(2, '0');
        return [g, `c${g}@example.com`, g % 5 === 0 ? null : ['DE', 'FR', 'NL'][g % 3], tiers[g % 3], `${dd(day.getUTCDate())}/${dd(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`,
          `2024-01-01 ${dd(g % 24)}:00:00.000000`, g * 0.5, g % 2];
      });
      await c.query(`INSERT INTO ${DB}.customers VALUES ?`, [customers]);
      const statuses = ['new', 'paid', 'shipped', 'cancelled'];
      await c.query(`INSERT INTO ${DB}.orders VALUES ?`, [Array.from({ length: 120 }, (_, i) => [i + 1, 1 + ((i + 1) % 40), statuses[(i + 1) % 4], ((i + 1) * 3.17).toFixed(2), `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`, (i + 1) % 7 ? null : 'gift'])]);
      await c.query(`INSERT INTO ${DB}.order_lines VALUES ?`, [Array.from({ length: 300 }, (_, g) => [1 + (g % 120), Math.floor(g / 120), `SKU-${g % 17}`, 1 + (g % 5)])]);
    });
  });

  test('every table of the database: types, keys, relationships; lints clean, checks clean, no credential written', async () => {
    const dir = scratch();
    const url = new URL(base.href);
    url.pathname = `/${DB}`;
    const r = await runCli(['init', '--from', url.href, '-o', 'shop.odcs.yaml'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(join(dir, 'shop.odcs.yaml'), 'utf8');
    assert.ok(!text.includes(decodeURIComponent(base.password)) && !text.includes(decodeURIComponent(base.username)), 'no credential in the contract');
    const c = parse(text) as Contract;
    assert.deepEqual(c.servers, [{ server: 'mysql', type: 'mysql', host: '127.0.0.1', port: Number(base.port), database: DB }]);
    assert.deepEqual(c.schema.map((s) => s.name), ['customers', 'order_lines', 'orders']);
    const customers = props(c, 'customers');
    assert.equal(customers.get('customer_id')!.primaryKey, true);
    assert.equal(customers.get('email')!.unique, true);
    assert.equal(customers.get('active')!.logicalType, 'boolean');
    assert.equal(customers.get('created_at')!.logicalType, 'timestamp');
    assert.equal(customers.get('signup_day')!.logicalTypeOptions!.format, 'dd/MM/yyyy');
    assert.deepEqual(customers.get('tier')!.quality![0].arguments.validValues, ['bronze', 'gold', 'silver']);
    const orders = props(c, 'orders');
    assert.deepEqual(orders.get('customer_id')!.relationships, [{ type: 'foreignKey', to: 'customers.customer_id' }]);
    assert.deepEqual(orders.get('amount')!.logicalTypeOptions, { minimum: 3.17, maximum: 380.4 });
    assert.equal(orders.get('amount')!.physicalType, 'decimal(10,2)');
    const lines = props(c, 'order_lines');
    assert.deepEqual([lines.get('order_id')!.primaryKeyPosition, lines.get('line_no')!.primaryKeyPosition], [1, 2]);

    const results = await lintAndCheck(dir, 'shop.odcs.yaml', readerEnv);
    const passed = results.filter((x) => x.status === 'passed').map((x) => x.rule);
    for (const rule of ['orders.customer_id.relationship', 'order_lines.primaryKey', 'customers.email.unique', 'customers.signup_day.format']) {
      assert.ok(passed.includes(rule), `${rule} ran and passed (${passed.join(', ')})`);
    }
  });

  test('--table with credentials from the environment only', async () => {
    const dir = scratch();
    const r = await runCli(['init', '--from', `mysql://127.0.0.1:${base.port}/${DB}`, '--table', 'orders'], { cwd: dir, env: readerEnv, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const c = parse(readFileSync(join(dir, 'orders.odcs.yaml'), 'utf8')) as Contract;
    assert.deepEqual(c.schema.map((s) => s.name), ['orders']);
    await lintAndCheck(dir, 'orders.odcs.yaml', readerEnv);
  });
});
