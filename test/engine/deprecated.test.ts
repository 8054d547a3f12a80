/**
 * CL026 (deprecated keys) in ODCS, at the top level and inside schema items, and nothing where none is used: the walk
 * along the schema is skipped for values that mention no deprecated key name (schema/deprecated.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSync } from '../../server/src/engine/analyze.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: urn:test:deprecated
version: 1.0.0
status: active
slaDefaultElement: orders.placed_at
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        quality:
          - rule: nullValues
            metric: nullValues
            mustBe: 0
`;

const cl026 = (text: string) => {
  const index = new WorkspaceIndex();
  return analyzeSync(index.set('file:///dep.odcs.yaml', text), index)
    .filter((f) => f.code === 'CL026')
    .map((f) => text.slice(f.range.start, f.range.end));
};

test('deprecated keys are reported at the top level and inside a schema item', () => {
  assert.deepEqual(cl026(CONTRACT).sort(), ['rule', 'slaDefaultElement']);
});

test('a contract that uses no deprecated key gets no CL026', () => {
  assert.deepEqual(cl026(CONTRACT.replace('slaDefaultElement: orders.placed_at\n', '').replace('          - rule: nullValues\n            metric', '          - metric')), []);
});
