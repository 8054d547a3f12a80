/**
 * The open-buffer store (server/src/lsp/editBuffer.ts) against vscode-languageserver-textdocument: after any sequence
 * of incremental edits (line breaks of every kind, edits that join or split a `\r\n`, ranges past the end or
 * reversed) the text, the line count and every position agree with applying each change to a TextDocument created
 * from the previous text. (Not with one TextDocument updated in place: its line table goes wrong when a range is
 * past the last line, which editors do not send but the fuzzer does.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditBuffer, splitLines } from '../../server/src/lsp/editBuffer.ts';
import { Rng } from '../fuzz/random.ts';

const PIECES = ['a', 'key: value', '\n', '\r', '\r\n', '  - name: x\n', '', '\r\r\n\n', 'é🙂', '\n\r'];

test('splitLines keeps every line break with its line', () => {
  assert.deepEqual(splitLines(''), ['']);
  assert.deepEqual(splitLines('a\r\nb\rc\n'), ['a\r\n', 'b\r', 'c\n', '']);
  assert.deepEqual(splitLines('\r\r\n\n'), ['\r', '\r\n', '\n', '']);
});

test('10,000 random incremental edits (and compactions): the same text and positions as TextDocument', () => {
  const rng = new Rng(20261206);
  const start = Array.from({ length: 40 }, () => rng.pick(PIECES)).join('');
  let reference = TextDocument.create('file:///a.yaml', 'yaml', 1, start);
  const apply = (text: string, change: Parameters<typeof TextDocument.update>[1][number]) => TextDocument.update(TextDocument.create('file:///a.yaml', 'yaml', 1, text), [change], 2).getText();
  const buffer = new EditBuffer('file:///a.yaml', 'yaml', 1, start);
  for (let i = 0; i < 10_000; i++) {
    const changes = Array.from({ length: 1 + rng.int(3) }, () => {
      const pos = () => ({ line: rng.int(reference.lineCount + 2) - (rng.chance(0.05) ? 1 : 0), character: rng.int(14) - (rng.chance(0.05) ? 1 : 0) });
      const text = Array.from({ length: rng.int(3) }, () => rng.pick(PIECES)).join('');
      return rng.chance(0.01) ? { text } : { range: { start: pos(), end: pos() }, text };
    });
    reference = TextDocument.create('file:///a.yaml', 'yaml', i + 2, changes.reduce(apply, reference.getText()));
    buffer.update(changes, i + 2);
    // What the server does when idle (lsp/memory.ts): the lines re-cut from the current text change nothing visible.
    if (i % 193 === 0) buffer.compact();
    if (i % 97 !== 0) continue; // reading the text builds the view: compare now and then, as requests would
    const text = reference.getText();
    assert.equal(buffer.getText(), text, `after edit ${i}: ${JSON.stringify(changes)}`);
    assert.equal(buffer.lineCount, reference.lineCount);
    assert.equal(buffer.version, i + 2);
    for (let offset = 0; offset <= text.length; offset += 1 + rng.int(5)) {
      const p = reference.positionAt(offset);
      assert.deepEqual(buffer.positionAt(offset), p);
      assert.equal(buffer.offsetAt(p), reference.offsetAt(p));
    }
    // Positions as clients send them: past a line's end, into a line break, past the last line, negative.
    for (let k = 0; k < 50; k++) {
      const p = { line: rng.int(reference.lineCount + 2) - 1, character: rng.int(16) - 1 };
      assert.equal(buffer.offsetAt(p), reference.offsetAt(p), JSON.stringify(p));
      assert.deepEqual(buffer.getLineRange(p.line), reference.getLineRange(p.line), `line range ${p.line}`);
      assert.equal(buffer.getEOLCharacters(p.line), reference.getEOLCharacters(p.line), `line break ${p.line}`);
      const q = { line: rng.int(reference.lineCount + 1), character: rng.int(16) };
      const range = p.line < q.line || (p.line === q.line && p.character <= q.character) ? { start: p, end: q } : { start: q, end: p };
      assert.equal(buffer.getText(range), reference.getText(range), JSON.stringify(range));
    }
  }
});

test('a full-text change followed or preceded by incremental ones in the same didChange', () => {
  const buffer = new EditBuffer('file:///a.yaml', 'yaml', 1, 'a\nb\n');
  buffer.update([{ text: 'x\r\ny' }], 2);
  assert.equal(buffer.getText(), 'x\r\ny');
  buffer.update([{ text: 'one\ntwo' }, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, text: '2' }], 3);
  assert.equal(buffer.getText(), 'one\n2');
  buffer.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: '1' }, { text: 'last\n' }], 4);
  assert.equal(buffer.getText(), 'last\n');
  assert.deepEqual(buffer.positionAt(5), { line: 1, character: 0 });
  assert.equal(buffer.lineCount, 2);
});
