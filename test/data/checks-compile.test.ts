/**
 * One scan per table: the compiler fuses every single-table rule of a schema object into ONE aggregate query, and a
 * real check run sends DuckDB exactly that scan plus one query per distinct key and per relationship.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { compileTable } from '../../server/src/engine/data/checks/compile.ts';
import { expandContractSql, withNamedRelations } from '../../server/src/engine/data/checks/sqlNames.ts';
import { openChecksSession } from '../../server/src/engine/data/checks/open.ts';
import { planChecks } from '../../server/src/engine/data/checks/plan.ts';
import { runChecks } from '../../server/src/engine/data/checks/runner.ts';
import { loadContracts, makeShop, type ShopCopy } from './exampleShop.ts';

let shop: ShopCopy;
before(() => {
  shop = makeShop(200, 'cl-shop-compile-');
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

const ORDERS_TYPES = new Map([
  ['order_id', 'BIGINT'], ['user_id', 'BIGINT'], ['order_ts', 'TIMESTAMP'], ['status', 'VARCHAR'], ['currency', 'VARCHAR'], ['total_amount', 'DOUBLE'], ['shipping_country', 'VARCHAR'],
]);

test('all single-table rules of orders compile into one SELECT count(*) FILTER … query', () => {
  const { index, contracts } = loadContracts(shop.dir);
  const orders = contracts.find((c) => c.schemas[0]?.name?.value === 'orders')!;
  const rules = planChecks(orders, index);
  const compiled = compileTable(rules, { relation: '"t"', types: ORDERS_TYPES, now: new Date('2026-01-31T00:00:00Z'), relationOf: () => '"users_view"' });
  const rowLevel = rules.filter((r) => ['required', 'option', 'retention', 'latency'].includes(r.kind) || (r.kind === 'metric' && r.params.metric !== 'duplicateValues'));
  assert.equal(compiled.scan.slots.length, rowLevel.length);
  assert.equal(compiled.scan.sql.match(/\bFROM "t"/g)?.length, 1, 'the table is read once');
  assert.match(compiled.scan.sql, /^SELECT count\(\*\) AS total, count\(\*\) FILTER \(WHERE/);
  assert.equal(compiled.keys.length, 1, 'unique, primaryKey and duplicateValues of order_id share one GROUP BY');
  assert.deepEqual(compiled.keys[0].ruleIds.sort(), ['orders.order_id.no_duplicate_orders', 'orders.order_id.primaryKey', 'orders.order_id.unique']);
  assert.deepEqual([...compiled.relationships.keys()], ['orders.user_id.relationship']);
  // A pattern/range/enum condition never counts a null.
  const minimum = compiled.failing.get('orders.total_amount.minimum')!;
  assert.match(minimum, /\("total_amount"\) IS NOT NULL AND .*"total_amount".* < 0/);
});

test('a check run sends DuckDB one scan per table, plus one query per key and per relationship', async () => {
  const { index, contracts } = loadContracts(shop.dir);
  const orders = contracts.filter((c) => c.schemas[0]?.name?.value === 'orders');
  const session = await openChecksSession({ checked: orders, all: contracts, root: shop.dir });
  const seen: string[] = [];
  const query = session.query.bind(session);
  // Parsing a SQL rule to find its table names (json_serialize_sql) reads no data: not counted.
  session.query = (sql, opts) => (sql.startsWith('SELECT json_serialize_sql(') || seen.push(sql), query(sql, opts));
  try {
    await runChecks(orders.map((c) => ({ contract: c, display: 'orders' })), { session, lookup: index, now: new Date(shop.expected.referenceTime), samples: 0 });
  } finally {
    await session.close();
  }
  assert.equal(seen.filter((s) => s.startsWith('SELECT count(*) AS total')).length, 1);
  assert.equal(seen.length, 1 + 1 + 1, seen.join('\n'));
});

test('placeholders as the ecosystem writes them: {model}/{table}/{object}, {column}/{property}, {schema}, ${other}', () => {
  const ctx = { table: 'orders', column: 'total_amount', schema: 'sales', isObject: (n: string) => n === 'order_items' };
  assert.equal(expandContractSql('SELECT count(*) FROM ${table} JOIN ${order_items} USING (order_id) WHERE ${column} < 0', ctx), 'SELECT count(*) FROM "orders" JOIN "order_items" USING (order_id) WHERE "total_amount" < 0');
  assert.equal(expandContractSql('SELECT count(*) FROM {model} WHERE {property} < 0', ctx), 'SELECT count(*) FROM "orders" WHERE "total_amount" < 0');
  assert.equal(expandContractSql('SELECT count(*) FROM "{object}"', ctx), 'SELECT count(*) FROM "orders"');
  // {schema} is the server's database schema; qualifying a table it disappears (contract names are bound unqualified).
  assert.equal(expandContractSql('SELECT count(*) FROM ${schema}.{table}', ctx), 'SELECT count(*) FROM "orders"');
  assert.equal(expandContractSql("SELECT '{schema}' AS s", ctx), "SELECT 'sales' AS s");
  assert.equal(expandContractSql('SELECT ${LIMIT:-5}', ctx), 'SELECT 5');
  assert.throws(() => expandContractSql('SELECT * FROM ${nope}', ctx), /nope/);
  assert.throws(() => expandContractSql('SELECT {column}', { ...ctx, column: undefined }), /not attached to a property/);
  assert.equal(withNamedRelations('SELECT 1', new Map()), 'SELECT 1');
  assert.match(withNamedRelations('SELECT count(*) FROM orders;', new Map([['orders', '"cl1_orders"']])), /^WITH "orders" AS NOT MATERIALIZED \(SELECT \* FROM "cl1_orders" AS cl_b\) SELECT \* FROM \(\nSELECT count\(\*\) FROM orders\n\) AS cl_q$/);
});

test('v3.2 enum (objects with a value), composite primary and foreign keys on small tables; nulls never fail enum or pattern', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { scratchDir } = await import('../helpers/paths.ts');
  const dir = scratchDir('cl-enum-');
  try {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'devices.csv'), 'shop,day,device\nA,1,web\nA,2,ios\nA,2,Web\nB,1,\nB,1,tv\nC,3,android\n');
    writeFileSync(join(dir, 'data', 'visits.csv'), 'shop,day,n\nA,1,5\nA,9,1\nZ,1,2\nB,,3\nA,2,4\n');
    writeFileSync(join(dir, 'devices.odcs.yaml'), [
      'apiVersion: v3.2.0', 'kind: DataContract', 'id: devices', 'version: 1.0.0', 'status: active',
      'servers:', '  - server: local', '    type: local', '    format: csv', '    path: ./data/{model}.csv',
      'schema:', '  - name: devices', '    properties:',
      '      - name: shop', '        logicalType: string', '        primaryKey: true', '        primaryKeyPosition: 1',
      '      - name: day', '        logicalType: integer', '        primaryKey: true', '        primaryKeyPosition: 2',
      '      - name: device', '        logicalType: string', '        enum:', '          - value: web', '          - value: ios', '          - value: android',
      '        logicalTypeOptions:', "          pattern: '^[a-z]+$'",
      '  - name: visits', '    relationships:', '      - type: foreignKey', '        from: [visits.shop, visits.day]', '        to: [devices.shop, devices.day]',
      '    properties:', '      - name: shop', '        logicalType: string', '      - name: day', '        logicalType: integer', '      - name: n', '        logicalType: integer', '',
    ].join('\n'));
    const { index, contracts } = loadContracts(dir);
    const session = await openChecksSession({ checked: contracts, all: contracts, root: dir });
    try {
      const results = new Map((await runChecks(contracts.map((c) => ({ contract: c, display: 'devices' })), { session, lookup: index, now: new Date() })).map((r) => [r.rule, r]));
      assert.equal(results.get('devices.device.enum')!.failedRows, 2); // Web, tv (the null is not counted)
      assert.deepEqual(results.get('devices.device.enum')!.samples.map((s) => s.device).sort(), ['Web', 'tv']);
      assert.equal(results.get('devices.device.pattern')!.failedRows, 1); // Web
      assert.equal(results.get('devices.primaryKey')!.failedRows, 4); // (A,2) twice, (B,1) twice
      // A composite foreign key: (A,9) and (Z,1) have no device row; (B, null) is not judged.
      const fk = results.get('visits.relationship.shop_day')!;
      assert.equal(fk.failedRows, 2, fk.message);
      assert.deepEqual(fk.samples.map((r) => `${r.shop}${r.day}`).sort(), ['A9', 'Z1']);
    } finally {
      await session.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('array options on a list column, and latency on a timestamp with a time zone', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { scratchDir } = await import('../helpers/paths.ts');
  const dir = scratchDir('cl-arrays-');
  try {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'baskets.jsonl'), [
      '{"id":1,"tags":["a","b"],"seen":"2026-01-30 20:00:00+00"}',
      '{"id":2,"tags":["a","a","b","c"],"seen":"2026-01-29 20:00:00+00"}',
      '{"id":3,"tags":[],"seen":"2026-01-28 20:00:00+00"}',
      '{"id":4,"tags":null,"seen":null}',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'baskets.odcs.yaml'), [
      'apiVersion: v3.1.0', 'kind: DataContract', 'id: baskets', 'version: 1.0.0', 'status: active',
      'servers:', '  - server: local', '    type: local', '    format: json', '    path: ./data/{model}.jsonl',
      'schema:', '  - name: baskets', '    properties:',
      '      - name: id', '        logicalType: integer',
      '      - name: tags', '        logicalType: array', '        logicalTypeOptions:', '          minItems: 1', '          maxItems: 3', '          uniqueItems: true', '        items:', '          logicalType: string',
      '      - name: seen', '        logicalType: timestamp',
      'slaProperties:', '  - property: latency', '    value: 2', '    unit: h', '    element: baskets.seen', '',
    ].join('\n'));
    const { index, contracts } = loadContracts(dir);
    const session = await openChecksSession({ checked: contracts, all: contracts, root: dir });
    try {
      const results = new Map((await runChecks(contracts.map((c) => ({ contract: c, display: 'baskets' })), { session, lookup: index, now: new Date('2026-01-30T23:00:00Z') })).map((r) => [r.rule, r]));
      assert.equal(results.get('baskets.tags.minItems')!.failedRows, 1, results.get('baskets.tags.minItems')!.message);
      assert.equal(results.get('baskets.tags.maxItems')!.failedRows, 1);
      assert.equal(results.get('baskets.tags.uniqueItems')!.failedRows, 1);
      const latency = results.get('baskets.seen.latency')!;
      assert.equal(latency.observed, 3, latency.message); // newest 20:00 UTC, now 23:00 UTC
      assert.equal(latency.status, 'failed');
    } finally {
      await session.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
