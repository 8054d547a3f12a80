/**
 * Preview = check (issue 8 item 11), on the example shop data, through the real CLI: for every row-level rule that
 * `check` evaluates (property constraints, enum, library metrics with validValues/invalidValues/pattern,
 * missingValues/nullValues, logicalTypeOptions bounds, retention), the rows whose cell `preview` marks for it are
 * exactly the rows `check --failed-rows` exports for it, and as many as `check` counts. The preview limit covers
 * every row, and both runs share the reference time.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadDuckDB } from '../../server/src/engine/data/duckdb.ts';
import { toRows } from '../../server/src/engine/data/rows.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { scratchDir } from '../helpers/paths.ts';

/** The row-level kinds: one verdict per row (keys, relationships, SQL and whole-table metrics are not cell marks). */
const ROW_LEVEL = new Set(['required', 'type', 'enum', 'option', 'retention']);
const ROW_METRICS = new Set(['invalidValues', 'missingValues', 'nullValues']);

let shop: ShopCopy;
let failedDir: string;
before(() => {
  ensureBuilt();
  shop = makeShop(600, 'cl-shop-preview-check-');
  failedDir = scratchDir('cl-preview-check-failed-');
});
after(() => {
  rmSync(shop.dir, { recursive: true, force: true });
  rmSync(failedDir, { recursive: true, force: true });
});

interface CheckRow { rule: string; kind: string; schema: string; status: string; failedRows: number | null; failedRowsFile?: string; message: string }
interface Preview { columns: { name: string }[]; rules: { id: number; check: string; column: number; rule: string }[]; rows: { values: unknown[]; broken?: Record<string, number[]> }[]; truncated: boolean }

/** A row as one comparable text: its values in column order, as the engine's rows carry them. */
const rowKey = (values: unknown[]) => JSON.stringify(values);

async function exported(file: string): Promise<string[]> {
  await loadDuckDB();
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    return toRows(await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).map((r) => rowKey(Object.values(r))).sort();
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

test('for every row-level rule of every shop table, the preview marks exactly the rows check exports', async () => {
  const contracts = readdirSync(shop.dir).filter((f) => f.endsWith('.odcs.yaml')).sort();
  const compared: string[] = [];
  const wrong: string[] = [];
  for (const file of contracts) {
    const common = ['--server', 'local-parquet', '--now', shop.expected.referenceTime, '--include-pii'];
    const c = await runCli(['check', file, ...common, '--samples', '0', '--failed-rows', failedDir, '--format', 'json'], { cwd: shop.dir, timeoutMs: 120_000 });
    assert.ok(c.status === 0 || c.status === 1, `${file}: ${c.stderr}`);
    const results = (JSON.parse(c.stdout) as { results: CheckRow[] }).results;
    const schemas = [...new Set(results.map((r) => r.schema))];
    for (const schema of schemas) {
      const p = await runCli(['preview', file, '--schema', schema, '--limit', '10000', ...common, '--format', 'json'], { cwd: shop.dir, timeoutMs: 120_000 });
      assert.equal(p.status, 0, `${file} ${schema}: ${p.stderr}`);
      const preview = JSON.parse(p.stdout) as Preview;
      assert.equal(preview.truncated, false, `${schema}: the limit covers every row`);
      const marked = new Map<string, string[]>();
      for (const row of preview.rows) {
        for (const ids of Object.values(row.broken ?? {})) for (const id of ids) {
          const rule = preview.rules[id].check;
          marked.set(rule, [...(marked.get(rule) ?? []), rowKey(row.values)]);
        }
      }
      const previewRules = new Set(preview.rules.map((r) => r.check));
      for (const r of results.filter((x) => x.schema === schema)) {
        // A library metric's message starts with its name (`invalidValues = 2; expected …`).
        const rowLevel = ROW_LEVEL.has(r.kind) || (r.kind === 'metric' && ROW_METRICS.has(r.message.split(' ')[0]));
        if (!rowLevel || r.failedRows === null || r.status === 'error' || r.status === 'skipped') continue;
        const rows = (marked.get(r.rule) ?? []).sort();
        if (!previewRules.has(r.rule)) {
          if (r.failedRows > 0) wrong.push(`${r.rule}: check counts ${r.failedRows} rows, the preview has no such rule`);
          continue;
        }
        compared.push(r.rule);
        if (rows.length !== r.failedRows) wrong.push(`${r.rule}: check counts ${r.failedRows}, the preview marks ${rows.length}`);
        if (r.failedRowsFile) {
          const want = await exported(r.failedRowsFile);
          if (JSON.stringify(want) !== JSON.stringify(rows)) wrong.push(`${r.rule}: exported ${JSON.stringify(want.slice(0, 3))}…, marked ${JSON.stringify(rows.slice(0, 3))}…`);
        }
      }
      // And nothing the preview marks belongs to a rule check does not evaluate.
      for (const rule of previewRules) if (!results.some((r) => r.rule === rule)) wrong.push(`${rule}: marked by the preview, unknown to check`);
    }
  }
  assert.deepEqual(wrong, []);
  // The shop's injected defects reach every family of row-level rule.
  for (const k of ['.required', '.minimum', '.known_status', '.iso_currency', '.shipping_country_mostly_set', '.retention']) assert.ok(compared.some((id) => id.endsWith(k)), `compared ${k}: ${compared.join(', ')}`);
});
