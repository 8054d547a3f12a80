/**
 * clean reads CSV and JSON as the text they hold: a quarantined row shows every value exactly as the file writes it
 * (` 42 `, `1e3`, `4.0`, `03/11/2026`), not as DuckDB's sniffer would have typed it; and the contract, not the
 * sniffer, decides each conversion of the rows written. Through the real CLI, on a CSV and a JSON Lines file holding
 * the same rows.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import type { CleanReport } from '../../server/src/engine/data/clean/types.ts';

const COLUMNS = ['id', 'day', 'n', 'f'] as const;
/** Each cell as the CSV writes it and as the JSON Lines file writes it (a JSON token). */
const ROWS: [string, string][][] = [
  [['1', '1'], ['03/11/2026', '"03/11/2026"'], [' 42 ', '" 42 "'], ['1e3', '1e3']],
  [['2', '2'], ['2026-01-02', '"2026-01-02"'], ['7', '7'], ['12.50', '12.50']],
  [['3', '3'], ['2026-01-03', '"2026-01-03"'], ['4.0', '4.0'], ['-0.5e-1', '-0.5e-1']],
  [['4', '4'], ['2026/01/04', '"2026/01/04"'], [' 8', '" 8"'], ['1E2', '1E2']],
];

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: urn:test:rawtext
name: Raw text
version: 1.0.0
status: active
servers:
  - server: csv
    type: local
    format: csv
    path: data/readings.csv
  - server: jsonl
    type: local
    format: json
    path: data/readings.jsonl
schema:
  - name: readings
    properties:
      - name: id
        logicalType: integer
        required: true
      - name: day
        logicalType: date
        logicalTypeOptions:
          format: yyyy-MM-dd
      - name: n
        logicalType: integer
      - name: f
        logicalType: number
        logicalTypeOptions:
          maximum: 100
`;

let dir: string;
before(() => {
  ensureBuilt();
  dir = scratchDir('cl-clean-rawtext-');
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'readings.odcs.yaml'), CONTRACT);
  writeFileSync(join(dir, 'data', 'readings.csv'), [COLUMNS.join(','), ...ROWS.map((r) => r.map((c) => c[0]).join(','))].join('\n') + '\n');
  writeFileSync(join(dir, 'data', 'readings.jsonl'), ROWS.map((r) => `{${r.map((c, i) => `"${COLUMNS[i]}": ${c[1]}`).join(', ')}}`).join('\n') + '\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

for (const [server, as] of [['csv', 0], ['jsonl', 1]] as const) {
  test(`${server} source: quarantined values are the text as written; the contract decides the conversions`, async () => {
    const r = await runCli(['clean', 'readings.odcs.yaml', '--server', server, '--out', `out-${server}`, '--format', 'jsonl', '--report', 'json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const t = (JSON.parse(r.stdout) as CleanReport).tables[0];
    assert.ok(!t.error, t.error);
    const quarantine = jsonl(join(dir, `out-${server}`, 'readings.quarantine.jsonl'));
    // Row 1: 03/11/2026 is not yyyy-MM-dd, 1e3 is over 100; row 3: 4.0 is no integer; row 4: 2026/01/04.
    assert.deepEqual(quarantine.map((q) => q._source_row), [1, 3, 4]);
    for (const q of quarantine) {
      const source = ROWS[Number(q._source_row) - 1];
      COLUMNS.forEach((c, i) => {
        const written = as === 0 ? source[i][0] : source[i][1].startsWith('"') ? (JSON.parse(source[i][1]) as string) : source[i][1];
        assert.equal(q[c], written, `row ${String(q._source_row)}, ${c}: the value byte for byte as in the file`);
      });
    }
    // The one written row: converted by the contract's types.
    assert.deepEqual(jsonl(join(dir, `out-${server}`, 'readings.jsonl')), [{ id: 2, day: '2026-01-02', n: 7, f: 12.5 }]);
    // The report's examples show the raw text too.
    const f = t.quarantine.find((x) => x.rule.startsWith('readings.f.'))!;
    assert.deepEqual(f.examples.map((e) => e.before), ['1e3']);
  });
}
