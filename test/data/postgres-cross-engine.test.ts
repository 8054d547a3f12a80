/**
 * Relationships across engines on the run's real PostgreSQL: orders in PostgreSQL pointing at users in Parquet, and
 * the reverse. Only distinct keys move (crossEngine.ts); the orphan count equals the generator's bookkeeping exactly,
 * as when both tables are files; past the documented bound the rule is an error that says so, never a partial count.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openContractSession } from '../../server/src/engine/data/open.ts';
import { CROSS_ENGINE_MAX_KEYS } from '../../server/src/engine/data/checks/crossEngine.ts';
import type { CheckResult } from '../../server/src/engine/data/checks/results.ts';
import { runChecks } from '../../server/src/engine/data/checks/runner.ts';
import { addPostgresServer, loadShopIntoPostgres, pgEnv, withPg } from '../helpers/postgres.ts';
import { ROOT } from '../helpers/paths.ts';
import { loadContracts, makeShop, type ShopCopy } from './exampleShop.ts';

let shop: ShopCopy;
const SCHEMA = `shop_cross_${process.pid}`;
const RULE = 'orders.user_id.relationship';

before(async () => {
  shop = makeShop(1200, 'cl-shop-cross-');
  await loadShopIntoPostgres(join(shop.dir, 'data'), SCHEMA);
  addPostgresServer(shop.dir, 'shop-postgres', SCHEMA);
  process.env.PGUSER = pgEnv().user;
  process.env.PGPASSWORD = pgEnv().password;
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

/** Checks orders.user_id's relationship with orders read from `ordersServer` and users from `usersServer`. */
async function relationship(ordersServer: string, usersServer: string, crossEngineMaxKeys?: number): Promise<CheckResult> {
  const { index, contracts } = loadContracts(shop.dir);
  const orders = contracts.find((c) => c.uri.endsWith('/orders.odcs.yaml'))!;
  const users = contracts.find((c) => c.uri.endsWith('/users.odcs.yaml'))!;
  const path = (uri: string) => new URL(uri).pathname;
  const { session } = await openContractSession(
    [
      { contract: orders, path: path(orders.uri), server: ordersServer },
      { contract: users, path: path(users.uri), server: usersServer, reportErrors: false },
    ],
    { root: shop.dir },
  );
  try {
    const results = await runChecks([{ contract: orders, display: orders.uri }], { session, lookup: index, now: new Date(shop.expected.referenceTime), filter: (r) => r.kind === 'relationship', crossEngineMaxKeys });
    return results.find((r) => r.rule === RULE)!;
  } finally {
    await session.close();
  }
}

test('orders in PostgreSQL, users in Parquet: the exact orphan count, only distinct keys moved', { timeout: 120_000 }, async () => {
  const r = await relationship('shop-postgres', 'local-parquet');
  assert.equal(r.status, 'failed', r.message);
  assert.equal(r.failedRows, shop.expected.failedRows[RULE], r.message);
  assert.ok(shop.expected.failedRows[RULE] > 0, 'the generator injected orphans');
  // Orders' distinct user ids moved from PostgreSQL; users stayed in DuckDB (Parquet).
  const moved = Number(/([\d,]+) distinct keys moved/.exec(r.message ?? '')?.[1].replace(/,/g, ''));
  assert.ok(moved > 0 && moved <= shop.expected.rows.orders, r.message);
  assert.match(r.message ?? '', /compared across postgres:\/\/127\.0\.0\.1:\d+\/\w+ and duckdb/);
});

test('the reverse, orders in Parquet and users in PostgreSQL: the same count', { timeout: 120_000 }, async () => {
  const r = await relationship('local-parquet', 'shop-postgres');
  assert.equal(r.failedRows, shop.expected.failedRows[RULE], r.message);
  const moved = Number(/([\d,]+) distinct keys moved/.exec(r.message ?? '')?.[1].replace(/,/g, ''));
  const distinct = await withPg(pgEnv().url, async (c) => Number((await c.query(`SELECT count(DISTINCT user_id) AS n FROM "${SCHEMA}".users`)).rows[0].n));
  assert.equal(moved, distinct, `each distinct user id moved from PostgreSQL once: ${r.message}`);
  assert.match(r.message ?? '', /compared across duckdb and postgres:/);
});

test('both on files, and both on PostgreSQL (one anti-join in the server): the same count', { timeout: 120_000 }, async () => {
  assert.equal((await relationship('local-parquet', 'local-parquet')).failedRows, shop.expected.failedRows[RULE]);
  const inServer = await relationship('shop-postgres', 'shop-postgres');
  assert.equal(inServer.failedRows, shop.expected.failedRows[RULE]);
  assert.doesNotMatch(inServer.message ?? '', /keys moved/, 'same server: no key leaves PostgreSQL');
});

test('past the bound: an error naming it, never a partial count; the bound is the one documented', { timeout: 120_000 }, async () => {
  const r = await relationship('shop-postgres', 'local-parquet', 100);
  assert.equal(r.status, 'error');
  assert.equal(r.failedRows, null);
  assert.match(r.message ?? '', /more than 100 distinct keys on postgres:\/\/.*too many to compare across servers/);
  assert.equal(CROSS_ENGINE_MAX_KEYS, 10_000_000);
  assert.match(readFileSync(join(ROOT, 'docs', 'postgres.md'), 'utf8'), /Bound: 10,000,000 distinct keys per side/);
});
