/**
 * Random feature requests at random positions of a document, as an editor sends them: mostly inside the text,
 * sometimes at a line end, past the last line or at the largest position the protocol allows.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Rng } from './random.ts';

export interface FuzzRequest {
  method: string;
  params: unknown;
}

const MAX = 2 ** 31 - 1;

function randomPosition(doc: TextDocument, rng: Rng): { line: number; character: number } {
  const r = rng.next();
  if (r < 0.05) return { line: MAX, character: MAX };
  if (r < 0.1) return { line: doc.lineCount + rng.int(5), character: rng.int(10) };
  if (r < 0.15) return { line: rng.int(doc.lineCount), character: MAX };
  const p = doc.positionAt(rng.int(doc.getText().length + 1));
  return rng.chance(0.1) ? { line: p.line, character: p.character + rng.int(3) } : p;
}

const KINDS: ((uri: string, doc: TextDocument, rng: Rng) => FuzzRequest)[] = [
  (uri, d, rng) => ({ method: 'textDocument/completion', params: { textDocument: { uri }, position: randomPosition(d, rng) } }),
  (uri, d, rng) => ({ method: 'textDocument/completion', params: { textDocument: { uri }, position: randomPosition(d, rng) } }),
  (uri, d, rng) => ({ method: 'textDocument/hover', params: { textDocument: { uri }, position: randomPosition(d, rng) } }),
  (uri, d, rng) => ({ method: 'textDocument/definition', params: { textDocument: { uri }, position: randomPosition(d, rng) } }),
  (uri, d, rng) => ({ method: 'textDocument/references', params: { textDocument: { uri }, position: randomPosition(d, rng), context: { includeDeclaration: rng.chance(0.5) } } }),
  (uri, d, rng) => ({ method: 'textDocument/prepareRename', params: { textDocument: { uri }, position: randomPosition(d, rng) } }),
  (uri, d, rng) => ({ method: 'textDocument/rename', params: { textDocument: { uri }, position: randomPosition(d, rng), newName: rng.pick(['x', 'renamed', '', 'a b', '🙂']) } }),
  (uri, d, rng) => ({ method: 'textDocument/selectionRange', params: { textDocument: { uri }, positions: [randomPosition(d, rng), randomPosition(d, rng)] } }),
  (uri, d, rng) => {
    const a = randomPosition(d, rng);
    const b = randomPosition(d, rng);
    const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
    return { method: 'textDocument/codeAction', params: { textDocument: { uri }, range: { start, end }, context: { diagnostics: [] } } };
  },
  (uri) => ({ method: 'textDocument/documentSymbol', params: { textDocument: { uri } } }),
  (uri) => ({ method: 'textDocument/foldingRange', params: { textDocument: { uri } } }),
  (_uri, _d, rng) => ({ method: 'workspace/symbol', params: { query: rng.pick(['', 'a', 'order', 'zz']) } }),
];

export function randomRequests(uri: string, doc: TextDocument, rng: Rng, n: number): FuzzRequest[] {
  return Array.from({ length: n }, () => rng.pick(KINDS)(uri, doc, rng));
}
