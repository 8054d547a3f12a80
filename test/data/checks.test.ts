/**
 * The checks engine on the generated shop data, through a real DuckDB session: the exact failing-row count of every
 * rule kind equals the generator's own bookkeeping, for csv, parquet and jsonl; operators and units; latency and
 * retention against a fixed --now; a missing file and a broken CSV give error results while other rules still run.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openChecksSession } from '../../server/src/engine/data/checks/open.ts';
import type { CheckResult } from '../../server/src/engine/data/checks/results.ts';
import { runChecks } from '../../server/src/engine/data/checks/runner.ts';
import { FORMATS, loadContracts, makeShop, type ShopCopy } from './exampleShop.ts';

let shop: ShopCopy;
before(() => {
  shop = makeShop(1500);
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

async function check(dir: string, server?: string, extra: { schema?: string; samples?: number } = {}): Promise<CheckResult[]> {
  const { index, contracts } = loadContracts(dir);
  const session = await openChecksSession({ checked: contracts, all: contracts, server, root: dir });
  try {
    return await runChecks(contracts.map((c) => ({ contract: c, display: c.uri })), { session, lookup: index, now: new Date(shop.expected.referenceTime), ...extra });
  } finally {
    await session.close();
  }
}

const byRule = (results: CheckResult[]) => new Map(results.map((r) => [r.rule, r]));

for (const server of FORMATS) {
  describe(`every rule kind on ${server}`, () => {
    let results: Map<string, CheckResult>;
    before(async () => {
      results = byRule(await check(shop.dir, server));
    });

    test('each injected defect is counted exactly (generator bookkeeping = checks engine)', () => {
      const kinds = new Set<string>();
      for (const [rule, expected] of Object.entries(shop.expected.failedRows)) {
        const r = results.get(rule);
        assert.ok(r, `a result for ${rule}`);
        assert.notEqual(r.status, 'error', `${rule}: ${r.message}`);
        assert.equal(r.failedRows, expected, `${rule}: ${r.message}`);
        kinds.add(r.kind === 'metric' ? `metric:${rule}` : r.kind === 'option' ? `option:${rule.split('.').pop()}` : r.kind);
      }
      // The expected counts cover every rule kind the issue lists.
      for (const k of ['required', 'unique', 'primaryKey', 'relationship', 'sql', 'retention', 'option:minLength', 'option:maxLength', 'option:pattern', 'option:format', 'option:minimum', 'option:maximum', 'option:exclusiveMinimum', 'option:exclusiveMaximum', 'option:multipleOf']) {
        assert.ok(kinds.has(k), `expected counts cover ${k}`);
      }
      assert.ok(shop.expected.failedRows['inventory.primaryKey'] > 0, 'a composite primary key with duplicates');
    });

    test('rules with no injected defect find nothing, and no rule errs', () => {
      for (const r of results.values()) {
        assert.notEqual(r.status, 'error', `${r.rule}: ${r.message}`);
        if (r.failedRows !== null && !(r.rule in shop.expected.failedRows)) assert.equal(r.failedRows, 0, `${r.rule}: ${r.message}`);
      }
    });

    test('rowCount observes the rows written, and every operator is judged', () => {
      const rows = shop.expected.rows;
      const rc = (rule: string) => results.get(rule)!;
      assert.equal(rc('users.enough_users').observed, rows.users); // mustBeGreaterOrEqualTo 10
      assert.equal(rc('users.enough_users').status, 'passed');
      assert.equal(rc('orders.enough_orders').observed, rows.orders); // mustBeGreaterThan 100
      assert.equal(rc('inventory.plausible_size').observed, rows.inventory); // mustBeBetween
      assert.equal(rc('order_items.has_lines').status, 'passed'); // mustNotBeBetween [0, 9]
      assert.equal(rc('events.events_arrive').status, 'passed'); // mustNotBe 0
      assert.equal(rc('orders.status.known_status').status, 'failed'); // mustBe 0 with defects
    });

    test('unit percent: observed is the share of rows, compared with the threshold', () => {
      const pct = (rule: string, table: string) => (100 * shop.expected.failedRows[rule]) / shop.expected.rows[table];
      const cases: [string, string, (p: number) => boolean][] = [
        ['users.full_name.full_name_present', 'users', (p) => p <= 1], // mustBeLessOrEqualTo 1, severity warning
        ['users.loyalty_tier.known_tier', 'users', (p) => p <= 1],
        ['orders.currency.iso_currency', 'orders', (p) => p < 1], // mustBeLessThan 1
        ['orders.shipping_country.shipping_country_mostly_set', 'orders', (p) => p <= 5],
        ['order_items.discount_pct.discount_mostly_empty', 'order_items', (p) => p < 90],
        ['events.session_id.sessions_tracked', 'events', (p) => !(p >= 5 && p <= 100)], // mustNotBeBetween
      ];
      for (const [rule, table, ok] of cases) {
        const r = results.get(rule)!;
        const p = pct(rule, table);
        assert.ok(Math.abs(Number(r.observed) - p) < 0.001, `${rule}: observed ${r.observed} vs ${p}`);
        const failStatus = r.severity === 'error' ? 'failed' : 'warning';
        assert.equal(r.status, ok(p) ? 'passed' : failStatus, rule);
      }
    });

    test('duplicateValues counts the extra copies; unique/primaryKey the rows that share a key', () => {
      const f = shop.expected.failedRows;
      assert.equal(results.get('orders.order_id.no_duplicate_orders')!.failedRows, f['orders.order_id.no_duplicate_orders']);
      assert.equal(f['orders.order_id.unique'], 2 * f['orders.order_id.no_duplicate_orders']);
      assert.equal(results.get('inventory.one_row_per_product_and_warehouse')!.failedRows, f['inventory.one_row_per_product_and_warehouse']);
    });

    test('latency against --now: orders are 3 h old (1 d allowed), events 6 h (1 h allowed)', () => {
      const orders = results.get('orders.order_ts.latency')!;
      const events = results.get('events.event_ts.latency')!;
      assert.equal(orders.status, 'passed');
      assert.equal(orders.observed, 0.13); // 3 h in days
      assert.equal(events.status, 'failed');
      assert.equal(events.observed, 6);
    });

    test('failed rules carry up to 5 failing sample rows', () => {
      const r = results.get('orders.status.known_status')!;
      assert.equal(r.samples.length, Math.min(5, r.failedRows!));
      for (const s of r.samples) assert.equal(s.status, 'SHIPPED');
      const rel = results.get('orders.user_id.relationship')!;
      for (const s of rel.samples) assert.ok(Number(s.user_id) > shop.expected.rows.users, 'an orphan user id');
    });
  });
}

describe('nulls are counted by required and nullValues only', () => {
  test('country_code nulls (injected on purpose) count in no pattern, length or invalidValues rule', async () => {
    const results = byRule(await check(shop.dir, 'local-parquet', { schema: 'users' }));
    const csv = readFileSync(join(shop.dir, 'data', 'csv', 'users.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const nulls = csv.filter((l) => l.split(',')[3] === '').length;
    assert.ok(nulls > 0, 'the data has null country codes');
    assert.equal(results.get('users.country_code.known_country')!.failedRows, shop.expected.failedRows['users.country_code.known_country']);
    assert.equal(results.get('users.country_code.minLength')!.failedRows, shop.expected.failedRows['users.country_code.minLength']);
  });
});

describe('unreadable data: error results for that source, every other rule still runs', () => {
  test('a missing parquet file', async () => {
    const copy = makeShop(300, 'cl-shop-missing-');
    try {
      rmSync(join(copy.dir, 'data', 'parquet', 'products.parquet'));
      const results = await check(copy.dir, 'local-parquet');
      const products = results.filter((r) => r.schema === 'products');
      assert.ok(products.length > 5);
      for (const r of products) {
        assert.equal(r.status, 'error', r.rule);
        assert.match(r.message, /products\.parquet/);
      }
      // Relationships INTO products cannot be judged either; they say why.
      const rel = byRule(results).get('order_items.product_id.relationship')!;
      assert.equal(rel.status, 'error');
      assert.match(rel.message, /products/);
      // The rest ran.
      assert.equal(byRule(results).get('orders.status.known_status')!.failedRows, copy.expected.failedRows['orders.status.known_status']);
    } finally {
      rmSync(copy.dir, { recursive: true, force: true });
    }
  });

  // DuckDB sniffs the first ~20k lines: a line broken further down fails the scan itself (a pipeline appended a row
  // with extra fields), which must still become error results for that table only.
  test('a CSV with a broken line far down the file', async () => {
    const copy = makeShop(300, 'cl-shop-broken-');
    try {
      const file = join(copy.dir, 'data', 'csv', 'products.csv');
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      const filler = Array.from({ length: 30_000 }, (_, i) => `P7${String(i).padStart(5, '0')},ZZZ-${String(i % 10000).padStart(4, '0')},Filler,home,1.5,5,2025-01-01 00:00:00`);
      writeFileSync(file, [...lines, ...filler, 'P799999,ZZZ-9999,Broken,home,1.5,5,2025-01-01 00:00:00,extra,fields', ''].join('\n'));
      const results = await check(copy.dir, 'local-csv');
      const products = results.filter((r) => r.schema === 'products' && r.kind !== 'presence' && r.kind !== 'type');
      assert.ok(products.length > 5);
      assert.deepEqual(products.filter((r) => r.status !== 'error').map((r) => r.rule), []);
      assert.match(products[0].message, /products\.csv/);
      const others = byRule(results);
      assert.equal(others.get('users.email.required')!.failedRows, copy.expected.failedRows['users.email.required']);
      assert.equal(others.get('inventory.stock_covers_sales')!.failedRows, copy.expected.failedRows['inventory.stock_covers_sales']);
    } finally {
      rmSync(copy.dir, { recursive: true, force: true });
    }
  });

  test('a CSV whose quoting breaks early (DuckDB then reads one column): one clear error for that table', async () => {
    const copy = makeShop(300, 'cl-shop-quote-');
    try {
      const file = join(copy.dir, 'data', 'csv', 'products.csv');
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[20] = 'P000020,"unterminated,quote,Lamp,home,12.5,5,2025-01-01 00:00:00';
      writeFileSync(file, lines.join('\n'));
      const results = await check(copy.dir, 'local-csv');
      const products = results.filter((r) => r.schema === 'products');
      assert.ok(products.every((r) => r.status === 'error'), JSON.stringify(products.map((r) => r.status)));
      assert.match(products[0].message, /products\.csv: DuckDB could not split its lines into columns/);
      assert.equal(byRule(results).get('orders.status.known_status')!.failedRows, copy.expected.failedRows['orders.status.known_status']);
    } finally {
      rmSync(copy.dir, { recursive: true, force: true });
    }
  });

  test('a CSV that is not UTF-8 (fails when DuckDB first reads it)', async () => {
    const copy = makeShop(300, 'cl-shop-badutf-');
    try {
      const file = join(copy.dir, 'data', 'csv', 'users.csv');
      const bytes = readFileSync(file);
      writeFileSync(file, Buffer.concat([bytes.subarray(0, 400), Buffer.from([0xff, 0xfe]), bytes.subarray(400)]));
      const results = await check(copy.dir, 'local-csv');
      const users = results.filter((r) => r.schema === 'users');
      assert.ok(users.every((r) => r.status === 'error'));
      assert.match(users[0].message, /users\.csv/);
      assert.equal(byRule(results).get('orders.user_id.relationship')!.status, 'error'); // its target is unreadable
      assert.equal(byRule(results).get('products.sku.unique')!.failedRows, copy.expected.failedRows['products.sku.unique']);
    } finally {
      rmSync(copy.dir, { recursive: true, force: true });
    }
  });
});

describe('contract SQL is untrusted', () => {
  test('a sql rule that tries to write a file gives an error result; the data is untouched', async () => {
    const copy = makeShop(200, 'cl-shop-sql-');
    try {
      const contract = join(copy.dir, 'products.odcs.yaml');
      const target = join(copy.dir, 'data', 'parquet', 'products.parquet');
      const before = readFileSync(target);
      const text = readFileSync(contract, 'utf8').replace(
        '    quality:\n      - name: catalogue_not_empty',
        `    quality:\n      - name: sneaky\n        type: sql\n        query: "COPY (SELECT 1) TO '${target}' (FORMAT parquet)"\n        mustBe: 0\n      - name: catalogue_not_empty`,
      );
      writeFileSync(contract, text);
      const r = byRule(await check(copy.dir, 'local-parquet', { schema: 'products' })).get('products.sneaky')!;
      assert.equal(r.status, 'error');
      assert.match(r.message, /read-only|SELECT|statement/i);
      assert.deepEqual(readFileSync(target), before);
    } finally {
      rmSync(copy.dir, { recursive: true, force: true });
    }
  });
});

