import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildContract } from '../../server/src/engine/model/build.ts';
import { parseYaml } from '../../server/src/engine/syntax/parse.ts';
import { ContractDocument } from '../../server/src/engine/workspace/document.ts';

test('schema objects of unchanged items are reused across edits and equal a fresh build', async () => {
  // Plain ESM shared with the benchmarks; tests are CommonJS, so a dynamic import.
  const { generateContract, middleEditOffset } = (await import('../../bench/generate.mjs')) as { generateContract(lines: number): string; middleEditOffset(text: string): number };
  let text = generateContract(3000);
  const doc = new ContractDocument('file:///big.odcs.yaml').update(text);
  const before = doc.contract!.schemas.slice();
  assert.ok(before.length > 2, 'the generated contract has several schema objects');
  const at = middleEditOffset(text);
  for (const insert of ['x', 'yz\n        # note', '']) {
    text = text.slice(0, at) + insert + text.slice(at);
    doc.update(text);
    const fresh = buildContract(doc.uri, parseYaml(text).root)!;
    assert.deepEqual(doc.contract, { ...fresh, root: doc.contract!.root });
  }
  const reused = doc.contract!.schemas.filter((s, i) => s === before[i]).length;
  assert.ok(reused >= before.length - 1, `only the edited item is rebuilt (${reused}/${before.length} reused)`);
});

test('a structurally invalid option is reported once, by the schema, not again by CL124', async () => {
  const { analyzeDocument } = await import('../../server/src/engine/analyze.ts');
  const { WorkspaceIndex } = await import('../../server/src/engine/workspace/index.ts');
  const index = new WorkspaceIndex();
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: a\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n      - name: c\n        logicalType: string\n        logicalTypeOptions:\n          minimum: 3\n';
  const findings = await analyzeDocument(index.set('file:///a.odcs.yaml', text), index);
  const at = text.indexOf('minimum');
  assert.deepEqual(findings.filter((f) => f.range.start === at).map((f) => f.code), ['CL020']);
});
