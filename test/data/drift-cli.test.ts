import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from '../helpers/paths.ts';
import { contractYaml, newWorkspace, write } from './dataFixtures.ts';

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PROPS = '      - name: order_id\n        logicalType: integer\n        required: true\n      - name: status\n        logicalType: string\n        enum: [new, paid]\n      - name: gone\n        logicalType: string\n';

function workspace(): string {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', 'order_id,status,extra\n1,new,x\n,lost,y\n');
  write(dir, 'orders.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  return dir;
}

test('drift CLI: text with code frames, json with 1-based positions, exit 1 on drift', () => {
  const dir = workspace();
  const text = cli(dir, 'drift');
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /orders\.odcs\.yaml:8:11 {2}warning {2}Column "extra" \(VARCHAR\) is in the data/);
  assert.match(text.stdout, /orders\.odcs\.yaml:16:15 {2}error {2}Column "gone" is declared/);
  const json = cli(dir, 'drift', '.', '--format', 'json');
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.stdout);
  assert.deepEqual(parsed.files[0].findings.map((f: { code: string; line: number; column: number }) => `${f.code}:${f.line}:${f.column}`), ['CL202:8:11', 'CL201:16:15']);
});

test('drift CLI: exit 0 when the data matches; a source outside --root is refused (CL210) unless --allow-path', () => {
  const dir = newWorkspace();
  const outside = newWorkspace();
  write(outside, 'orders.csv', 'order_id,status,gone\n1,new,a\n');
  write(dir, 'orders.odcs.yaml', contractYaml({ server: `  - server: local\n    type: local\n    path: ${outside}/orders.csv\n`, schemas: [{ name: 'orders', props: PROPS }] }));
  const refused = cli(dir, 'drift', '--format', 'json');
  assert.equal(refused.code, 1);
  const f = JSON.parse(refused.stdout).files[0].findings;
  assert.equal(f.length, 1);
  assert.equal(f[0].code, 'CL210');
  assert.match(f[0].message, /outside the workspace root/);
  const allowed = cli(dir, 'drift', '--allow-path', outside);
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  const rooted = cli(dir, 'drift', '--root', '/');
  assert.equal(rooted.code, 0, rooted.stdout + rooted.stderr);
});

test('drift CLI: --server picks a server; an unknown one is a CL210; a missing contract is exit 2', () => {
  const dir = workspace();
  const r = cli(dir, 'drift', '--server', 'nope', '--format', 'json');
  assert.equal(r.code, 1);
  assert.match(JSON.parse(r.stdout).files[0].findings[0].message, /No server named "nope"/);
  assert.equal(cli(dir, 'drift', 'missing.odcs.yaml').code, 2);
});

test('preview CLI: table with marked cells, json with rules and their contract line', () => {
  const dir = workspace();
  const text = cli(dir, 'preview', 'orders.odcs.yaml');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /2 rows, 2 cells breaking a rule/);
  assert.match(text.stdout, /row 2, order_id = NULL: is null but the property is required \(required\)/);
  assert.match(text.stdout, /row 2, status = lost: is not one of new, paid \(enum\)/);
  assert.match(text.stdout, /Declared but not in the data: gone/);
  const json = JSON.parse(cli(dir, 'preview', 'orders.odcs.yaml', '--format', 'json', '--limit', '1').stdout);
  assert.equal(json.rows.length, 1);
  assert.equal(json.truncated, true);
  assert.deepEqual(json.rows[0].values, [1, 'new', 'x']);
  const enumRule = json.rules.find((r: { rule: string }) => r.rule === 'enum');
  assert.equal(enumRule.line, 15);
  assert.equal(cli(dir, 'preview', 'orders.odcs.yaml', '--schema', 'nope').code, 2);
  assert.equal(cli(dir, 'preview', 'orders.odcs.yaml', '--limit', '0').code, 2);
});

test('drift CLI: a contract with only servers of other types is skipped with a note, not failed', () => {
  const dir = newWorkspace();
  write(dir, 'wh.odcs.yaml', contractYaml({ server: '  - server: prod\n    type: snowflake\n    account: x\n', schemas: [{ name: 'orders', props: PROPS }] }));
  const r = cli(dir, 'drift', '--format', 'json');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).files[0].findings, []);
  assert.match(r.stderr, /wh\.odcs\.yaml: skipped: No server of a type Contract Lens reads \(local, duckdb, postgres, postgresql, mysql\); declared: prod \(snowflake\)/);
  // Asking for it by name is an error of the request: CL210.
  const named = cli(dir, 'drift', '--server', 'prod', '--format', 'json');
  assert.equal(named.code, 1);
  assert.match(JSON.parse(named.stdout).files[0].findings[0].message, /type "snowflake"/);
});
