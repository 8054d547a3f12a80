/** `contractlens … | head`: the reader closing the pipe early is no error, and prints no stack trace. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CLI, scratchDir } from '../helpers/paths.ts';
import { ensureBuilt } from './cliRunner.ts';

before(() => ensureBuilt());

test('output piped into head ends quietly (EPIPE)', () => {
  const dir = scratchDir();
  // Thousands of findings: far more output than a pipe buffer holds once `head` has gone.
  let text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n';
  for (let i = 0; i < 4000; i++) text += `      - name: c\n        logicalType: strng\n`;
  writeFileSync(join(dir, 'big.odcs.yaml'), text);
  const run = spawnSync('sh', ['-c', `node "${CLI}" lint "${join(dir, 'big.odcs.yaml')}" --format json | head -c 100 > /dev/null`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, 'head succeeded');
  assert.doesNotMatch(run.stderr, /EPIPE|Error|at /, 'no stack trace on stderr');
});
