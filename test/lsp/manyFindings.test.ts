/**
 * A document with thousands of findings (issue 13: the fuzz harness found slots with ~23,000) publishes its first
 * 1,000 by position plus one CL018 saying how many more there are, and requests on it and on another document keep
 * being answered quickly. The real server over stdio.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SHOWN_FINDINGS } from '../../server/src/engine/findingLimit.ts';
import { TestClient } from './client.ts';

/** `n` properties, each with a key the standard does not have: `n` CL020 findings. */
function manyFindings(n: number): string {
  const props = Array.from({ length: n }, (_, i) => `      - name: c${i}\n        logicalType: string\n        notAKey${i}: 1\n`).join('');
  return `apiVersion: v3.1.0\nkind: DataContract\nid: many\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n${props}`;
}

async function timed<T>(p: Promise<T>): Promise<number> {
  const t0 = performance.now();
  await p;
  return performance.now() - t0;
}

test('thousands of findings: the first 1,000 by position and one CL018, requests answered within 1 s', { timeout: 120_000 }, async () => {
  const many = 'file:///many/many.odcs.yaml';
  const other = 'file:///many/other.odcs.yaml';
  const text = manyFindings(1500);
  const client = await TestClient.start();
  try {
    client.open(other, manyFindings(2));
    client.open(many, text);
    const ds = await client.waitForDiagnostics(many, () => true, 60_000);
    assert.equal(ds.length, MAX_SHOWN_FINDINGS + 1);
    const summary = ds[ds.length - 1];
    assert.equal(summary.code, 'CL018');
    assert.match(String(summary.message), /^500 more findings in this document are not shown/);
    const shown = ds.slice(0, -1);
    assert.ok(shown.every((d) => d.code === 'CL020'), JSON.stringify(shown.find((d) => d.code !== 'CL020')));
    // The first 1,000 by position: the last shown is property c999's unknown key, the summary sits on c1000's.
    const lines = text.split('\n');
    assert.equal(lines[shown[shown.length - 1].range.start.line].trim(), 'notAKey999: 1');
    assert.equal(lines[summary.range.start.line].trim(), 'notAKey1000: 1');

    // Edits to the heavy document, each answered by a hover on both documents.
    for (let i = 0; i < 5; i++) {
      client.change(many, [{ range: { start: { line: 8 + 3 * i, character: 14 }, end: { line: 8 + 3 * i, character: 14 } }, text: 'x' }]);
      const onMany = await timed(client.request('textDocument/hover', { textDocument: { uri: many }, position: { line: 9 + 3 * i, character: 10 } }));
      const onOther = await timed(client.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 9, character: 10 } }));
      console.log(`hover after an edit: ${onMany.toFixed(0)} ms on the heavy document, ${onOther.toFixed(0)} ms on the other`);
      assert.ok(onMany < 1000 && onOther < 1000, `hover on the heavy document ${onMany.toFixed(0)} ms, on the other ${onOther.toFixed(0)} ms`);
    }
  } finally {
    await client.stop();
  }
});
