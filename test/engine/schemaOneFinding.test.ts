/**
 * One diagnostic per real problem: a value of the wrong type for a key with a fixed list of values (`logicalType: 5`,
 * `logicalType: [x]`) breaks both the `type` and the `enum` keyword of the schema. It is one problem, reported once,
 * as the enum finding (it lists the allowed values, and carries the "did you mean" fix where there is one).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../server/src/engine/analyze.ts';
import { LineIndex } from '../../server/src/engine/text/lineIndex.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';

const HEAD = 'apiVersion: v3.1.0\nkind: DataContract\nid: one\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n';

async function structural(text: string): Promise<string[]> {
  const index = new WorkspaceIndex();
  const findings = await analyzeDocument(index.set('file:///fixtures/one.odcs.yaml', text), index);
  const lines = new LineIndex(text);
  return findings.filter((f) => /^CL02\d$/.test(f.code)).map((f) => {
    const s = lines.positionAt(f.range.start);
    return `${f.code} ${s.line + 1}:${s.character + 1} ${text.slice(f.range.start, f.range.end)}`;
  });
}

test('a number or a list where a logicalType name belongs: one CL023 finding, not CL022 + CL023', async () => {
  const text = HEAD + '      - name: a\n        logicalType: 5\n      - name: b\n        logicalType: [x]\n';
  assert.deepEqual(await structural(text), ['CL023 10:22 5', 'CL023 12:22 [x]']);
});

test('a wrong type where no value list applies is still CL022', async () => {
  const text = HEAD + '      - name: a\n        logicalType: string\n        required: maybe\n';
  assert.deepEqual(await structural(text), ['CL022 11:19 maybe']);
});
