/**
 * The first open of a large contract (issue 13, "Open fast"; docs/ARCHITECTURE.md "The first open"): the server
 * publishes what the document alone says before the SQL pass (which may load DuckDB) and the workspace scan, then the
 * complete set for the same version. Behaviour, not timing: the first publish lacks the finding only the SQL pass
 * makes, has the structural one, and holds nothing the complete set does not. bench/robustness.mjs prints the times.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { scratchDir } from '../helpers/paths.ts';
import { TestClient } from './client.ts';

const generator = async () => (await import('../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };

/** A generated contract with a broken SQL query (CL123, found only by the SQL pass) and a wrong `status` type (a schema error). */
function withDefects(text: string): string {
  const broken = text.replace('query: SELECT COUNT(*) FROM table_0 WHERE col_0_0 < 0', 'query: SELECT COUNT(* FROM table_0 WHERE col_0_0 < 0');
  assert.notEqual(broken, text, 'the generated contract has the query to break');
  return broken.replace(/^status: active$/m, 'status: [active]');
}

const key = (d: Diagnostic) => JSON.stringify([d.range, d.code, d.severity, d.message]);

/** Every publish for `uri`, from now on. */
function recordPublishes(client: TestClient, uri: string): PublishDiagnosticsParams[] {
  const seen: PublishDiagnosticsParams[] = [];
  client.onPublish.push((p) => p.uri === uri && seen.push(p));
  return seen;
}

async function settle(client: TestClient, uri: string, accept: (d: Diagnostic[]) => boolean): Promise<void> {
  await client.waitForDiagnostics(uri, accept, 120_000);
  // Then nothing more for a moment (the data-file provider publishes the same version once more).
  for (let n = -1; n !== client.publishCount.get(uri); ) {
    n = client.publishCount.get(uri) ?? 0;
    await new Promise((r) => setTimeout(r, 750));
  }
}

test('a 5,000-line contract: the first publish after didOpen comes before the SQL pass and is a subset of the complete one', { timeout: 180_000 }, async () => {
  const { generateContract } = await generator();
  const text = withDefects(generateContract(5000, { name: 'first_open' }));
  const uri = 'file:///first-open/big.odcs.yaml';
  const client = await TestClient.start();
  try {
    const publishes = recordPublishes(client, uri);
    client.open(uri, text);
    await settle(client, uri, (d) => d.some((x) => x.code === 'CL123'));
    const lint = publishes.filter((p) => p.version === 1);
    assert.ok(lint.length >= 2, `two publishes for version 1 (got ${lint.length})`);
    const [first] = lint;
    const final = publishes.at(-1)!;
    assert.ok(!first.diagnostics.some((d) => d.code === 'CL123'), 'the first publish comes before the SQL pass: no CL123 yet');
    assert.ok(first.diagnostics.some((d) => /^CL02\d$/.test(String(d.code)) && d.range.start.line === 5), `the schema error on \`status\` is in the first publish: ${JSON.stringify(first.diagnostics.map((d) => d.code))}`);
    assert.ok(final.diagnostics.some((d) => d.code === 'CL123'), 'the complete set has the SQL syntax error');
    const complete = new Set(final.diagnostics.map(key));
    for (const d of first.diagnostics) assert.ok(complete.has(key(d)), `the first publish shows nothing the complete one withdraws: ${key(d)}`);
    // Equal to what a server publishes for the same text when it is not the first open (an edit and back).
    const v2 = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# x\n' }]);
    await client.waitForDiagnostics(uri, (_d, p) => p.version === v2, 60_000);
    const v3 = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
    await settle(client, uri, (d) => d.length > 0 && client.diagnostics.get(uri)?.version === v3);
    const again = publishes.filter((p) => p.version === v3);
    assert.ok(again.every((p) => p.diagnostics.some((d) => d.code === 'CL123')), 'after an edit: one complete publish, no early one');
    assert.deepEqual(again.at(-1)!.diagnostics.map(key).sort(), final.diagnostics.map(key).sort());
  } finally {
    await client.stop();
  }
});

test('a small contract is published once, complete (no diagnostics appearing in two steps)', { timeout: 60_000 }, async () => {
  const { generateContract } = await generator();
  const text = withDefects(generateContract(200, { name: 'small_open' }));
  const uri = 'file:///first-open/small.odcs.yaml';
  const client = await TestClient.start();
  try {
    const publishes = recordPublishes(client, uri);
    client.open(uri, text);
    await settle(client, uri, (d) => d.some((x) => x.code === 'CL123'));
    assert.ok(publishes[0].diagnostics.some((d) => d.code === 'CL123'), 'the first publish of a small contract is complete');
  } finally {
    await client.stop();
  }
});

test('a large contract opened while the workspace is scanned: no publish calls a target in another file missing', { timeout: 180_000 }, async () => {
  const { generateContract } = await generator();
  const dir = scratchDir('cl-firstopen-');
  try {
    // Many files for the scan to read, one of them the target of the large contract's relationship.
    for (let i = 0; i < 40; i++) {
      mkdirSync(join(dir, `d${i % 4}`), { recursive: true });
      writeFileSync(join(dir, `d${i % 4}`, `c${i}.odcs.yaml`), generateContract(300, { name: `c${i}` }).replace(/table_(\d+)/g, `c${i}_t$1`));
    }
    const big = generateContract(5000, { name: 'big' }).replace('to: table_0.col_0_0', 'to: c39_t0.col_0_0');
    const file = join(dir, 'big.odcs.yaml');
    writeFileSync(file, big);
    const uri = pathToFileURL(file).toString();
    const client = await TestClient.start({ rootDir: dir });
    try {
      const publishes = recordPublishes(client, uri);
      client.open(uri, big);
      await settle(client, uri, (d) => d.some((x) => x.code === 'CL211') || client.publishCount.get(uri)! >= 2);
      assert.ok(publishes.length >= 1);
      for (const p of publishes) assert.ok(!p.diagnostics.some((d) => d.code === 'CL110'), `no publish reports the target in c39 missing: ${JSON.stringify(p.diagnostics.filter((d) => d.code === 'CL110'))}`);
    } finally {
      await client.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
