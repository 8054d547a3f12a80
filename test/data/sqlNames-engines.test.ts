/**
 * Contract SQL names tables the same way on every engine: on the run's real PostgreSQL and MariaDB, a `sql` rule
 * written the way users write it (`FROM purchases p JOIN users u …`, by the schema object's `name` while its table
 * is called otherwise; `{model}`, `{schema}.{table}`, `${users}`, `{column}`) reads the same rows as on the Parquet
 * files, through the real CLI. The physical table names differ from the contract names, so only the binding of the
 * contract's names (per dialect, by that dialect's parser) can make these queries run.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadShopIntoPostgres, pgEnv } from '../helpers/postgres.ts';
import { loadFileIntoMysql, mysqlReaderEnv } from '../helpers/mysqlLoad.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { scratchDir } from '../helpers/paths.ts';

const SCHEMA = `shop_names_${process.pid}`;
let shop: ShopCopy;
let dir: string;
let env: Record<string, string>;
let expected: Record<string, number>;
let parquet: string;

const RULES: Record<string, string> = {
  // By name, joined with another schema object by name.
  orphan_join: 'SELECT count(*) FROM purchases p LEFT JOIN users u ON p.user_id = u.user_id WHERE u.user_id IS NULL',
  // Placeholders as datacontract-cli writes them.
  model_placeholder: 'SELECT count(*) FROM {model} WHERE total_amount < 0',
  qualified_placeholder: 'SELECT count(*) FROM {schema}.{table} AS t WHERE t.status IS NULL',
  other_object: 'SELECT count(*) FROM ${users} WHERE email IS NULL',
  column_placeholder: 'SELECT count(*) FROM purchases WHERE {column} IS NULL',
  // By the physical table name.
  physical_name: 'SELECT count(*) FROM orders',
};

/** One contract, two schema objects: `purchases` (its table is `orders`) and `users`. */
function contract(serverYaml: string): string {
  const rules = Object.entries(RULES)
    .map(([name, q]) => `      - name: ${name}\n        type: sql\n        query: "${q.replace(/"/g, '\\"')}"\n        mustBeGreaterThanOrEqualTo: 0`)
    .join('\n');
  return `apiVersion: v3.1.0
kind: DataContract
id: names-on-engines
name: Names on engines
version: 1.0.0
status: active
servers:
${serverYaml}
schema:
  - name: purchases
    physicalName: orders
    properties:
      - name: order_id
        logicalType: integer
      - name: user_id
        logicalType: integer
      - name: status
        logicalType: string
      - name: total_amount
        logicalType: number
        quality:
          - name: column_placeholder
            type: sql
            query: "${RULES.column_placeholder}"
            mustBeGreaterThanOrEqualTo: 0
    quality:
${rules.replace(/ {6}- name: column_placeholder[\s\S]*?mustBeGreaterThanOrEqualTo: 0\n?/, '')}
  - name: users
    properties:
      - name: user_id
        logicalType: integer
      - name: email
        logicalType: string
`;
}

before(async () => {
  ensureBuilt();
  shop = makeShop(300, 'cl-shop-names-');
  dir = scratchDir('cl-names-engines-');
  parquet = join(shop.dir, 'data', 'parquet');
  await loadShopIntoPostgres(join(shop.dir, 'data'), SCHEMA);
  for (const f of readdirSync(parquet).filter((n) => n === 'orders.parquet' || n === 'users.parquet')) await loadFileIntoMysql(join(parquet, f), f.replace(/\.parquet$/, ''));
  const pg = pgEnv();
  const servers = [
    `  - server: files\n    type: local\n    format: parquet\n    path: ${parquet}/{model}.parquet`,
    `  - server: pg\n    type: postgres\n    host: ${pg.host}\n    port: ${pg.port}\n    database: ${pg.database}\n    schema: ${SCHEMA}`,
    `  - server: maria\n    type: mysql\n    host: 127.0.0.1\n    port: ${process.env.CONTRACTLENS_TEST_MYSQL_PORT}\n    database: ${process.env.CONTRACTLENS_TEST_MYSQL_DATABASE}`,
  ].join('\n');
  writeFileSync(join(dir, 'names.odcs.yaml'), contract(servers));
  env = { PGUSER: pg.user, PGPASSWORD: pg.password, ...mysqlReaderEnv() };
  // What each query returns on the files, by plain DuckDB over the Parquet files (no Contract Lens involved).
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const o = `read_parquet('${join(parquet, 'orders.parquet')}')`;
  const u = `read_parquet('${join(parquet, 'users.parquet')}')`;
  const count = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRows()[0][0]);
  expected = {
    orphan_join: await count(`SELECT count(*) FROM ${o} p LEFT JOIN ${u} u ON p.user_id = u.user_id WHERE u.user_id IS NULL`),
    model_placeholder: await count(`SELECT count(*) FROM ${o} WHERE total_amount < 0`),
    qualified_placeholder: await count(`SELECT count(*) FROM ${o} WHERE status IS NULL`),
    other_object: await count(`SELECT count(*) FROM ${u} WHERE email IS NULL`),
    column_placeholder: await count(`SELECT count(*) FROM ${o} WHERE total_amount IS NULL`),
    physical_name: await count(`SELECT count(*) FROM ${o}`),
  };
  conn.closeSync();
  db.closeSync();
  assert.ok(expected.orphan_join > 0 && expected.model_placeholder > 0, JSON.stringify(expected));
});
after(() => {
  rmSync(shop.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('contract SQL names tables the same way on DuckDB, PostgreSQL and MariaDB', () => {
  for (const server of ['files', 'pg', 'maria']) {
    test(`${server}: every query binds the contract's names and returns what plain DuckDB returns on the files`, async () => {
      const r = await runCli(['check', 'names.odcs.yaml', '--server', server, '--only', 'sql', '--allow-path', parquet, '--format', 'json'], { cwd: dir, env, timeoutMs: 120_000 });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const results = JSON.parse(r.stdout).results as { rule: string; status: string; observed: unknown; message: string }[];
      const got = Object.fromEntries(results.map((x) => [x.rule.split('.').pop()!, x.status === 'error' ? x.message : x.observed]));
      assert.deepEqual(got, expected);
    });
  }
});
