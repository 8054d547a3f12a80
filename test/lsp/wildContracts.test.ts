/**
 * Through the real language server: a v3.0.2 contract gets the "Upgrade to v3.1.0" code action, and applying it
 * leaves a file the server finds clean under v3.1.0; a SQL rule naming an undeclared table gets CL128 with its
 * quick fix; SQL written for the contract's server (SQL Server `TOP 1`) is no CL123 error.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { TestClient } from './client.ts';

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

test('v3.0.2 contract: Upgrade to v3.1.0 as a code action; the upgraded text has no error', async () => {
  const dir = scratchDir('cl-lsp-v30-');
  const path = join(dir, 'customers.odcs.yaml');
  copyFileSync(join(ROOT, 'test', 'fixtures', 'versions', 'v302-upgrade.odcs.yaml'), path);
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  try {
    const uri = client.openFile(path);
    const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL009'), 30_000);
    assert.deepEqual(diags.filter((d) => d.severity === 1), [], 'no error in the v3.0.2 file');
    const hint = diags.find((d) => d.code === 'CL009' && d.range.start.line === 0)!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: hint.range, context: { diagnostics: [hint] } });
    const upgrade = actions.find((a) => a.title === 'Upgrade to v3.1.0');
    assert.ok(upgrade?.edit?.changes?.[uri], JSON.stringify(actions.map((a) => a.title)));
    const upgraded = apply(readFileSync(path, 'utf8'), upgrade!.edit!.changes![uri]);
    assert.match(upgraded, /^apiVersion: v3\.1\.0$/m);
    client.change(uri, [{ text: upgraded }]);
    const after = await client.waitForDiagnostics(uri, (d: Diagnostic[]) => !d.some((x) => x.code === 'CL009'), 30_000);
    assert.deepEqual(after.filter((d) => d.severity === 1).map((d) => `${d.code} ${d.message}`), []);
  } finally {
    await client.stop();
  }
});

test('CL128 with its quick fix, and SQL Server SQL is no syntax error on a sqlserver contract', async () => {
  const dir = scratchDir('cl-lsp-sql-');
  const path = join(dir, 'orders.odcs.yaml');
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'sql-dialects', 'sqlserver.odcs.yaml'), 'utf8').replace('SELECT COUNT(*) FROM {schema}.{table}', 'SELECT COUNT(*) FROM dbo.ordrs');
  const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: true } });
  try {
    const uri = pathFor(path);
    client.open(uri, text);
    const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'CL128'), 30_000);
    assert.deepEqual(diags.filter((d) => d.code === 'CL123' || d.severity === 1), []);
    const d = diags.find((x) => x.code === 'CL128')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.title === 'Change to `orders`');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(apply(text, fix!.edit!.changes![uri]).includes('FROM dbo.orders WHERE'), true);
  } finally {
    await client.stop();
  }
});

function pathFor(p: string): string {
  return new URL(`file://${p}`).toString();
}
