/**
 * `contractlens check` through the real CLI on the generated shop data: the documented JSON with the generator's
 * counts, the text report, --schema/--server/--samples, --failed-rows Parquet files, CI formats, exit codes; and the
 * generator itself (deterministic; the committed contracts lint clean).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { makeShop, SHOP, type ShopCopy } from './exampleShop.ts';

interface Result { rule: string; schema: string; status: string; failedRows: number | null; totalRows: number | null; samples: Record<string, unknown>[]; failedRowsFile?: string }
interface Json { results: Result[]; summary: { total: number; passed: number; failed: number; warning: number; error: number; skipped: number } }

let shop: ShopCopy;
before(() => {
  ensureBuilt();
  shop = makeShop(1000, 'cl-shop-cli-');
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

const check = (args: string[]) => runCli(['check', ...args, '--now', shop.expected.referenceTime], { cwd: shop.dir, timeoutMs: 60_000 });

describe('contractlens check on the shop example', () => {
  test('json: every injected defect found, exit 1 (rules of severity error fail)', async () => {
    const r = await check(['.', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout) as Json;
    const got = new Map(json.results.map((x) => [x.rule, x]));
    for (const [rule, n] of Object.entries(shop.expected.failedRows)) assert.equal(got.get(rule)?.failedRows, n, rule);
    const first = json.results[0];
    for (const key of ['contract', 'schema', 'property', 'rule', 'name', 'status', 'failedRows', 'totalRows', 'observed', 'threshold', 'message', 'samples']) assert.ok(key in first, key);
    assert.equal(json.summary.total, json.results.length);
    assert.equal(json.summary.error, 0);
  });

  test('text: a table per contract and schema object, samples, and a summary', async () => {
    const r = await check(['.', '--samples', '2']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^orders\.odcs\.yaml › orders  \(\d+ rows\)$/m);
    assert.match(r.stdout, /STATUS +RULE +FAILING +% +DETAILS/);
    const line = r.stdout.split('\n').find((l) => l.includes('orders.status.known_status'))!;
    assert.match(line, new RegExp(`FAIL +orders\\.status\\.known_status +${shop.expected.failedRows['orders.status.known_status']} +\\d+\\.\\d\\d %`));
    assert.match(r.stdout, /samples of orders\.status\.known_status:\n +order_id=\d+ .*status=SHIPPED/);
    assert.match(r.stdout, /Checks: \d+ rules: \d+ passed, \d+ failed, \d+ warnings?, 0 errors, \d+ skipped\n$/);
  });

  test('--schema, --server and --samples 0', async () => {
    const r = await check(['products.odcs.yaml', '--schema', 'products', '--server', 'local-csv', '--samples', '0', '--format', 'json']);
    const json = JSON.parse(r.stdout) as Json;
    assert.ok(json.results.length > 10);
    assert.ok(json.results.every((x) => x.schema === 'products' && x.samples.length === 0));
    assert.equal(json.results.find((x) => x.rule === 'products.sku.unique')!.failedRows, shop.expected.failedRows['products.sku.unique']);
  });

  test('--failed-rows writes every failing row of each failed rule to Parquet', async () => {
    const dir = join(shop.dir, 'failing');
    const r = await check(['orders.odcs.yaml', '--failed-rows', dir, '--format', 'json']);
    const json = JSON.parse(r.stdout) as Json;
    const status = json.results.find((x) => x.rule === 'orders.status.known_status')!;
    assert.equal(status.failedRowsFile, join(dir, 'orders.status.known_status.parquet'));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const count = async (f: string) => Number((await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${f}')`)).getRows()[0][0]);
      assert.equal(await count(status.failedRowsFile!), shop.expected.failedRows['orders.status.known_status']);
      const rel = json.results.find((x) => x.rule === 'orders.user_id.relationship')!;
      assert.equal(await count(rel.failedRowsFile!), shop.expected.failedRows['orders.user_id.relationship']);
      assert.ok(readdirSync(dir).every((f) => f.endsWith('.parquet')));
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  test('CI formats are rendered from the same results (JUnit counts passed checks too)', async () => {
    const junit = await check(['users.odcs.yaml', '--format', 'junit']);
    assert.equal(junit.status, 1);
    assert.match(junit.stdout, /<testsuites?[\s>]/);
    assert.match(junit.stdout, /users\.email\.required/);
    const sarif = await check(['users.odcs.yaml', '--format', 'sarif']);
    const doc = JSON.parse(sarif.stdout);
    const results = doc.runs[0].results as { ruleId: string; locations?: { physicalLocation: { region: { startLine: number } } }[] }[];
    const req = results.find((x) => x.ruleId === 'users.email.required')!;
    const line = readFileSync(join(shop.dir, 'users.odcs.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('required: true') && l.startsWith('        ')) + 1;
    assert.ok(req.locations?.[0].physicalLocation.region.startLine! >= line);
  });

  test('exit 0 when every rule of severity error passes; exit 2 on usage errors', async () => {
    const dir = scratchDir('cl-check-clean-');
    try {
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'data', 'items.csv'), 'id,name\n1,a\n2,b\n3,\n');
      writeFileSync(join(dir, 'items.odcs.yaml'), `apiVersion: v3.1.0\nkind: DataContract\nid: items\nversion: 1.0.0\nstatus: active\nservers:\n  - server: local\n    type: local\n    format: csv\n    path: ./data/{model}.csv\nschema:\n  - name: items\n    properties:\n      - name: id\n        logicalType: integer\n        required: true\n        unique: true\n      - name: name\n        logicalType: string\n        quality:\n          - metric: nullValues\n            mustBe: 0\n            severity: warning\n`);
      const r = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const json = JSON.parse(r.stdout) as Json;
      assert.equal(json.results.find((x) => x.rule === 'items.name.nullValues')!.status, 'warning');
      assert.equal((await runCli(['check', '.', '--now', 'yesterday'], { cwd: dir })).status, 2);
      assert.equal((await runCli(['check', '.', '--samples', '-1'], { cwd: dir })).status, 2);
      assert.equal((await runCli(['check', 'nothing-here.odcs.yaml'], { cwd: dir })).status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the example itself', () => {
  test('the generator is deterministic: same arguments, same bytes', () => {
    const a = scratchDir('cl-gen-a-');
    const b = scratchDir('cl-gen-b-');
    try {
      for (const d of [a, b]) execFileSync(process.execPath, [join(ROOT, 'scripts', 'generate-shop-data.mjs'), '--out', d, '--orders', '300', '--formats', 'csv'], { stdio: 'pipe' });
      const digest = (d: string) => readdirSync(join(d, 'csv')).filter((f) => f.endsWith('.csv')).map((f) => createHash('sha256').update(readFileSync(join(d, 'csv', f))).digest('hex')).join();
      assert.equal(digest(a), digest(b));
      assert.equal(readFileSync(join(a, 'expected.json'), 'utf8'), readFileSync(join(b, 'expected.json'), 'utf8'));
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  test('the committed contracts lint clean', async () => {
    const r = await runCli(['lint', SHOP]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
