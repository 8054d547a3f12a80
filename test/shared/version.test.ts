/** The version is written once, in package.json: the CLI and the language server report that one. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../cli/cliRunner.ts';
import { ROOT } from '../helpers/paths.ts';
import { TestClient } from '../lsp/client.ts';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

test('contractlens --version prints package.json\'s version', async () => {
  const run = await runCli(['--version']);
  assert.equal(run.status, 0);
  assert.equal(run.stdout.trim(), version);
});

test('the language server reports package.json\'s version in serverInfo', async () => {
  const client = await TestClient.start();
  clients.push(client);
  assert.deepEqual((client.initializeResult as { serverInfo?: unknown }).serverInfo, { name: 'contractlens', version });
});
