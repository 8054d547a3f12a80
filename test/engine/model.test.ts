import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateContract, middleEditOffset } from '../../bench/generate.mjs';
import { buildContract } from '../../server/src/engine/model/build.ts';
import { parseYaml } from '../../server/src/engine/syntax/parse.ts';
import { ContractDocument } from '../../server/src/engine/workspace/document.ts';

test('schema objects of unchanged items are reused across edits and equal a fresh build', () => {
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
