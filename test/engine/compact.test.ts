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
