// Preview benchmark (prints figures, not a test): the first 100 rows of a 5,000,000-row orders table, with every
// cell rule evaluated, through the BUILT CLI (`contractlens preview --format json`, whose `elapsedMs` is the engine's
// query time, session start excluded) — parquet and csv. Target (issue 3): ≤ 100 ms in the engine for parquet.
//
//   node bench/preview.mjs [--rows N] [--runs N]
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } } });
const ROWS = Number(values.rows ?? 5_000_000);
const RUNS = Number(values.runs ?? 7);

const dir = mkdtempSync(join(tmpdir(), 'cl-bench-preview-'));
mkdirSync(join(dir, '.git'));
try {
  const t0 = Date.now();
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const gen = `SELECT range AS order_id, (range % 100000) AS user_id,
      CASE range % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'lost' END AS status,
      CASE WHEN range % 50 = 0 THEN NULL ELSE 'DE' END AS country, (range % 120)::INTEGER AS quantity,
      round((range % 10000) / 7.0, 2) AS total, TIMESTAMP '2024-01-01' + INTERVAL (range % 1000000) SECOND AS placed_at
    FROM range(${ROWS})`;
  await conn.run(`COPY (${gen}) TO '${dir}/orders.parquet' (FORMAT parquet)`);
  await conn.run(`COPY (${gen}) TO '${dir}/orders.csv' (HEADER)`);
  conn.closeSync();
  inst.closeSync();
  console.log(`generated ${ROWS.toLocaleString()} rows (parquet + csv) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const props = `      - name: order_id
        logicalType: integer
        required: true
      - name: user_id
        logicalType: integer
        required: true
      - name: status
        logicalType: string
        enum:
          - value: new
          - value: paid
          - value: shipped
      - name: country
        logicalType: string
        required: true
        logicalTypeOptions:
          pattern: "^[A-Z]{2}$"
      - name: quantity
        logicalType: integer
        logicalTypeOptions:
          minimum: 1
          maximum: 100
      - name: total
        logicalType: number
        logicalTypeOptions:
          minimum: 0
      - name: placed_at
        logicalType: timestamp
`;
  for (const format of ['parquet', 'csv']) {
    writeFileSync(join(dir, `${format}.odcs.yaml`), `apiVersion: v3.2.0\nkind: DataContract\nid: bench\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    properties:\n${props}servers:\n  - server: local\n    type: local\n    path: orders.${format}\n    format: ${format}\n`);
    const engine = [];
    const wall = [];
    let cells = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = Date.now();
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'contractlens.js'), 'preview', `${format}.odcs.yaml`, '--format', 'json', '--limit', '100'], { cwd: dir, encoding: 'utf8' });
      wall.push(Date.now() - t);
      if (r.status !== 0) throw new Error(r.stderr);
      const out = JSON.parse(r.stdout);
      engine.push(out.elapsedMs);
      cells = out.brokenCells;
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`${format.padEnd(8)} first 100 of ${ROWS.toLocaleString()} rows, ${cells} broken cells marked: engine median ${med(engine)} ms (min ${Math.min(...engine)}, max ${Math.max(...engine)}); whole CLI process median ${med(wall)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
