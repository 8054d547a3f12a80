import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import type { YNode } from '../../server/src/engine/syntax/ast.ts';
import { fromYaml } from '../../server/src/engine/syntax/convert.ts';
import { documentToJS, IncrementalParser, splitAtSchemaItems } from '../../server/src/engine/syntax/parse.ts';

function contract(schemas: number, props: number): string {
  let s = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n';
  for (let i = 0; i < schemas; i++) {
    s += `  - name: table_${i}\n    physicalName: table_${i}\n    # a comment inside item ${i}\n    properties:\n`;
    for (let j = 0; j < props; j++) s += `      - name: col_${j}\n        logicalType: string\n        description: |\n          Column ${j}\n          - not an item\n        logicalTypeOptions: { maxLength: ${j + 1} }\n`;
  }
  return s + 'servers:\n  - server: local\n    type: local\n';
}

/** The reference: the whole text parsed at once by `yaml`, converted to the same tree. */
function wholeTree(text: string): YNode {
  return fromYaml(parseDocument(text).contents as never, 0, new Map(), []);
}

test('a large contract is split at its schema items', () => {
  const split = splitAtSchemaItems(contract(5, 10));
  assert.ok(split);
  assert.equal(split.itemStarts.length, 5);
});

test('incremental parsing gives the same tree, offsets and JS as a whole-text parse, edit after edit', () => {
  const parser = new IncrementalParser();
  let text = contract(8, 12);
  for (let k = 0; k < 30; k++) {
    // Edits that change lengths in the middle, at the start, and add/remove whole items.
    const at = text.indexOf(`maxLength: ${(k % 12) + 1} `, (k * 997) % (text.length / 2));
    if (at >= 0) text = text.slice(0, at) + `maxLength: ${k + 100}` + text.slice(at + `maxLength: ${(k % 12) + 1}`.length);
    if (k % 7 === 3) text = text.replace('  - name: table_2\n', '  - name: table_2b\n    description: inserted\n');
    if (k % 11 === 5) text = text.replace('apiVersion: v3.1.0', 'apiVersion: "v3.1.0"   ');
    const parsed = parser.parse(text);
    assert.ok(parsed.schemaChunks.length > 1, 'the text is parsed in chunks');
    assert.deepEqual(parsed.root, wholeTree(text));
    assert.deepEqual(documentToJS(parsed).value, parseDocument(text).toJS());
  }
});

test('syntax errors inside one item are reported at their absolute offset', () => {
  const text = contract(6, 12);
  const broken = text.replace('      - name: col_3\n        logicalType: string\n', '      - name: col_3\n        logicalType: [string\n');
  const parsed = new IncrementalParser().parse(broken);
  assert.ok(parsed.issues.length > 0);
  const line = broken.slice(0, parsed.issues[0].start).split('\n').length;
  const expected = broken.split('\n').findIndex((l) => l.includes('logicalType: [string')) + 1;
  assert.ok(Math.abs(line - expected) <= 1, `error reported at line ${line}, expected near ${expected}`);
});

test('an anchor used across items falls back to a whole-text parse', () => {
  let text = contract(4, 12);
  text = text.replace('  - name: table_0\n', '  - name: table_0\n    tags: &shared [a, b]\n').replace('  - name: table_3\n', '  - name: table_3\n    tags: *shared\n');
  const parsed = new IncrementalParser().parse(text);
  assert.equal(parsed.issues.length, 0);
  assert.deepEqual(documentToJS(parsed).value, parseDocument(text).toJS());
});

test('duplicate top-level keys split between head and tail are still reported', () => {
  const text = contract(4, 12) + 'apiVersion: v3.0.0\n';
  const parsed = new IncrementalParser().parse(text);
  assert.ok(parsed.schemaChunks.length > 0);
  const dup = parsed.issues.find((i) => i.code === 'CL002');
  assert.ok(dup);
  assert.equal(text.slice(dup.start, dup.end), 'apiVersion');
  assert.ok(dup.start > text.indexOf('servers:'));
});
