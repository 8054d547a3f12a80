/**
 * No head-of-line blocking (issue 13): requests about document A are answered while document B, which holds a 1 MB
 * line, is edited every 50 ms (each edit makes B's validation start again). The real server over stdio.
 * bench/robustness.mjs reports the same latencies as figures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestClient } from './client.ts';

/** "A few hundred milliseconds": what a request about A may wait for B's validation, typically and at worst (p95). */
const P50_MS = 300;
const P95_MS = 1000;

test('requests about A are answered within a few hundred ms while B (a 1 MB line) is edited every 50 ms', { timeout: 180_000 }, async () => {
  const { generateContract } = (await import('../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };
  const a = 'file:///hol/doc_a.odcs.yaml';
  const b = 'file:///hol/doc_b.odcs.yaml';
  const textA = generateContract(5000, { name: 'doc_a' });
  const blob = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ k: i, v: 'x' }))).slice(0, 1_000_000);
  const textB = generateContract(300, { name: 'doc_b' }).replace('  usage: Benchmarks and robustness tests only.', `  usage: ${blob}`);
  assert.ok(textB.includes(blob), 'the generated contract has the usage line the blob replaces');
  const client = await TestClient.start();
  let editor: NodeJS.Timeout | undefined;
  try {
    client.open(a, textA);
    client.open(b, textB);
    await client.waitForDiagnostics(a, () => true, 60_000);
    await client.waitForDiagnostics(b, () => true, 60_000);
    const line = textB.split('\n').findIndex((l) => l.startsWith('  usage: '));
    let edits = 0;
    editor = setInterval(() => {
      edits++;
      const character = 10 + (edits % 500); // typing inside the 1 MB line
      client.change(b, [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }]);
    }, 50);
    const linesA = textA.split('\n').length;
    const latencies: number[] = [];
    for (let i = 0; i < 60; i++) {
      const position = { line: (i * 37) % linesA, character: 8 };
      const method = ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol'][i % 3];
      const t0 = performance.now();
      await client.request(method, method === 'textDocument/documentSymbol' ? { textDocument: { uri: a } } : { textDocument: { uri: a }, position });
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    clearInterval(editor);
    editor = undefined;
    const sorted = [...latencies].sort((x, y) => x - y);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const summary = `p50 ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms, max ${p(1).toFixed(0)} ms over ${latencies.length} requests, ${edits} edits of B`;
    assert.ok(edits >= 20, `B was edited while A was asked (${summary})`);
    assert.ok(p(0.5) < P50_MS && p(0.95) < P95_MS, summary);
  } finally {
    if (editor) clearInterval(editor);
    await client.stop();
  }
});
