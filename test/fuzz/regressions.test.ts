/**
 * Failures the fuzz harness found, minimised, each proven in-process (the engine) and over stdio (the real server).
 *
 * Seed 20261206, document ~600: after incremental edits, one slot's final diagnostics differed from a fresh server's
 * on the same text. Minimised: an unclosed `[` followed by a few thousand `key: value` lines. The `yaml` composer
 * nests one level per such line, overflows the stack, catches that itself (RESOURCE_EXHAUSTION) and keeps what it
 * had; how far it got depended on how hot the JIT was, so the same text gave different findings from parse to parse.
 * Not a chunk-cache bug: the parse itself was not a function of the text. Fixed in engine/syntax/bounded.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSync } from '../../server/src/engine/analyze.ts';
import { MAX_TREE_DEPTH } from '../../server/src/engine/syntax/bounded.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { TestClient } from '../lsp/client.ts';
import { settledAndFresh } from './driver.ts';

const URI = 'file:///fuzz/unclosed.odcs.yaml';
/** As the fuzzer left it: a pasted `[1, 2` over the first line of a contract. */
const HEAD = '[1, 2apiVersion: v3.1.0\nkind: DataContract\ncustomProperties:\n';
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `  k${from + i}: ${from + i}\n`).join('');
/** The minimised input: 3,000 `key: value` lines inside a `[` that is never closed. */
const UNCLOSED = HEAD + lines(0, 3000);

const key = (f: { code: string; range: { start: number; end: number }; message: string }) => `${f.code} ${f.range.start}-${f.range.end} ${f.message}`;

test('in-process: an unclosed `[` before thousands of lines gives the same findings on every parse, cold or hot', () => {
  const runs = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const index = new WorkspaceIndex();
    runs.add(JSON.stringify(analyzeSync(index.set(URI, UNCLOSED), index).map(key)));
  }
  assert.equal(runs.size, 1, `different findings from parse to parse:\n${[...runs].join('\n').slice(0, 3000)}`);
  const findings = JSON.parse([...runs][0]) as string[];
  // Reported once, from where the nesting goes beyond the bound; nothing inside it is analysed.
  assert.equal(findings.filter((f) => f.startsWith('CL019')).length, 1, findings.join('\n'));
  assert.match(findings.find((f) => f.startsWith('CL019'))!, /never closed/);
  assert.ok(MAX_TREE_DEPTH < 3000);
});

test('in-process: the same text reached by incremental edits has the findings of a fresh parse', () => {
  const index = new WorkspaceIndex();
  // Grow the document line by line in blocks, as typing would, analysing each version (warms every cache and the JIT).
  for (let n = 0; n <= 3000; n += 250) analyzeSync(index.set(URI, HEAD + lines(0, n)), index);
  const incremental = analyzeSync(index.get(URI)!, index).map(key);
  const fresh = new WorkspaceIndex();
  assert.deepEqual(incremental, analyzeSync(fresh.set(URI, UNCLOSED), fresh).map(key));
});

test('over stdio: after incremental edits to the unclosed `[`, the diagnostics equal a fresh server\'s', { timeout: 120_000 }, async () => {
  const client = await TestClient.start();
  let final: string;
  try {
    let local = TextDocument.create(URI, 'yaml', 1, HEAD + lines(0, 500));
    client.open(URI, local.getText());
    let version = 1;
    for (let n = 500; n < 3000; n += 500) {
      const end = local.positionAt(local.getText().length);
      const change = { range: { start: end, end }, text: lines(n, n + 500) };
      version = client.change(URI, [change]);
      local = TextDocument.update(local, [change], version);
      await client.waitForDiagnostics(URI, (_d, p) => p.version === version, 30_000);
    }
    final = local.getText();
    assert.equal(final, UNCLOSED);
    const both = await settledAndFresh(client, { [URI]: version }, { [URI]: final }, 30_000);
    assert.notEqual(typeof both, 'string', String(both));
    const { last, fresh } = both as Exclude<typeof both, string>;
    const after = last[URI].map((d) => [d.range, d.code, d.message]);
    assert.deepEqual(after, fresh[URI].map((d) => [d.range, d.code, d.message]));
    assert.ok(after.some((d) => d[1] === 'CL019'), JSON.stringify(after).slice(0, 2000));
  } finally {
    await client.stop();
  }
});
