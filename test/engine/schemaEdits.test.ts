/** The structure quick fixes' text edits on the YAML shapes people write: block, flow, block scalars, last lines. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asMap, getNode, getPair, type YMap } from '../../server/src/engine/syntax/ast.ts';
import { parseYaml } from '../../server/src/engine/syntax/parse.ts';
import { insertPairEdit, removePairEdit } from '../../server/src/engine/schema/edits.ts';
import type { TextEdit } from '../../server/src/engine/findings.ts';

const apply = (text: string, e: TextEdit) => text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);

function mapAt(text: string, ...keys: string[]): YMap {
  let m = asMap(parseYaml(text).root)!;
  for (const k of keys) m = asMap(getNode(m, k))!;
  return m;
}

test('removing an entry removes its nested lines and a block scalar, and nothing else', () => {
  const text = 'a: 1\nb:\n  c: 2\n  d: |\n    line one\n    line two\ne: 3\n';
  const root = mapAt(text);
  assert.equal(apply(text, removePairEdit(text, root, getPair(root, 'b')!)), 'a: 1\ne: 3\n');
  const b = mapAt(text, 'b');
  assert.equal(apply(text, removePairEdit(text, b, getPair(b, 'd')!)), 'a: 1\nb:\n  c: 2\ne: 3\n');
});

test('removing the last entry of a file without a final newline, and entries of flow mappings', () => {
  const text = 'a: 1\nb: 2';
  const root = mapAt(text);
  assert.equal(apply(text, removePairEdit(text, root, getPair(root, 'b')!)), 'a: 1\n');
  const flow = 'x: { a: 1, b: 2, c: 3 }\n';
  const m = mapAt(flow, 'x');
  assert.equal(apply(flow, removePairEdit(flow, m, getPair(m, 'b')!)), 'x: { a: 1, c: 3 }\n');
  assert.equal(apply(flow, removePairEdit(flow, m, getPair(m, 'c')!)), 'x: { a: 1, b: 2 }\n');
});

test('inserting a key: after nested content, at the item indentation, at the end of a file without newline', () => {
  const text = 'items:\n  - name: a\n    nested:\n      deep: 1\n  - name: b\n';
  const seq = parseYaml(text);
  const item = asMap((asMap(seq.root)!.pairs[0].value as { items: unknown[] }).items[0] as never)!;
  assert.equal(apply(text, insertPairEdit(text, item, 'type', 'TODO')!), 'items:\n  - name: a\n    nested:\n      deep: 1\n    type: TODO\n  - name: b\n');
  const noNewline = 'a: 1';
  assert.equal(apply(noNewline, insertPairEdit(noNewline, mapAt(noNewline), 'b', '2')!), 'a: 1\nb: 2');
  const emptyFlow = 'x: {}\n';
  assert.equal(apply(emptyFlow, insertPairEdit(emptyFlow, mapAt(emptyFlow, 'x'), 'k', 'v')!), 'x: {k: v}\n');
});
