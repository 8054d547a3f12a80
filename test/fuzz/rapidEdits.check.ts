/**
 * NOT in npm test yet: it fails today (hover after the burst took 70 s on the shared machine); run it with
 *   node --import tsx --test test/fuzz/rapidEdits.check.ts
 *
 * Rapid edits (issue 13): 10,000 incremental edits to a 5,000-line contract, sent as fast as the client can. The
 * final diagnostics equal a fresh server's on the final text, a hover right after the burst answers within 1 s,
 * and the server's memory comes back to its level before the burst.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { freshDiagnostics } from './driver.ts';
import { rssMb } from './rss.ts';
import { TestClient } from '../lsp/client.ts';

const EDITS = 10_000;
/** Memory may settle a little higher (caches warmed by the burst), never by the burst's size. */
const RSS_SLACK_MB = 60;

test(`${EDITS} incremental edits to a 5,000-line contract: diagnostics converge, hover answers, memory returns`, { timeout: 600_000 }, async () => {
  const uri = 'file:///rapid/orders.odcs.yaml';
  const { generateContract } = (await import('../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };
  const text = generateContract(5000, { name: 'orders' });
  const client = await TestClient.start();
  try {
    client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, 30_000);
    // Warm up every path the burst takes (hover, a typo, its fix), then measure the resting level.
    const local = TextDocument.create(uri, 'yaml', 1, text);
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 20, character: 4 } });
    await new Promise((r) => setTimeout(r, 1500));
    const before = rssMb(client.child.pid)!;

    // Typing in the middle of the file: insert a character, sometimes a line break, sometimes delete; at varying places.
    const anchor = local.getText().indexOf('description:', Math.floor(local.getText().length / 2));
    let version = 1;
    for (let i = 0; i < EDITS; i++) {
      const at = anchor + 13 + (i % 40);
      const pos = local.positionAt(at);
      const change = i % 3 === 2 ? { range: { start: pos, end: local.positionAt(at + 1) }, text: '' } : { range: { start: pos, end: pos }, text: i % 97 === 0 ? '\n        ' : 'x' };
      version = client.change(uri, [change]);
      TextDocument.update(local, [change], version);
    }
    // Right after the burst: a hover on another part of the document.
    const t0 = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 30, character: 10 } });
    const hoverMs = performance.now() - t0;
    assert.ok(hoverMs < 1000, `hover after the burst took ${hoverMs.toFixed(0)} ms`);

    const last = await client.waitForDiagnostics(uri, (_d, p) => p.version === version, 60_000);
    const fresh = await freshDiagnostics({ [uri]: local.getText() }, 30_000);
    assert.notEqual(typeof fresh, 'string', String(fresh));
    const norm = (ds: typeof last) => ds.map((d) => [d.range, d.code, d.message]);
    assert.deepEqual(norm(last), norm((fresh as Record<string, typeof last>)[uri]));

    await new Promise((r) => setTimeout(r, 3000));
    const after = rssMb(client.child.pid)!;
    assert.ok(after < before + RSS_SLACK_MB, `RSS ${before.toFixed(0)} MB before the burst, ${after.toFixed(0)} MB after`);
    assert.doesNotMatch(client.stderr, /\n\s+at /);
  } finally {
    await client.stop();
  }
});
