/**
 * `contractlens clean` decisions on a small hand-made CSV (test/fixtures/clean), through the real CLI: column names
 * matched up to case, offsets converted to UTC, a fractional value never rounded into an integer column, enum values
 * standardised up to case and spaces, --keep-latest, --fill, --drop-extra-columns, a missing column, jsonl output,
 * --dry-run writing nothing.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import type { CleanReport } from '../../server/src/engine/data/clean/types.ts';

let dir: string;
before(() => {
  ensureBuilt();
  dir = scratchDir('cl-clean-options-');
  cpSync(join(ROOT, 'test', 'fixtures', 'clean'), dir, { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('standardises, converts and deduplicates as decided, and says so in the report', async () => {
  const r = await runCli(['clean', 'readings.odcs.yaml', '--out', 'out', '--format', 'jsonl', '--keep-latest', 'reading_ts', '--fill', 'level=0', '--drop-extra-columns', '--report', 'json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as CleanReport;
  const t = report.tables[0];
  assert.deepEqual(t.rows, { read: 6, written: 3, quarantined: 3, deduplicated: 0 });
  const written = jsonl(join(dir, 'out', 'readings.jsonl'));
  // The contract's columns, in its order, with its names (Device → device); extra `note` dropped; missing `site` NULL.
  assert.deepEqual(Object.keys(written[0]), ['id', 'device', 'reading_ts', 'amount', 'status', 'level', 'site']);
  assert.deepEqual(written.map((w) => [w.id, w.reading_ts, w.amount, w.status]), [
    [1, '2024-03-01T08:00:00.000000', 12, 'active'], // +02:00 → UTC; "  Active " → active
    [2, '2024-03-02T09:00:00.000000', 7, 'inactive'], // the newest of id 2 kept (--keep-latest); INACTIVE → inactive
    [5, '2024-03-03T00:00:00.000000', 10, 'active'],
  ]);
  const quarantine = jsonl(join(dir, 'out', 'readings.quarantine.jsonl'));
  assert.deepEqual(quarantine.map((q) => [q._source_row, q._violations]), [
    [2, ['readings.amount.type', 'readings.id.primaryKey']], // 1.5 is not rounded to 2
    [4, ['readings.reading_ts.type']],
    [5, ['readings.status.enum']], // paused matches no declared value, even up to case
  ]);
  assert.equal(quarantine[0].amount, '1.5', 'original values in the quarantine, as written in the file');
  assert.equal(quarantine[1].Device, 'c', 'the source column names in the quarantine');
  const col = (n: string) => t.columns.find((c) => c.name === n)!;
  assert.ok(col('device').decisions.some((d) => /source column "Device"/.test(d)));
  assert.deepEqual(col('reading_ts').changes.map((c) => [c.kind, c.rows]), [['parsed', 1], ['toUtc', 1]]);
  assert.deepEqual(col('status').changes.map((c) => [c.kind, c.rows]), [['standardised', 3]]);
  assert.ok(t.warnings.some((w) => /column site is not in the source/.test(w)));
  assert.deepEqual(t.extraColumns, [{ name: 'note', type: 'VARCHAR', kept: false }]);
  assert.match(t.deduplication!.keep, /newest reading_ts/);
});

test('--fill writes the value where the source is null; --dry-run writes nothing', async () => {
  const r = await runCli(['clean', 'readings.odcs.yaml', '--dry-run', '--fill', 'level=0', '--date-format', 'reading_ts=not a time', '--report', 'json'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const t = (JSON.parse(r.stdout) as CleanReport).tables[0];
  assert.equal(t.output, undefined);
  assert.ok(t.columns.find((c) => c.name === 'level')!.decisions.some((d) => /nulls filled with "0"/.test(d)));
  assert.ok(!existsSync(join(dir, 'dry')));
  const bad = await runCli(['clean', 'readings.odcs.yaml', '--out', 'never', '--fill', 'level=abc'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--fill level=abc: not a value of the column's type INTEGER/);
  assert.deepEqual(existsSync(join(dir, 'never')) ? readdirSync(join(dir, 'never')) : [], []);
  const unknown = await runCli(['clean', 'readings.odcs.yaml', '--out', 'never', '--fill', 'nope=1'], { cwd: dir });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--fill nope=…: no such column/);
});
