/**
 * The completion hang of issue 13 through the real server: a contract whose first line is empty (LF and CRLF) froze
 * the server for good. Every position-taking request is asked at the first line, past the last line and at the
 * largest LSP position on such documents, each with a deadline; afterwards another document still answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestClient } from './client.ts';

const DEADLINE_MS = 5000;
const MAX = 2 ** 31 - 1;

function within<T>(what: string, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS).unref())]);
}

test('requests on documents with an empty first line, CR/CRLF ends and a BOM answer at every edge position', async () => {
  const client = await TestClient.start();
  try {
    const texts: Record<string, string> = {
      'lf.odcs.yaml': '\nkind: DataContract\n',
      'crlf.odcs.yaml': '\r\nkind: DataContract\r\n',
      'cr.odcs.yaml': '\rkind: DataContract\r',
      'bom.odcs.yaml': '\uFEFF\napiVersion: v3.1.0\nkind: DataContract\n',
    };
    const positions = [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 5, character: 3 },
      { line: 0, character: MAX },
      { line: MAX, character: MAX },
    ];
    for (const [name, text] of Object.entries(texts)) {
      const uri = `file:///nohang/${name}`;
      client.open(uri, text);
      const textDocument = { uri };
      for (const position of positions) {
        const at = `${name} ${position.line}:${position.character}`;
        const items = await within(`completion at ${at}`, client.request<{ label: string }[] | { items: { label: string }[] } | null>('textDocument/completion', { textDocument, position }));
        assert.ok(items === null || Array.isArray(items) || Array.isArray(items.items), at);
        await within(`hover at ${at}`, client.request('textDocument/hover', { textDocument, position }));
        await within(`definition at ${at}`, client.request('textDocument/definition', { textDocument, position }));
        await within(`references at ${at}`, client.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }));
        await within(`prepareRename at ${at}`, client.request('textDocument/prepareRename', { textDocument, position }));
        await within(`selection at ${at}`, client.request('textDocument/selectionRange', { textDocument, positions: [position] }));
        await within(`code actions at ${at}`, client.request('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } }));
      }
      await within(`symbols of ${name}`, client.request('textDocument/documentSymbol', { textDocument }));
      await within(`folding of ${name}`, client.request('textDocument/foldingRange', { textDocument }));
    }
    // The empty first line is where a top-level key goes: it is completed like one.
    const first = await within('completion on the empty first line', client.request<{ label: string }[] | { items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: 'file:///nohang/lf.odcs.yaml' }, position: { line: 0, character: 0 } }));
    const labels = (Array.isArray(first) ? first : first.items).map((i) => i.label);
    assert.ok(labels.includes('apiVersion') && labels.includes('schema'), labels.join(', '));
    // And the server still serves everything else.
    client.open('file:///nohang/other.odcs.yaml', 'apiVersion: v3.1.0\nkind: DataContract\n');
    await within('symbols of another document', client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nohang/other.odcs.yaml' } }));
    assert.doesNotMatch(client.stderr, /\n\s+at /, 'no stack trace on stderr');
  } finally {
    await client.stop();
  }
});
