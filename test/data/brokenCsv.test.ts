/**
 * A CSV whose quoting breaks in its first lines: DuckDB's sniffer would skip that stretch and take a later line for
 * the header, so drift would report every declared column as missing. It must be reported as a broken file instead.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';

before(() => ensureBuilt());

const contract = `apiVersion: v3.1.0
kind: DataContract
id: people
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./{model}.csv
schema:
  - name: people
    properties:
      - name: id
        logicalType: integer
      - name: name
        logicalType: string
`;

test('drift and check name the broken CSV instead of reporting its columns missing', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'people.odcs.yaml'), contract);
  writeFileSync(join(dir, 'people.csv'), 'id,name\n1,a\n2,"b\n3,c\n4,d,e,f\n');
  const drift = await runCli(['drift', 'people.odcs.yaml', '--format', 'json'], { cwd: dir });
  assert.match(drift.stdout, /CL210/);
  assert.match(drift.stdout, /people\.csv: DuckDB could not split its lines into columns/);
  assert.doesNotMatch(drift.stdout, /CL201/, 'no column is reported missing');
  const check = await runCli(['check', 'people.odcs.yaml', '--format', 'json'], { cwd: dir });
  assert.equal(check.status, 1);
  assert.match(check.stdout, /could not split its lines into columns/);
});

test('a well-formed CSV still reads with its header on the first line', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'people.odcs.yaml'), contract);
  writeFileSync(join(dir, 'people.csv'), 'id,name\n1,a\n2,b\n');
  const drift = await runCli(['drift', 'people.odcs.yaml'], { cwd: dir });
  assert.equal(drift.status, 0, drift.stdout + drift.stderr);
});

test('a --root that does not exist is a usage error (exit 2) for every data command', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'people.odcs.yaml'), contract);
  writeFileSync(join(dir, 'people.csv'), 'id,name\n1,a\n');
  for (const args of [['check'], ['drift'], ['preview'], ['reconcile', '--against', 'local']]) {
    const run = await runCli([args[0], 'people.odcs.yaml', ...args.slice(1), '--root', join(dir, 'no-such-folder')], { cwd: dir });
    assert.equal(run.status, 2, `${args[0]}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, /--root .*no-such-folder: no such folder/);
  }
});
