/**
 * The built language server as a child process over stdio JSON-RPC, driven like an editor drives it:
 * diagnostics on open and after incremental edits (coalesced), a cross-file dangling relationship that goes away
 * when the target file is created, completion, hover, definition, references, rename, a quick fix applied as a
 * WorkspaceEdit, settings, trust, and the server answering after bad input.
 */
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionList, Diagnostic, DocumentSymbol, Hover, Location, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { CLI, ROOT, scratchDir } from '../helpers/paths.ts';
import { buildOnce, positionOf, TestClient } from './client.ts';

const SHOP = join(ROOT, 'test/fixtures/lsp/shop');

const has = (code: string) => (d: Diagnostic[]) => d.some((x) => x.code === code);
const hasNot = (code: string) => (d: Diagnostic[]) => !d.some((x) => x.code === code);

/** Applies LSP text edits to a text (the way an editor applies a WorkspaceEdit). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const offsetOf = (p: { line: number; character: number }) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  for (const e of sorted) text = text.slice(0, offsetOf(e.range.start)) + e.newText + text.slice(offsetOf(e.range.end));
  return text;
}

describe('language server over stdio', () => {
  let client: TestClient;
  let dir: string;
  let ordersUri: string;
  let ordersText: string;
  let usersUri: string;

  before(async () => {
    // A workspace with the orders contract only: its relationship to users.user_id dangles.
    dir = scratchDir('cl-lsp-');
    copyFileSync(join(SHOP, 'orders.odcs.yaml'), join(dir, 'orders.odcs.yaml'));
    client = await TestClient.start({ rootDir: dir });
    ordersUri = pathToFileURL(join(dir, 'orders.odcs.yaml')).toString();
    usersUri = pathToFileURL(join(dir, 'users.odcs.yaml')).toString();
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
    assert.deepEqual(client.streamErrors, [], 'nothing but protocol on stdout');
  });

  test('registers file watchers dynamically', async () => {
    await client.waitUntil(() => client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'watcher registration');
    const reg = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    // Contracts are recognised by content too, so every YAML file is watched (data features may add their own globs).
    assert.ok((reg.registerOptions as { watchers: { globPattern: string }[] }).watchers.some((w) => w.globPattern === '**/*.{yaml,yml}'));
  });

  test('a dangling cross-file relationship is reported, and disappears when the target file is created', async () => {
    ordersUri = client.openFile(join(dir, 'orders.odcs.yaml'));
    ordersText = readFileSync(join(dir, 'orders.odcs.yaml'), 'utf8');
    const diags = await client.waitForDiagnostics(ordersUri, has('CL110'));
    const d = diags.find((x) => x.code === 'CL110')!;
    assert.deepEqual(d.range.start, positionOf(ordersText, 'users.user_id'));
    assert.equal(d.source, 'contractlens');
    assert.match(d.codeDescription!.href, /CL110-relationship-target-not-found\.md$/);

    copyFileSync(join(SHOP, 'users.odcs.yaml'), join(dir, 'users.odcs.yaml'));
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: usersUri, type: 1 }] });
    await client.waitForDiagnostics(ordersUri, hasNot('CL110'));
  });

  test('watched files under node_modules or dot-folders are ignored, as the scan ignores them', async () => {
    for (const sub of ['node_modules/pkg', '.cache', 'contracts']) {
      mkdirSync(join(dir, sub), { recursive: true });
      const name = `hidden_${sub.replace(/\W/g, '_')}`;
      writeFileSync(join(dir, sub, 'x.odcs.yaml'), `apiVersion: v3.1.0\nkind: DataContract\nid: ${name}\nversion: 1.0.0\nstatus: active\nschema:\n  - name: ${name}\n`);
      client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, sub, 'x.odcs.yaml')).toString(), type: 1 }] });
    }
    const names = async () => (await client.request<{ name: string }[]>('workspace/symbol', { query: 'hidden' })).map((s) => s.name);
    for (let i = 0; i < 100 && !(await names()).includes('hidden_contracts'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await names(), ['hidden_contracts']);
  });

  test('definition, hover and completion at a relationship target', async () => {
    const at = positionOf(ordersText, 'users.user_id', 8);
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: ordersUri }, position: at });
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, usersUri);
    const usersText = readFileSync(join(dir, 'users.odcs.yaml'), 'utf8');
    assert.deepEqual(defs[0].range.start, positionOf(usersText, 'user_id'));

    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: ordersUri }, position: at });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /integer/);
    assert.match(md, /Surrogate key of the user/);

    const keyHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: ordersUri }, position: positionOf(ordersText, 'logicalType', 2) });
    assert.match((keyHover.contents as { value: string }).value, /logicalType/);

    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: ordersUri }, position: positionOf(ordersText, 'users.user_id', 6) });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('users.user_id') && labels.includes('users.email'), labels.join(','));
    const item = list.items.find((i) => i.label === 'users.user_id')!;
    assert.deepEqual((item.textEdit as TextEdit).range.start, positionOf(ordersText, 'users.user_id'));
  });

  test('a misspelt target: relatedInformation in the other file, and the suggested fix carried in data', async () => {
    const uri = pathToFileURL(join(dir, 'typo.odcs.yaml')).toString();
    const text = ordersText.replace('id: urn:test:orders', 'id: urn:test:typo').replace(/name: orders/, 'name: typo_orders').replace('to: users.user_id', 'to: users.user_ix');
    client.open(uri, text);
    const diags = await client.waitForDiagnostics(uri, has('CL110'));
    const d = diags.find((x) => x.code === 'CL110')!;
    assert.deepEqual(d.range.start, positionOf(text, 'user_ix'));
    const usersText = readFileSync(join(dir, 'users.odcs.yaml'), 'utf8');
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start]), [[usersUri, positionOf(usersText, 'users', 0, usersText.indexOf('- name: users'))]]);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.edit && /user_id/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' / '));
    assert.match(applyEdits(text, fix.edit!.changes![uri]), /to: users\.user_id/);
    client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  test('editing the target buffer (unsaved) re-validates the open contracts that point at it', async () => {
    const usersText = readFileSync(join(dir, 'users.odcs.yaml'), 'utf8');
    client.open(usersUri, usersText);
    await client.waitForDiagnostics(usersUri, (_, p) => p.version === 1);
    const at = positionOf(usersText, 'user_id');
    client.change(usersUri, [{ range: { start: at, end: { line: at.line, character: at.character + 7 } }, text: 'uid' }]);
    await client.waitForDiagnostics(ordersUri, has('CL110'));
    client.change(usersUri, [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'user_id' }]);
    await client.waitForDiagnostics(ordersUri, hasNot('CL110'));
    client.close(usersUri);
  });

  test('references and rename across files', async () => {
    const usersText = readFileSync(join(dir, 'users.odcs.yaml'), 'utf8');
    client.open(usersUri, usersText);
    const at = positionOf(usersText, 'user_id', 1);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: usersUri }, position: at, context: { includeDeclaration: false } });
    assert.deepEqual(refs.map((r) => [r.uri, r.range.start]), [[ordersUri, positionOf(ordersText, 'user_id', 0, ordersText.indexOf('users.user_id'))]]);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: usersUri }, position: at, newName: 'account_id' });
    assert.match(applyEdits(ordersText, edit.changes![ordersUri]), /to: users\.account_id/);
    assert.match(applyEdits(usersText, edit.changes![usersUri]), /- name: account_id/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: usersUri }, position: at, newName: 'a.b' }));
    client.close(usersUri);
  });

  test('document symbols, folding and selection ranges', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: ordersUri } });
    const schema = symbols.find((s) => s.name === 'schema')!;
    assert.deepEqual(schema.children!.map((s) => s.name), ['orders']);
    assert.deepEqual(schema.children![0].children!.map((s) => s.name), ['order_id', 'user_id', 'ship_city']);
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri: ordersUri } });
    assert.ok(folds.some((f) => f.startLine === positionOf(ordersText, 'schema:').line));
    const found = await client.request<{ name: string; containerName?: string; location: Location }[]>('workspace/symbol', { query: 'usrid' });
    assert.deepEqual(found.map((f) => [f.name, f.containerName, f.location.uri]).sort(), [
      ['user_id', 'orders', ordersUri],
      ['user_id', 'users', usersUri],
    ]);
    const [sel] = await client.request<{ range: unknown; parent?: unknown }[]>('textDocument/selectionRange', { textDocument: { uri: ordersUri }, positions: [positionOf(ordersText, 'users.user_id', 2)] });
    assert.ok(sel.parent, 'a chain of ranges');
  });

  test('diagnostics after didOpen and after incremental didChange', async () => {
    const uri = pathToFileURL(join(dir, 'edited.odcs.yaml')).toString();
    const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: edited\nversion: 1.0.0\nversion: 2.0.0\nstatus: active\n';
    client.open(uri, text);
    const diags = await client.waitForDiagnostics(uri, has('CL002'));
    const dup = diags.find((d) => d.code === 'CL002')!;
    assert.deepEqual(dup.range.start, { line: 4, character: 0 });

    // Incremental: delete the duplicate line.
    client.change(uri, [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, text: '' }]);
    await client.waitForDiagnostics(uri, (d, p) => p.version === 2 && !d.some((x) => x.code === 'CL002'));
    // Incremental: a key that does not exist, typed in two steps.
    client.change(uri, [{ range: { start: { line: 4, character: 14 }, end: { line: 4, character: 14 } }, text: '\ncolou' }]);
    const v = client.change(uri, [{ range: { start: { line: 5, character: 5 }, end: { line: 5, character: 5 } }, text: 'r: blue' }]);
    const unknown = await client.waitForDiagnostics(uri, (d, p) => p.version === v && d.some((x) => x.code === 'CL020'));
    assert.deepEqual(unknown.find((d) => d.code === 'CL020')!.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 6 } });
  });

  test('a burst of edits is validated once, on the latest text', async () => {
    const uri = pathToFileURL(join(dir, 'burst.odcs.yaml')).toString();
    let text = 'apiVersion: v3.1.0\nkind: DataContract\nid: burst\nversion: 1.0.0\nstatus: active\ndescription:\n  purpose: x\n';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, (_, p) => p.version === 1);
    const before = client.publishCount.get(uri)!;
    let v = 1;
    for (let i = 0; i < 30; i++) {
      v = client.change(uri, [{ range: { start: { line: 6, character: 11 + i }, end: { line: 6, character: 11 + i } }, text: 'y' }]);
      text = text.replace('purpose: x', 'purpose: x' + 'y'.repeat(i + 1)).replace('y'.repeat(i + 2), 'y'.repeat(i + 1));
    }
    client.change(uri, [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } }, text: 'burst\nversion: 9.9.9' }]);
    v++;
    const diags = await client.waitForDiagnostics(uri, (_, p) => p.version === v);
    assert.ok(diags.some((d) => d.code === 'CL002'), 'the last edit (a duplicate version) is what was validated');
    const published = client.publishCount.get(uri)! - before;
    assert.ok(published < 10, `31 edits sent at once were coalesced (published ${published} times)`);
  });

  test('a quick fix applied as a WorkspaceEdit gives a clean file', async () => {
    const uri = pathToFileURL(join(dir, 'fixme.odcs.yaml')).toString();
    let text = ordersText.replace('        logicalType: string\n', '        logicalType: strin\n        colour: blue\n');
    client.open(uri, text);
    let diags = await client.waitForDiagnostics(uri, (d) => has('CL020')(d) && has('CL023')(d));
    for (const code of ['CL020', 'CL023']) {
      const diag = diags.find((d) => d.code === code)!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
      const fix = actions.find((a) => a.isPreferred && a.edit)!;
      assert.ok(fix, `${code}: ${actions.map((a) => a.title).join(' / ')}`);
      assert.ok(actions.some((a) => a.title === `Disable ${code} for this line`));
      assert.ok(actions.some((a) => a.command?.command === 'contractlens.openRuleDocumentation'));
      const edits = fix.edit!.changes![uri];
      text = applyEdits(text, edits);
      // Sent as the editor would: one incremental change per edit, last first.
      const v = client.change(uri, [...edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
      diags = await client.waitForDiagnostics(uri, (d, p) => p.version === v && hasNot(code)(d));
    }
    assert.deepEqual(diags.filter((d) => d.severity === 1), [], 'no error left');
    assert.match(text, /logicalType: string\n {8}description: City/);
  });

  test('"open the rule documentation" runs window/showDocument', async () => {
    await client.request('workspace/executeCommand', { command: 'contractlens.openRuleDocumentation', arguments: ['https://example.org/docs/rules/CL020-unknown-key.md'] });
    assert.deepEqual(client.shownDocuments.at(-1), { uri: 'https://example.org/docs/rules/CL020-unknown-key.md', external: true });
  });

  test('settings are pulled per resource and refreshed on didChangeConfiguration', async () => {
    const uri = pathToFileURL(join(dir, 'settings.odcs.yaml')).toString();
    client.open(uri, 'apiVersion: v3.1.0\nkind: DataContract\nid: s\nid: t\nversion: 1.0.0\nstatus: active\n');
    await client.waitForDiagnostics(uri, has('CL002'));
    client.settings = { validate: false };
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    client.settings = {};
    client.notifyServer('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, has('CL002'));
  });

  test('bad input gets a diagnostic and the server keeps answering', async () => {
    const uri = pathToFileURL(join(dir, 'bad.odcs.yaml')).toString();
    const lines = ['apiVersion: v3.1.0', 'kind: DataContract', 'id: bad', 'version: 1.0.0', 'status: active', 'description:'];
    for (let i = 0; i < 3000; i++) lines.push(`  k${i}: v`);
    lines.push('  broken: [unclosed');
    client.open(uri, lines.join('\n') + '\n');
    const diags = await client.waitForDiagnostics(uri, has('CL001'));
    assert.ok(diags.some((d) => d.code === 'CL001' && d.range.start.line >= 3000), JSON.stringify(diags.map((d) => d.range.start)));
    const bomb = pathToFileURL(join(dir, 'bomb.odcs.yaml')).toString();
    let yaml = 'apiVersion: v3.1.0\nkind: DataContract\nid: bomb\nversion: 1.0.0\nstatus: active\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) yaml += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
    client.open(bomb, yaml);
    await client.waitForDiagnostics(bomb, has('CL003'));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: ordersUri } });
    assert.ok(symbols.length > 0);
  });
});

describe('language server in an untrusted workspace', () => {
  test('SQL is not even parsed when the workspace is untrusted, and is when trusted', async () => {
    const dir = scratchDir('cl-lsp-trust-');
    const text = readOrders().replace(
      '        description: City the order ships to.\n',
      '        description: City the order ships to.\n        quality:\n          - type: sql\n            query: SELEC count(*) FROM ${table}\n            mustBe: 0\n',
    );
    const path = join(dir, 'sql.odcs.yaml');
    writeFileSync(path, text);
    for (const trusted of [false, true]) {
      const client = await TestClient.start({ rootDir: dir, initializationOptions: { workspaceTrusted: trusted } });
      try {
        const uri = client.openFile(path);
        const diags = await client.waitForDiagnostics(uri, (_, p) => p.version === 1, 30_000);
        assert.equal(diags.some((d) => d.code === 'CL123'), trusted, `trusted=${trusted}: ${JSON.stringify(diags.map((d) => d.code))}`);
      } finally {
        await client.stop();
        assert.deepEqual(client.streamErrors, [], 'DuckDB loading prints nothing on stdout');
      }
    }
  });
});

function readOrders(): string {
  return readFileSync(join(SHOP, 'orders.odcs.yaml'), 'utf8');
}

describe('language server over node IPC', () => {
  test('--node-ipc serves the same protocol', async () => {
    buildOnce();
    const child = fork(CLI, ['lsp', '--node-ipc'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += String(d)));
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const got = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
    connection.listen();
    try {
      const init = await connection.sendRequest<{ capabilities: { textDocumentSync: unknown } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///ipc/a.odcs.yaml', languageId: 'yaml', version: 1, text: 'apiVersion: v3.1.0\nkind: DataContract\nkind: DataContract\n' } });
      const p = await got;
      assert.ok(p.diagnostics.some((d) => d.code === 'CL002'));
      await connection.sendRequest('shutdown');
      const exited = new Promise((r) => child.once('exit', r));
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
      assert.equal(stdout, '', 'nothing printed on stdout');
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});

test('`contractlens lsp` without a transport is a usage error (exit 2), not a crash', () => {
  buildOnce();
  const r = spawnSync(process.execPath, [CLI, 'lsp'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--stdio or --node-ipc/);
  assert.equal(r.stdout, '');
});
