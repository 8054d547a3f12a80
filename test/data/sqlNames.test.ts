/**
 * Tables in contract SQL are named as the contracts name them (issue 8, item 1), through the real CLI and the real
 * language server: `FROM orders` and `JOIN order_items` (another contract beside it), a `physicalName`, the
 * ecosystem's placeholders (`{model}`, `"{table}"`, `{schema}.{table}`, `{column}`, `{property}`, `${other}`), a
 * query with its own CTE named like a contract table, and a typo whose message says which names exist and what was
 * probably meant. No internal view name (cl1_…, clcheck_…) appears in any message.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { TestClient } from '../lsp/client.ts';
import { scratchDir } from '../helpers/paths.ts';

const dir = scratchDir('cl-sqlnames-');
before(() => {
  ensureBuilt();
  writeFileSync(join(dir, 'orders.csv'), 'order_id,customer,total\n1,ann,30\n2,bob,15\n3,cid,-4\n');
  writeFileSync(join(dir, 'order_items.csv'), 'order_id,line,amount\n1,1,10\n1,2,20\n2,1,10\n3,1,1\n');
  writeFileSync(
    join(dir, 'orders.odcs.yaml'),
    `apiVersion: v3.1.0
kind: DataContract
id: urn:example:orders
name: Orders
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./orders.csv
schema:
  - name: orders
    physicalName: tbl_orders
    physicalType: table
    properties:
      - name: order_id
        logicalType: integer
      - name: customer
        logicalType: string
      - name: total
        logicalType: number
        quality:
          - name: no_negative_total
            type: sql
            query: SELECT count(*) FROM {model} WHERE {column} < 0
            mustBe: 1
          - name: property_placeholder
            type: sql
            query: SELECT count(*) FROM "{table}" WHERE {property} < 0
            mustBe: 1
    quality:
      - name: totals_match_items
        type: sql
        query: |
          SELECT count(*) FROM orders o
          JOIN (SELECT order_id, sum(amount) AS s FROM order_items GROUP BY order_id) i USING (order_id)
          WHERE o.total <> i.s
        mustBe: 2
      - name: by_physical_name
        type: sql
        query: SELECT count(*) FROM TBL_ORDERS
        mustBe: 3
      - name: schema_qualified
        type: sql
        query: SELECT count(*) FROM \${schema}.{table} JOIN \${order_items} USING (order_id)
        mustBe: 4
      - name: own_cte_shadows
        type: sql
        query: WITH orders AS (SELECT 42 AS n) SELECT n FROM orders
        mustBe: 42
      - name: typo
        type: sql
        query: SELECT count(*) FROM ordrs
        mustBe: 0
`,
  );
  writeFileSync(
    join(dir, 'order_items.odcs.yaml'),
    `apiVersion: v3.1.0
kind: DataContract
id: urn:example:order_items
name: Order items
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./order_items.csv
schema:
  - name: order_items
    properties:
      - name: order_id
        logicalType: integer
      - name: line
        logicalType: integer
      - name: amount
        logicalType: number
`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Res { rule: string; status: string; observed: unknown; message: string }

function assertVerdicts(results: Res[]): void {
  const get = (id: string) => results.find((r) => r.rule === id) ?? assert.fail(`${id} missing`);
  for (const id of ['orders.total.no_negative_total', 'orders.total.property_placeholder', 'orders.totals_match_items', 'orders.by_physical_name', 'orders.schema_qualified', 'orders.own_cte_shadows']) {
    assert.equal(get(id).status, 'passed', `${id}: ${get(id).message}`);
  }
  const typo = get('orders.typo');
  assert.equal(typo.status, 'error');
  assert.match(typo.message, /Table ordrs is not a schema object of the contracts in this run \(known: orders, order_items\); did you mean orders\?/);
  for (const r of results) assert.doesNotMatch(r.message, /\bcl(check_)?\d+_/, `${r.rule}: ${r.message}`);
}

test('CLI: SQL rules name their tables as the contracts do', async () => {
  const r = await runCli(['check', 'orders.odcs.yaml', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  assertVerdicts((JSON.parse(r.stdout) as { results: Res[] }).results);
  // `contractlens test` is the same command (datacontract-cli's name for it).
  const t = await runCli(['test', 'orders.odcs.yaml', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(t.status, 1, t.stderr);
  assertVerdicts((JSON.parse(t.stdout) as { results: Res[] }).results);
});

test('language server: the same verdicts and messages', async () => {
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  try {
    client.openFile(join(dir, 'order_items.odcs.yaml'));
    const uri = client.openFile(join(dir, 'orders.odcs.yaml'));
    const res = await client.request<{ results: Res[] }>('contractlens/check', { uris: [uri] });
    assertVerdicts(res.results);
  } finally {
    await client.stop();
  }
});
