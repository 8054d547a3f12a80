/**
 * Closed files of the workspace are held small (engine/workspace/compactModel.ts, packedText.ts): their model
 * without its syntax tree, their text packed, their positions from a line table. Every answer that reads them must
 * be the one the full model gives. The real server over stdio on real files: the same questions are asked with the
 * target contract closed (indexed from disk), opened in the editor (full model, the buffer's text), and closed again.
 * The target file has CRLF line ends, non-ASCII text and a long description (all three once broke a position or a
 * string in a packed file's tests).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { CompletionItem, CompletionList, Diagnostic, Hover, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { positionOf, TestClient } from './client.ts';

const USERS = [
  'apiVersion: v3.1.0',
  'kind: DataContract',
  'id: urn:closed:users',
  'version: 1.0.0',
  'status: active',
  'schema:',
  '  - name: users',
  '    physicalName: app_users',
  '    description: Clients du magasin — une ligne par compte 👤',
  '    properties:',
  '      - name: user_id',
  '        logicalType: integer',
  '        primaryKey: true',
  '        description: The identifier every other contract of the shop points at, never reused.',
  '      - name: email',
  '        logicalType: string',
  '        description: "Adresse électronique: vérifiée à l\'inscription"',
  '',
].join('\r\n');

const ORDERS = `apiVersion: v3.1.0
kind: DataContract
id: urn:closed:orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: user_id
        logicalType: string
        relationships:
          - type: foreignKey
            to: users.user_id
      - name: buyer
        logicalType: integer
        relationships:
          - type: foreignKey
            to: users.usr_id
`;

const PAYMENTS = `apiVersion: v3.1.0
kind: DataContract
id: urn:closed:payments
version: 1.0.0
status: active
schema:
  - name: payments
    properties:
      - name: payer
        logicalType: integer
        relationships:
          - type: foreignKey
            to: users.user_id
`;

/** Everything the server says about orders that depends on the users contract. */
async function answers(client: TestClient, orders: string) {
  const at = positionOf(ORDERS, 'to: users.user_id', 'to: users.'.length + 2);
  const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: orders }, position: at });
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: orders }, position: at, context: { includeDeclaration: true } });
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: orders }, position: at });
  const completion = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri: orders }, position: positionOf(ORDERS, 'to: users.usr_id', 'to: users.'.length) });
  const items = (Array.isArray(completion) ? completion : completion.items).filter((i) => String(i.label).startsWith('users'));
  const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'user' });
  const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return { diagnostics: sort(client.diagnostics.get(orders)!.diagnostics), def, refs: sort(refs), hover, items: sort(items), symbols: sort(symbols) };
}

test('answers that read a closed contract are the ones its full model gives', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cl-closed-'));
  writeFileSync(join(dir, 'users.odcs.yaml'), USERS);
  writeFileSync(join(dir, 'orders.odcs.yaml'), ORDERS);
  writeFileSync(join(dir, 'payments.odcs.yaml'), PAYMENTS);
  const users = pathToFileURL(join(dir, 'users.odcs.yaml')).toString();
  const orders = pathToFileURL(join(dir, 'orders.odcs.yaml')).toString();
  const client = await TestClient.start({ rootDir: dir });
  try {
    // CL111 (string → integer) needs the users contract resolved: the folder scan has indexed it.
    const resolved = (d: Diagnostic[]) => d.some((x) => x.code === 'CL111') && d.some((x) => x.code === 'CL110');
    client.open(orders, ORDERS);
    await client.waitForDiagnostics(orders, resolved, 30_000);
    const closed = await answers(client, orders);

    // What the answers must hold, from the fixture text itself (CRLF: a line is `\r\n`-terminated).
    const lf = USERS.replaceAll('\r\n', '\n');
    const name = positionOf(lf, 'user_id', 0, lf.indexOf('- name: user_id'));
    assert.deepEqual(closed.def.map((l) => [l.uri, l.range.start, l.range.end]), [[users, name, { line: name.line, character: name.character + 'user_id'.length }]]);
    assert.ok(closed.refs.some((r) => r.includes('payments.odcs.yaml')), 'the closed payments contract refers to users.user_id');
    assert.ok(closed.items.some((i) => i.includes('The identifier every other contract of the shop points at, never reused.')), 'completion documents the target with its description');
    assert.ok(closed.symbols.some((s) => s.includes(users)), 'workspace symbols list the closed file');
    const mismatch = JSON.parse(closed.diagnostics.find((d) => d.includes('CL111'))!) as Diagnostic;
    const target = mismatch.relatedInformation?.find((r) => r.location.uri === users);
    const integer = positionOf(lf, 'integer', 0, lf.indexOf('- name: user_id'));
    assert.deepEqual(target?.location.range.start, integer, 'the type mismatch points at the target type in the closed file');
    assert.match(closed.diagnostics.find((d) => d.includes('CL110'))!, /did you mean `user_id`/);

    // The same questions with users open in the editor (its full model), then closed again.
    // Opening or closing a buffer re-validates the contracts pointing at it: orders is published again once the
    // index holds the new state.
    const republished = async (step: () => void) => {
      const before = client.publishCount.get(orders) ?? 0;
      step();
      await client.waitUntil(() => (client.publishCount.get(orders) ?? 0) > before, 'orders published again', 20_000);
    };
    await republished(() => client.open(users, USERS));
    assert.deepEqual(await answers(client, orders), closed);
    await republished(() => client.close(users));
    assert.deepEqual(await answers(client, orders), closed);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
