#!/usr/bin/env node
// Writes the examples/shop data: six tables and an orders replica as CSV, Parquet and JSON lines, with defects at
// known counts, and `expected.json` (those counts) beside them.
//
//   node scripts/generate-shop-data.mjs [--out DIR] [--orders N] [--seed S] [--formats csv,parquet,jsonl]
//
// Same arguments, same bytes: the generator is deterministic. Parquet and JSON are converted from the CSV by DuckDB
// with the declared column types (scripts/shop-data/model.mjs), so every format holds the same values.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCsv } from './shop-data/generate.mjs';
import { TABLES } from './shop-data/model.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function generateShopData({ out = join(ROOT, 'examples/shop/data'), orders = 2000, seed = 42, formats = ['csv', 'parquet', 'jsonl'] } = {}) {
  const outDir = resolve(out);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const expected = generateCsv(outDir, { orders, seed });
  const converted = formats.filter((f) => f !== 'csv');
  if (converted.length) await convert(outDir, converted);
  if (!formats.includes('csv')) rmSync(join(outDir, 'csv'), { recursive: true, force: true });
  expected.formats = formats;
  writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  return { outDir, expected, ms: Date.now() - started };
}

/** CSV → Parquet / JSON lines with the declared types (quoted "" stays an empty string, not NULL). */
async function convert(outDir, formats) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await db.connect();
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  const jobs = Object.entries(TABLES).map(([name, cols]) => ({ name, cols, rel: name }));
  jobs.push({ name: 'orders', cols: TABLES.orders, rel: 'replica/orders' });
  try {
    for (const { cols, rel } of jobs) {
      const columns = `{${Object.entries(cols).map(([c, t]) => `${q(c)}: ${q(t)}`).join(', ')}}`;
      const src = `read_csv(${q(join(outDir, 'csv', rel + '.csv'))}, header = true, auto_detect = false, columns = ${columns}, allow_quoted_nulls = false, timestampformat = '%Y-%m-%d %H:%M:%S')`;
      for (const fmt of formats) {
        const target = join(outDir, fmt, rel + '.' + fmt);
        mkdirSync(dirname(target), { recursive: true });
        const options = fmt === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT json';
        await conn.run(`COPY (SELECT * FROM ${src}) TO ${q(target)} (${options})`);
      }
    }
  } finally {
    conn.closeSync?.();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, orders: { type: 'string' }, seed: { type: 'string' }, formats: { type: 'string' } } });
  const orders = values.orders ? Number(values.orders) : undefined;
  if (orders !== undefined && !(Number.isInteger(orders) && orders >= 10)) {
    console.error('--orders expects a whole number of at least 10');
    process.exit(2);
  }
  const { outDir, expected, ms } = await generateShopData({
    out: values.out,
    orders,
    seed: values.seed ? Number(values.seed) : undefined,
    formats: values.formats?.split(',').map((s) => s.trim()).filter(Boolean),
  });
  const rows = Object.entries(expected.rows).map(([k, v]) => `${k} ${v}`);
  console.error(`[generate] ${outDir}: ${rows.join(', ')} (${expected.formats.join(', ')}) in ${(ms / 1000).toFixed(1)} s`);
}
