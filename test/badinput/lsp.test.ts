/**
 * The bad inputs of issue 2 through the real language server (`dist/contractlens.js lsp --stdio`): the files sit in
 * the workspace folder (the server's start-up scan reads every one from disk: binary, invalid UTF-8, a folder named
 * like a contract, 100k lines…), and each is opened as an editor would open it. Every document gets its diagnostic
 * at the right line, and after each one the server still answers a request about a good file.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-protocol';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { TestClient } from '../lsp/client.ts';
import { writeBadFiles, type BadFile } from './badFiles.ts';

const dir = scratchDir('cl-badinput-lsp-');
let files: BadFile[] = [];
let client: TestClient;
let goodUri: string;

/** What an editor hands the server: VS Code decodes by BOM, else as UTF-8 with replacement characters. */
function editorText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

async function serverStillAnswers(): Promise<void> {
  const symbols = await Promise.race([
    client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: goodUri } }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('documentSymbol not answered within 15 s')), 15_000)),
  ]);
  assert.ok(symbols.length > 0, 'the good file still has its outline');
  assert.equal(client.child.exitCode, null, `server alive; stderr: ${client.stderr}`);
}

before(async () => {
  files = await writeBadFiles(dir);
  for (const name of ['orders.odcs.yaml', 'users.odcs.yaml']) copyFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'shop', name), join(dir, name));
  client = await TestClient.start({ rootDir: dir });
  goodUri = client.openFile(join(dir, 'orders.odcs.yaml'));
  await client.waitForDiagnostics(goodUri, () => true, 30_000);
});

after(async () => {
  await client?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('bad documents in the language server', () => {
  test('the start-up scan of a folder full of bad files does not crash the server', async () => {
    await serverStillAnswers();
    assert.deepEqual(client.streamErrors, []);
  });

  for (const name of ['empty', 'image', 'latin1', 'utf16le', 'utf16be', 'utf8bom', 'huge', 'bomb', 'syntax3000']) {
    test(`${name}.odcs.yaml: a diagnostic at the right line, then the next request is answered`, { timeout: 90_000 }, async () => {
      const f = files.find((x) => x.name === `${name}.odcs.yaml`)!;
      const uri = pathToFileURL(join(dir, f.name)).toString();
      const text = editorText(readFileSync(join(dir, f.name)));
      client.open(uri, text);
      const diags: Diagnostic[] = await client.waitForDiagnostics(uri, (_, p) => p.version === 1, 60_000);
      const errors = diags.filter((d) => d.severity === 1);
      if (name === 'latin1') {
        // The editor replaced the bad byte with U+FFFD: the text is valid YAML now; what matters is an answer.
        assert.ok(Array.isArray(diags));
      } else if (name === 'image') {
        // NUL and control characters are not YAML: an error on the first line(s), not a crash.
        assert.ok(errors.length > 0, `binary text gets an error: ${JSON.stringify(diags)}`);
        assert.ok(errors[0].range.start.line <= 2, `at the start of the file: ${JSON.stringify(errors[0].range)}`);
      } else if (!f.expect) {
        assert.deepEqual(errors, [], `${f.what}: no error`);
      } else {
        const hit = diags.find((d) => d.code === f.expect!.code);
        assert.ok(hit, `${f.what}: expected ${f.expect.code}, got ${JSON.stringify(diags.map((d) => [d.code, d.range.start.line]))}`);
        if (f.expect.line > 0) assert.equal(hit.range.start.line + 1, f.expect.line, `${f.what}: line`);
        else assert.ok(hit.range.start.line + 1 >= -f.expect.line);
      }
      await serverStillAnswers();
      client.close(uri);
    });
  }

  test('a good document edited into an alias bomb and back: diagnostics follow, the server keeps answering', { timeout: 60_000 }, async () => {
    const bomb = files.find((f) => f.name === 'bomb.odcs.yaml')!;
    const good = readFileSync(join(dir, 'orders.odcs.yaml'), 'utf8');
    const lines = good.split('\n').length;
    const whole = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
    const v1 = client.change(goodUri, [{ range: whole, text: readFileSync(join(dir, bomb.name), 'utf8') }]);
    await client.waitForDiagnostics(goodUri, (d, p) => p.version === v1 && d.some((x) => x.code === 'CL003'), 30_000);
    const bombLines = readFileSync(join(dir, bomb.name), 'utf8').split('\n').length;
    const v2 = client.change(goodUri, [{ range: { start: { line: 0, character: 0 }, end: { line: bombLines, character: 0 } }, text: good }]);
    await client.waitForDiagnostics(goodUri, (d, p) => p.version === v2 && d.every((x) => x.severity !== 1), 30_000);
    await serverStillAnswers();
  });
});

describe('a minimal client (no workspace-folder or configuration support)', () => {
  test('the server starts, publishes diagnostics and answers', { timeout: 30_000 }, async () => {
    const { LspClient } = (await import('../../bench/lspClient.mjs')) as typeof import('../../bench/lspClient.mjs', { with: { 'resolution-mode': 'import' } });
    const c = new LspClient([process.execPath, join(ROOT, 'dist', 'contractlens.js'), 'lsp', '--stdio'], { cwd: dir });
    try {
      await c.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {} });
      c.notify('initialized', {});
      const uri = pathToFileURL(join(dir, 'empty.odcs.yaml')).toString();
      const published = c.waitFor('textDocument/publishDiagnostics', (p: { uri: string }) => p.uri === uri, 20_000);
      c.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: '' } });
      const { params } = await published;
      assert.deepEqual((params as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.code), ['CL005']);
      const { result } = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(Array.isArray(result));
    } finally {
      await c.shutdown();
    }
  });
});

