/**
 * The data flags are declared once (shared/dataAccess.ts) for every command that reads data: `--timeout` in ms
 * everywhere (`--timeout-ms` still accepted), `--threads`, `--memory-limit`, with the editor's defaults.
 * Run through the real CLI; a SQL rule reads DuckDB's settings back, so the test sees what the check ran with.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { dataLimits } from '../../server/src/cli/commands/dataOptions.ts';
import { dataAccessFromSettings } from '../../server/src/shared/dataAccess.ts';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings.ts';
import { scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from './cliRunner.ts';

before(() => ensureBuilt());

// Every command that opens a data session (serve and clean keep longer timeouts for batch work, through the same flags).
const DATA_COMMANDS = ['check', 'test', 'reconcile', 'preview', 'drift', 'init', 'clean', 'serve', 'doctor'];

test('every data command documents --timeout (ms), --threads and --memory-limit', async () => {
  for (const cmd of DATA_COMMANDS) {
    const help = await runCli([cmd, '--help']);
    assert.equal(help.status, 0, `${cmd} --help`);
    for (const flag of ['--timeout MS', '--threads N', '--memory-limit SIZE']) assert.ok(help.stdout.includes(flag), `${cmd} --help lacks ${flag}:\n${help.stdout}`);
    assert.doesNotMatch(help.stdout, /--timeout-ms N/, `${cmd}: the old spelling is no longer advertised as the flag`);
  }
});

test('the CLI defaults are the editor defaults', () => {
  const cli = dataLimits({});
  const editor = dataAccessFromSettings(DEFAULT_SETTINGS, '/ws');
  assert.deepEqual(cli, { timeoutMs: editor.timeoutMs, threads: editor.threads, memoryLimit: editor.memoryLimit });
});

const dir = scratchDir('cl-data-flags-');
writeFileSync(join(dir, 't.csv'), 'id\n1\n2\n');
writeFileSync(
  join(dir, 't.odcs.yaml'),
  `apiVersion: v3.1.0
kind: DataContract
id: urn:t:flags
version: 1.0.0
status: active
servers:
  - server: local
    type: local
    format: csv
    path: ./t.csv
  - server: copy
    type: local
    format: csv
    path: ./t.csv
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
    quality:
      - name: threads_is_2
        type: sql
        query: SELECT CASE WHEN current_setting('threads') = 2 THEN 0 ELSE 1 END
        mustBe: 0
`,
);

test('check takes --threads and --timeout (and the older --timeout-ms)', async () => {
  for (const timeout of [['--timeout', '60000'], ['--timeout-ms', '60000']]) {
    const run = await runCli(['check', 't.odcs.yaml', '--threads', '2', ...timeout, '--format', 'json'], { cwd: dir });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const r = JSON.parse(run.stdout).results.find((x: { rule: string }) => x.rule === 't.threads_is_2');
    assert.equal(r.status, 'passed', JSON.stringify(r));
  }
});

test('reconcile, preview, drift and init take the same flags', async () => {
  const common = ['--threads', '2', '--memory-limit', '200MB', '--timeout', '60000'];
  for (const args of [['reconcile', 't.odcs.yaml', '--against', 'copy'], ['preview', 't.odcs.yaml'], ['drift', 't.odcs.yaml'], ['init', '--from', 't.csv', '-o', '-']]) {
    const run = await runCli([...args, ...common], { cwd: dir });
    assert.equal(run.status, 0, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
  }
});

test('--timeout and --timeout-ms together, or a bad value, are usage errors naming the flag', async () => {
  const both = await runCli(['drift', 't.odcs.yaml', '--timeout', '5', '--timeout-ms', '5'], { cwd: dir });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--timeout or --timeout-ms/);
  const bad = await runCli(['check', 't.odcs.yaml', '--threads', '0'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--threads expects a whole number \(1 or more\)/);
});
