/**
 * Contracts written for datacontract-cli run unchanged (issue 8, items 9 and 10), through the real CLI:
 * - a relative `path` that finds nothing beside the contract is read relative to the working folder, with an info;
 *   containment still holds (a path outside --root is refused either way);
 * - DATACONTRACT_DUCKDB_DATABASE / DATACONTRACT_DUCKDB_SCHEMA point a duckdb server at its database and schema.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { scratchDir } from '../helpers/paths.ts';

const dir = scratchDir('cl-compat-');
const contract = (server: string) => `apiVersion: v3.0.2
kind: DataContract
id: urn:example:trips
version: 1.0.0
status: active
servers:
${server}
schema:
  - name: trips
    physicalType: table
    properties:
      - name: trip_id
        logicalType: integer
        required: true
    quality:
      - rule: rowCount
        mustBe: 3
`;

before(async () => {
  ensureBuilt();
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'contracts'));
  writeFileSync(join(dir, 'data', 'trips.csv'), 'trip_id\n1\n2\n3\n');
  writeFileSync(join(dir, 'contracts', 'trips.odcs.yaml'), contract('  - server: local\n    type: local\n    format: csv\n    path: data/trips.csv'));
  const db = await DuckDBInstance.create(join(dir, 'warehouse.duckdb'));
  const conn = await db.connect();
  await conn.run('CREATE SCHEMA sales; CREATE TABLE sales.trips AS SELECT range + 1 AS trip_id FROM range(3)');
  conn.closeSync();
  db.closeSync();
  writeFileSync(join(dir, 'duck.odcs.yaml'), contract('  - server: warehouse\n    type: duckdb\n    database: somewhere-else.duckdb'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a relative path read from the working folder when nothing is beside the contract, with an info', async () => {
  const r = await runCli(['check', 'contracts/trips.odcs.yaml', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /info: contracts\/trips\.odcs\.yaml: path data\/trips\.csv finds nothing beside the contract .*read relative to the working folder/);
  const results = (JSON.parse(r.stdout) as { results: { rule: string; status: string }[] }).results;
  assert.ok(results.every((x) => x.status === 'passed'), JSON.stringify(results));
  // From another folder the path finds nothing anywhere: the source error says so.
  const other = await runCli(['check', 'trips.odcs.yaml'], { cwd: join(dir, 'contracts'), timeoutMs: 60_000 });
  assert.equal(other.status, 1);
  // Containment is unchanged: with --root at the contracts folder, the data above it is refused.
  const refused = await runCli(['check', 'contracts/trips.odcs.yaml', '--root', 'contracts'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /outside the workspace root/);
});

test('every data command says so too: preview, drift, reconcile and clean print the same info line', async () => {
  const info = /info: contracts\/trips\.odcs\.yaml: path data\/trips\.csv finds nothing beside the contract .*read relative to the working folder/;
  const runs: [string, string[]][] = [
    ['preview', ['preview', 'contracts/trips.odcs.yaml', '--format', 'json']],
    ['drift', ['drift', 'contracts/trips.odcs.yaml']],
    ['reconcile', ['reconcile', 'contracts/trips.odcs.yaml', '--server', 'local', '--against', 'local', '--format', 'json']],
    ['clean', ['clean', 'contracts/trips.odcs.yaml', '--dry-run']],
  ];
  for (const [name, argv] of runs) {
    const r = await runCli(argv, { cwd: dir, timeoutMs: 60_000 });
    assert.ok(r.status === 0 || r.status === 1, `${name}: exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`contractlens ${name}: ${info.source}`), `${name}: ${r.stderr}`);
    assert.equal(r.stderr.match(/ info: /g)?.length, 1, `${name}: one line: ${r.stderr}`);
    // The data was read, from the working folder: no command reports it missing.
    assert.doesNotMatch(r.stdout + r.stderr, /does not exist|no such file/i, name);
  }
  const preview = await runCli(['preview', 'contracts/trips.odcs.yaml', '--format', 'json'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal((JSON.parse(preview.stdout) as { rows: unknown[] }).rows.length, 3);
  // Beside the contract, nothing to tell.
  const beside = await runCli(['preview', 'trips.odcs.yaml', '--format', 'json'], { cwd: join(dir, 'contracts'), timeoutMs: 60_000 });
  assert.doesNotMatch(beside.stderr, /info:/);
});

test('DATACONTRACT_DUCKDB_DATABASE and DATACONTRACT_DUCKDB_SCHEMA point a duckdb server at its data', async () => {
  const without = await runCli(['check', 'duck.odcs.yaml'], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(without.status, 1);
  assert.match(without.stdout + without.stderr, /somewhere-else\.duckdb does not exist/);
  const r = await runCli(['test', 'duck.odcs.yaml', '--format', 'json'], { cwd: dir, timeoutMs: 60_000, env: { DATACONTRACT_DUCKDB_DATABASE: join(dir, 'warehouse.duckdb'), DATACONTRACT_DUCKDB_SCHEMA: 'sales' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const results = (JSON.parse(r.stdout) as { results: { rule: string; status: string }[] }).results;
  assert.equal(results.find((x) => x.rule === 'trips.rowCount')?.status, 'passed', JSON.stringify(results));
});
