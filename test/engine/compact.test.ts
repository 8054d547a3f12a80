/** Compacted documents (closed files of a large workspace): other contracts still resolve into them; the tree comes back on demand. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../server/src/engine/analyze.ts';
import { parseYaml } from '../../server/src/engine/syntax/parse.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';

const users = `apiVersion: v3.1.0
kind: DataContract
id: users
version: 1.0.0
status: active
schema:
  - name: users
    properties:
      - name: user_id
        logicalType: string
        description: The customer.
`;
const orders = (target: string) => `apiVersion: v3.1.0
kind: DataContract
id: orders
version: 1.0.0
status: active
schema:
  - name: orders
    properties:
      - name: user_id
        logicalType: string
        relationships:
          - to: ${target}
`;

test('a relationship into a compacted contract resolves, and a wrong one is still reported', async () => {
  const index = new WorkspaceIndex();
  const closed = index.set('file:///w/users.odcs.yaml', users).compact();
  assert.ok(closed.isCompacted);
  const ok = await analyzeDocument(index.set('file:///w/orders.odcs.yaml', orders('users.user_id')), index);
  assert.deepEqual(ok.filter((f) => f.code === 'CL110'), []);
  const bad = await analyzeDocument(index.set('file:///w/orders.odcs.yaml', orders('users.userid')), index);
  assert.match(bad.find((f) => f.code === 'CL110')!.message, /did you mean `user_id`/);
  // The model kept the offsets of the names other files point at.
  const prop = index.contract('file:///w/users.odcs.yaml')!.schemas[0].properties[0];
  assert.equal(users.slice(prop.name!.node.start, prop.name!.node.end), 'user_id');
  assert.equal(prop.description?.value, 'The customer.');
  assert.ok(closed.isCompacted, 'resolving references did not re-parse the closed file');
});

test('reading the tree of a compacted document parses its text again', () => {
  const index = new WorkspaceIndex();
  const doc = index.set('file:///w/users.odcs.yaml', users).compact();
  assert.deepEqual(doc.parsed.root, parseYaml(users).root);
  assert.equal(doc.isCompacted, false);
  assert.equal(doc.contract!.schemas[0].properties[0].name!.value, 'user_id');
});

test('expanding a compacted document (an editor opened it) restores the full model', () => {
  const index = new WorkspaceIndex();
  const doc = index.set('file:///w/users.odcs.yaml', users).compact();
  assert.equal(doc.contract!.root.pairs.length, 0, 'compacted: the root map was emptied');
  doc.expand();
  assert.equal(doc.isCompacted, false);
  assert.deepEqual(doc.contract!.root.pairs.map((p) => p.key.value), ['apiVersion', 'kind', 'id', 'version', 'status', 'schema']);
});

/**
 * The compacted model (engine/workspace/compactModel.ts) is held differently (one object per located scalar, lists at
 * their length, strings copied out of the chunk text) but must read the same as the model built from the tree:
 * every field of the full model, walked in parallel, has the same value, offsets and shape in the compacted one.
 */
function sameModel(full: unknown, compact: unknown, path: string, seen: Set<object>): void {
  if (full === null || typeof full !== 'object') {
    assert.equal(compact, full, path);
    return;
  }
  assert.ok(compact && typeof compact === 'object', `${path}: an object`);
  if (seen.has(full)) return;
  seen.add(full);
  if (Array.isArray(full)) {
    assert.ok(Array.isArray(compact), `${path}: a list`);
    assert.equal(compact.length, full.length, `${path}: length`);
    full.forEach((x, i) => sameModel(x, compact[i], `${path}[${i}]`, seen));
    return;
  }
  if (full instanceof Map) {
    assert.ok(compact instanceof Map, `${path}: a map`);
    assert.deepEqual([...compact.keys()], [...full.keys()], `${path}: keys`);
    for (const [k, v] of full) sameModel(v, compact.get(k), `${path}.${k}`, seen);
    return;
  }
  const f = full as Record<string, unknown>;
  const c = compact as Record<string, unknown>;
  // A syntax node: its kind and place (and a scalar's value); the pairs and items of maps and lists are dropped.
  const keys = 'kind' in f ? ['kind', 'start', 'end', ...(f.kind === 'scalar' ? ['value', 'style'] : [])] : Object.keys(f);
  for (const k of keys) sameModel(f[k], c[k], `${path}.${k}`, seen);
}

test('a compacted model reads the same as the full one: every value, offset and list', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { generateContract } = await import('../../bench/generate.mjs');
  const texts: [string, string][] = [
    ['generated', generateContract(300, { name: 'source_1', propsPerTable: 12 })],
    ['users', users],
    ['dcs', readFileSync('test/fixtures/rules/dcs/datacontract.yaml', 'utf8')],
    ...readdirSync('examples/shop').filter((f) => f.endsWith('.odcs.yaml')).map((f): [string, string] => [f, readFileSync(`examples/shop/${f}`, 'utf8')]),
    ['crlf', users.replaceAll('\n', '\r\n').replace('The customer.', 'Le client — identifiant 👤, jamais réutilisé \ud800 (lone)')],
  ];
  for (const [name, text] of texts) {
    const uri = `file:///w/${name}.odcs.yaml`;
    const full = new WorkspaceIndex().set(uri, text).contract!;
    const compacted = new WorkspaceIndex().set(uri, text).compact();
    sameModel(full, compacted.contract, name, new Set());
    assert.equal(compacted.text, text, `${name}: the packed text comes back as it was`);
  }
});

test('positions in a compacted document come from its line table, the same as from its text', async () => {
  const { LineIndex } = await import('../../server/src/engine/text/lineIndex.ts');
  for (const text of [users, users.replaceAll('\n', '\r\n'), 'a\rb\r\n\r\nc 👤\n\ud800x', '\n', 'no newline']) {
    const doc = new WorkspaceIndex().set('file:///w/t.odcs.yaml', text).compact();
    const index = new LineIndex(text);
    const lines = doc.lines!;
    for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(lines.positionAt(offset), index.positionAt(offset), `offset ${offset}`);
    for (let line = -1; line <= index.lineCount; line++) {
      for (const character of [0, 1, 3, 1000]) assert.equal(lines.offsetAt({ line, character }), index.offsetAt({ line, character }), `${line}:${character}`);
    }
  }
});
