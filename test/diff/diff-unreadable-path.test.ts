/**
 * `contractlens diff` given only a path that exists on neither side: exit 2 with the reason on stderr, and no
 * "No problems in 0 files" on stdout (a text that reads as a pass while the run failed). Real CLI, scratch repo.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/paths.ts';
import { buildCli, makeRepo, runCli } from './helpers.ts';

test('diff of a path that is nowhere: exit 2, the reason, and no report claiming there is no problem', () => {
  buildCli();
  const repo = makeRepo({ 'contracts/orders.odcs.yaml': readFileSync(join(ROOT, 'test/fixtures/diff/orders.odcs.yaml'), 'utf8') });
  const r = runCli(repo, ['diff', 'contracts/nonexistent.odcs.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nonexistent\.odcs\.yaml: no such file in the working tree nor at the base revision/);
  assert.doesNotMatch(r.stdout, /No problems/);
  // Machine formats still get their document, so that a CI step reading the file does not fail on a missing one.
  const json = runCli(repo, ['diff', 'contracts/nonexistent.odcs.yaml', '--format', 'json']);
  assert.equal(json.code, 2);
  assert.deepEqual(JSON.parse(json.stdout).contracts, []);
});
