/**
 * One broken rule never breaks the others (issue 8, item 7). A table whose contract holds a regex that does not
 * compile, a retention SLA on an integer column, a multipleOf of zero and a SQL rule dividing by zero: each of those
 * reports its own problem, and every other rule of the same fused scan still gets its verdict and its samples.
 * The bisection of a scan that fails at run time (a value on some row that a cast cannot take) is proven on the engine
 * with a real DuckDB.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { scratchDir } from '../helpers/paths.ts';
import { DataSession } from '../../server/src/engine/data/session.ts';
import { fusedScanSql, type ScanSlot } from '../../server/src/engine/data/checks/compile.ts';
import { runFusedScan } from '../../server/src/engine/data/checks/scan.ts';

const dir = scratchDir('cl-isolation-');
before(() => {
  ensureBuilt();
  const rows = ['reading_id,sensor,status,level,recorded_at'];
  for (let i = 1; i <= 40; i++) rows.push(`${i},s${i % 4},${i % 10 === 0 ? 'BROKEN' : 'ok'},${i % 7 === 0 ? -1 : i},${1_700_000_000 + i}`);
  writeFileSync(join(dir, 'readings.csv'), rows.join('\n') + '\n');
  writeFileSync(
    join(dir, 'readings.odcs.yaml'),
    `apiVersion: v3.1.0
kind: DataContract
id: urn:example:readings
name: Sensor readings
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./readings.csv
schema:
  - name: readings
    physicalType: table
    properties:
      - name: reading_id
        logicalType: integer
        required: true
      - name: sensor
        logicalType: string
        quality:
          - name: sensor_code
            metric: invalidValues
            arguments:
              pattern: '^s([0-9]$'
            mustBe: 0
      - name: status
        logicalType: string
        quality:
          - name: known_status
            metric: invalidValues
            arguments:
              validValues: [ok, degraded]
            mustBe: 0
      - name: level
        logicalType: integer
        logicalTypeOptions:
          minimum: 0
          multipleOf: 0
      - name: recorded_at
        logicalType: integer
    quality:
      - name: average_per_nothing
        type: sql
        query: SELECT count(*) / 0 FROM readings
        mustBe: 0
slaProperties:
  - property: retention
    value: 1
    unit: y
    element: readings.recorded_at
`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Res { rule: string; status: string; failedRows: number | null; message: string; samples: Record<string, unknown>[] }

test('check: the broken rules report their own problem; the others of the same scan run', async () => {
  const r = await runCli(['check', 'readings.odcs.yaml', '--format', 'json', '--now', '2026-01-01T00:00:00Z'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  const results = (JSON.parse(r.stdout) as { results: Res[] }).results;
  const get = (id: string) => results.find((x) => x.rule === id) ?? assert.fail(`${id} missing: ${results.map((x) => x.rule).join(', ')}`);
  // The bad regex: an error on that rule alone, with DuckDB's reason.
  assert.equal(get('readings.sensor.sensor_code').status, 'error');
  assert.match(get('readings.sensor.sensor_code').message, /missing \)|parenthes/i);
  // A retention SLA on an integer column is skipped with the reason, not a cast error everywhere.
  assert.equal(get('readings.recorded_at.retention').status, 'skipped');
  assert.match(get('readings.recorded_at.retention').message, /recorded_at is BIGINT, not a date or timestamp/);
  // multipleOf 0 (a division by zero) is skipped; the SQL rule dividing by zero is an error of its own.
  assert.equal(get('readings.level.multipleOf').status, 'skipped');
  assert.equal(get('readings.average_per_nothing').status, 'error');
  // Everything else ran in the same scan: verdicts, counts and samples.
  assert.equal(get('readings.status.known_status').status, 'failed');
  assert.equal(get('readings.status.known_status').failedRows, 4);
  assert.deepEqual(get('readings.status.known_status').samples.map((s) => s.status), ['BROKEN', 'BROKEN', 'BROKEN', 'BROKEN']);
  assert.equal(get('readings.level.minimum').failedRows, 5);
  assert.ok(get('readings.level.minimum').samples.every((s) => s.level === -1));
  assert.equal(get('readings.reading_id.required').status, 'passed');
  assert.equal(results.filter((x) => x.status === 'error').length, 2, JSON.stringify(results.filter((x) => x.status === 'error')));
});

test('engine: a scan that fails at run time is bisected down to the rule that breaks it', async () => {
  const session = await DataSession.open({ sources: [] });
  try {
    const relation = `(SELECT range AS id, CASE WHEN range = 77 THEN 'x' ELSE CAST(range AS VARCHAR) END AS code FROM range(100))`;
    const slots: ScanSlot[] = [
      { ruleId: 'even', alias: 'r1', what: 'count', expr: 'count(*) FILTER (WHERE id % 2 = 0)' },
      { ruleId: 'cast', alias: 'r2', what: 'count', expr: 'count(*) FILTER (WHERE CAST(code AS INTEGER) > 50)' },
      { ruleId: 'big', alias: 'r3', what: 'count', expr: 'count(*) FILTER (WHERE id >= 90)' },
      { ruleId: 'regex', alias: 'r4', what: 'count', expr: "count(*) FILTER (WHERE regexp_matches(code, '('))" },
      { ruleId: 'small', alias: 'r5', what: 'count', expr: 'count(*) FILTER (WHERE id < 3)' },
    ];
    await assert.rejects(session.query(fusedScanSql(relation, slots)), 'the fused scan itself fails');
    const out = await runFusedScan(session, relation, slots);
    assert.deepEqual([...out.errors.keys()].sort(), ['cast', 'regex']);
    assert.match(out.errors.get('cast')!, /Conversion Error.*'x'/);
    assert.equal(out.total, 100);
    assert.equal(Number(out.values.r1), 50);
    assert.equal(Number(out.values.r3), 10);
    assert.equal(Number(out.values.r5), 3);
  } finally {
    await session.close();
  }
});
