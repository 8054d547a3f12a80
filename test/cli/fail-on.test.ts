/**
 * `--fail-on error|warning|never` on lint, drift, check and reconcile (the real CLI on real files and DuckDB): the
 * exit code follows the level; without the option each command keeps its default; a bad level is a usage error.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from './cliRunner.ts';

const dir = scratchDir('cl-fail-on-');

const HEAD = `apiVersion: v3.1.0
kind: DataContract
version: 1.0.0
status: active
`;
// Only a warning: a relationship to a contract that does not exist (CL110).
const WARN_ONLY = `${HEAD}id: urn:t:warn
schema:
  - name: w
    properties:
      - name: a
        logicalType: integer
        relationships:
          - type: foreignKey
            to: nowhere.id
`;
// Data: two rows; a warning-severity rule and an error-severity rule, picked per test with --only / the contract.
const data = (severity: string) => `${HEAD}id: urn:t:data-${severity}
servers:
  - server: local
    type: local
    format: csv
    path: ./t.csv
  - server: replica
    type: local
    format: csv
    path: ./replica.csv
schema:
  - name: t
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
      - name: n
        logicalType: integer
        quality:
          - name: small
            metric: invalidValues
            arguments:
              validValues: [1]
            mustBe: 0
            severity: ${severity}
`;

before(() => {
  ensureBuilt();
  writeFileSync(join(dir, 'warn.odcs.yaml'), WARN_ONLY);
  writeFileSync(join(dir, 't.csv'), 'id,n\n1,1\n2,5\n');
  writeFileSync(join(dir, 'replica.csv'), 'id,n\n1,1\n2,6\n');
  writeFileSync(join(dir, 'warning.odcs.yaml'), data('warning'));
  writeFileSync(join(dir, 'error.odcs.yaml'), data('error'));
  // Drift: a column in the data that the contract does not declare.
  writeFileSync(join(dir, 'drift.odcs.yaml'), data('error').replace(/      - name: n\n[\s\S]*$/, ''));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function exit(args: string[]): Promise<number | null> {
  const r = await runCli(args, { cwd: dir });
  assert.ok(r.status !== 2 || args.includes('bogus'), `usage error: ${r.stderr}`);
  return r.status;
}

describe('--fail-on', () => {
  test('lint: a warning passes by default and at error, fails at warning; never passes errors too', async () => {
    assert.equal(await exit(['lint', 'warn.odcs.yaml']), 0);
    assert.equal(await exit(['lint', 'warn.odcs.yaml', '--fail-on', 'error']), 0);
    assert.equal(await exit(['lint', 'warn.odcs.yaml', '--fail-on', 'warning']), 1);
    writeFileSync(join(dir, 'bad.odcs.yaml'), WARN_ONLY.replace('logicalType: integer', 'logicalType: intgr'));
    try {
      assert.equal(await exit(['lint', 'bad.odcs.yaml']), 1);
      assert.equal(await exit(['lint', 'bad.odcs.yaml', '--fail-on', 'never']), 0);
    } finally {
      rmSync(join(dir, 'bad.odcs.yaml'));
    }
  });

  test('check: a failed warning rule fails only at warning; a failed error rule passes only at never', async () => {
    assert.equal(await exit(['check', 'warning.odcs.yaml']), 0);
    assert.equal(await exit(['check', 'warning.odcs.yaml', '--fail-on', 'warning']), 1);
    assert.equal(await exit(['check', 'error.odcs.yaml']), 1);
    assert.equal(await exit(['check', 'error.odcs.yaml', '--fail-on', 'error']), 1);
    assert.equal(await exit(['check', 'error.odcs.yaml', '--fail-on', 'never']), 0);
  });

  test('drift and reconcile follow the level too; an unknown level is a usage error (exit 2)', async () => {
    const drift = await runCli(['drift', 'drift.odcs.yaml', '--format', 'json'], { cwd: dir });
    const severities = (JSON.parse(drift.stdout) as { files: { findings: { severity: string }[] }[] }).files.flatMap((f) => f.findings.map((x) => x.severity));
    assert.ok(severities.length > 0, 'the undeclared column is drift');
    assert.equal(drift.status, 1);
    assert.equal(await exit(['drift', 'drift.odcs.yaml', '--fail-on', 'never']), 0);
    assert.equal(await exit(['drift', 'drift.odcs.yaml', '--fail-on', 'error']), severities.includes('error') ? 1 : 0);
    assert.equal(await exit(['reconcile', 'error.odcs.yaml', '--against', 'replica']), 1);
    assert.equal(await exit(['reconcile', 'error.odcs.yaml', '--against', 'replica', '--fail-on', 'never']), 0);
    for (const cmd of [['lint', 'warn.odcs.yaml'], ['drift', 'drift.odcs.yaml'], ['check', 'error.odcs.yaml'], ['reconcile', 'error.odcs.yaml', '--against', 'replica']]) {
      const r = await runCli([...cmd, '--fail-on', 'bogus'], { cwd: dir });
      assert.equal(r.status, 2, `${cmd[0]}: ${r.stderr}`);
      assert.match(r.stderr, /--fail-on must be one of error, warning, never/);
    }
  });
});
