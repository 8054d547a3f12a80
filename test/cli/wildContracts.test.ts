/**
 * Contracts as the standard's examples and datacontract-cli users write them, through the real CLI: the one-contract-
 * per-dialect SQL fixtures and every official example lint without errors; a table the contract does not declare is
 * a CL128 warning with its did-you-mean; ODCS v3.0.2 files are judged by v3.0 rules.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CORPUS, ROOT } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from './cliRunner.ts';

interface LintJson {
  files: { path: string; diagnostics: { code: string; severity: string; message: string; line: number; column: number }[] }[];
}

before(() => ensureBuilt());

test('one contract per SQL dialect: no error, no unknown table', async () => {
  const dir = join(ROOT, 'test', 'fixtures', 'sql-dialects');
  const r = await runCli(['lint', '--format', 'json', dir], { timeoutMs: 60_000 });
  const json = JSON.parse(r.stdout) as LintJson;
  assert.equal(json.files.length, readdirSync(dir).filter((f) => f.endsWith('.yaml')).length);
  const bad = json.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error' || d.code === 'CL128').map((d) => `${f.path}:${d.line} ${d.code} ${d.message}`));
  assert.deepEqual(bad, []);
  assert.equal(r.status, 0, r.stderr);
});

test('every official example (v3.0.2, v3.1.0, v3.2.0 draft) lints without an error', async () => {
  for (const v of ['v3.0.2', 'v3.1.0', 'v3.2.0-draft']) {
    const r = await runCli(['lint', '--format', 'json', join(CORPUS, v, 'examples')], { timeoutMs: 90_000 });
    const json = JSON.parse(r.stdout) as LintJson;
    const errors = json.files.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.path}:${d.line} ${d.code} ${d.message}`));
    assert.deepEqual(errors, [], v);
    assert.equal(r.status, 0, `${v}: ${r.stderr}`);
  }
});

test('a table name the contract does not declare: CL128 warning at the name, with did-you-mean', async () => {
  const r = await runCli(['lint', '--format', 'json', join(ROOT, 'test', 'fixtures', 'rules', 'CL128-sql-unknown-table.odcs.yaml')]);
  const d = (JSON.parse(r.stdout) as LintJson).files[0].diagnostics.filter((x) => x.code === 'CL128');
  assert.deepEqual(d.map((x) => [x.severity, x.line, x.column]), [['warning', 14, 37], ['warning', 19, 53]]);
  assert.match(d[0].message, /Table `ordrs` is not a schema object .*did you mean `orders`/);
  assert.match(d[1].message, /`\$\{custmers\}` names no schema object .*did you mean `customers`/);
  assert.equal(r.status, 0, 'warnings only');
});
