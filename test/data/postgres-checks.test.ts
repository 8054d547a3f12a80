/**
 * The same shop contracts, with a `type: postgres` server, checked INSIDE the run's real PostgreSQL: every injected
 * defect count equals the generator's bookkeeping (as on the files), every rule runs pushed down, and the reader's
 * credentials come from the environment only.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openChecksSession } from '../../server/src/engine/data/checks/open.ts';
import type { CheckResult } from '../../server/src/engine/data/checks/results.ts';
import { runChecks } from '../../server/src/engine/data/checks/runner.ts';
import { addPostgresServer, loadShopIntoPostgres, pgEnv } from '../helpers/postgres.ts';
import { loadContracts, makeShop, type ShopCopy } from './exampleShop.ts';

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
