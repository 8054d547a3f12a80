/** DuckDB settings from the CLI or the editor: a bad value is a clear message, never a stack trace. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DataSession } from '../../server/src/engine/data/session.ts';
import { scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';

before(() => ensureBuilt());

test('a malformed --memory-limit is a usage error (exit 2) naming the option', async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, 'x.odcs.yaml'), 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\n');
  const run = await runCli(['drift', 'x.odcs.yaml', '--memory-limit', 'bogus'], { cwd: dir });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--memory-limit bogus: expected a size such as 2GB/);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
});

test('a memory limit DuckDB refuses (e.g. from an editor setting) names the setting', async () => {
  const refused = /DuckDB refused its settings \(threads: default, memory limit: lots\)/;
  // With a file source DuckDB is created when the session opens; with none, on the first query (a session over
  // database servers only never loads it). Either way the message names the setting.
  const dir = scratchDir();
  writeFileSync(join(dir, 'orders.csv'), 'id\n1\n');
  await assert.rejects(DataSession.open({ sources: [{ contractUri: 'file:///x.odcs.yaml', schemaName: 'orders', kind: 'file', format: 'csv', paths: [join(dir, 'orders.csv')] }], memoryLimit: 'lots' }), refused);
  const lazy = await DataSession.open({ sources: [], memoryLimit: 'lots' });
  try {
    await assert.rejects(lazy.query('SELECT 1'), refused);
  } finally {
    await lazy.close();
  }
});
