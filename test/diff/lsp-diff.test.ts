/**
 * The breaking-change comparison as a language-server feature, through the real server over stdio: with
 * `contractlens.diff.enabled`, an open contract edited against its git HEAD version gets warnings on the changed
 * lines (hints for info changes); off by default; nothing in an untrusted workspace.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { ROOT } from '../helpers/paths.ts';
import { positionOf, TestClient } from '../lsp/client.ts';
import { makeRepo } from './helpers.ts';

const BASE = readFileSync(join(ROOT, 'test/fixtures/diff/orders.odcs.yaml'), 'utf8');
const FILE = 'contracts/orders.odcs.yaml';
const clients: TestClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

async function start(repo: string, settings: Record<string, unknown>, trusted = true): Promise<TestClient> {
  const client = await TestClient.start({ rootDir: repo, settings, initializationOptions: { workspaceTrusted: trusted } });
  clients.push(client);
  return client;
}

const edited = BASE.replace('maxLength: 6', 'maxLength: 5').replace('description: Order total in EUR', 'description: Order total');

test('diagnostics on the changed lines against HEAD when contractlens.diff.enabled is on', async () => {
  const repo = makeRepo({ [FILE]: BASE });
  const client = await start(repo, { diff: { enabled: true } });
  const uri = pathToFileURL(join(repo, FILE)).toString();
  client.open(uri, edited);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL315'));
  const narrowed = diags.find((d) => d.code === 'CL315')!;
  assert.equal(narrowed.severity, 2, 'a breaking change is a warning in the editor');
  assert.deepEqual(narrowed.range.start, positionOf(edited, 'maxLength: 5', 'maxLength: '.length));
  assert.match(String(narrowed.message), /^Breaking change since HEAD: .*maxLength narrowed.*\(6 → 5\)/);
  assert.match(String(narrowed.codeDescription?.href), /CL315-constraint-narrowed\.md$/);
  // The quick fix of a breaking change: announce it with a major version bump.
  const actions = await client.request<{ title: string; edit?: { changes?: Record<string, { range: { start: { line: number } }; newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri }, range: narrowed.range, context: { diagnostics: [narrowed] } });
  const bump = actions.find((a) => /Bump the contract version to 2\.0\.0/.test(a.title));
  assert.ok(bump, JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(bump.edit!.changes![uri].map((e) => [e.range.start.line, e.newText]), [[positionOf(edited, 'version: 1.2.0').line, '2.0.0']]);

  const doc = diags.find((d) => d.code === 'CL329')!;
  assert.equal(doc.severity, 4, 'an info change is a hint');
  assert.equal(doc.range.start.line, positionOf(edited, 'description: Order total\n').line);

  // Back to the HEAD text: the change diagnostics go away.
  const lines = edited.split('\n');
  const at = positionOf(edited, 'maxLength: 5', 'maxLength: '.length);
  client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '6' }]);
  await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'CL315') && d.some((x) => x.code === 'CL329'));
  assert.ok(lines.length > 10);
});

test('off by default, and off in an untrusted workspace', async () => {
  const repo = makeRepo({ [FILE]: BASE });
  const off = await start(repo, {});
  const uri = pathToFileURL(join(repo, FILE)).toString();
  off.open(uri, edited);
  const d1 = await off.waitForDiagnostics(uri, () => true);
  // Give a provider time to answer: lint publishes first, extra providers merge in the next publish.
  await new Promise((r) => setTimeout(r, 800));
  assert.ok(!(off.diagnostics.get(uri)?.diagnostics ?? d1).some((d) => String(d.code).startsWith('CL3')));

  const untrusted = await start(repo, { diff: { enabled: true } }, false);
  untrusted.open(uri, edited);
  await untrusted.waitForDiagnostics(uri, () => true);
  await new Promise((r) => setTimeout(r, 800));
  assert.ok(!(untrusted.diagnostics.get(uri)?.diagnostics ?? []).some((d) => String(d.code).startsWith('CL3')));
});

test('contractlens/breakingChanges: the open text against a revision, as Markdown and JSON; unknown base is an error', async () => {
  const repo = makeRepo({ [FILE]: BASE });
  const client = await start(repo, {});
  const uri = pathToFileURL(join(repo, FILE)).toString();
  client.open(uri, edited);
  await client.waitForDiagnostics(uri, () => true);
  const res = await client.request<{ base: string; markdown: string; contracts: { status: string; changes: { code: string; level: string; line: number }[] }[] }>('contractlens/breakingChanges', { uri, base: 'main' });
  assert.equal(res.base, 'main');
  assert.match(res.markdown, /^## Contract changes against main/);
  assert.match(res.markdown, /maxLength narrowed/);
  const change = res.contracts[0].changes.find((c) => c.code === 'CL315')!;
  assert.equal(change.level, 'breaking');
  assert.equal(change.line, positionOf(edited, 'maxLength: 5').line + 1);
  await assert.rejects(client.request('contractlens/breakingChanges', { uri, base: 'origin/nope' }), /does not exist/);
  const untrusted = await start(repo, {}, false);
  untrusted.open(uri, edited);
  await assert.rejects(untrusted.request('contractlens/breakingChanges', { uri, base: 'main' }), /untrusted/);
});
