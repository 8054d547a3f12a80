/** Quick fixes computed by the rules: applying the preferred fix removes the finding and leaves the contract valid. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index.ts';
import { applyEdits, FIXTURES, lint, lintText, semantic, uriOf } from './helpers.ts';

const CASES: [file: string, code: string, title: RegExp, expectedText: string][] = [
  ['CL103-primary-key-position.odcs.yaml', 'CL103', /Change primaryKeyPosition to 2/, 'primaryKeyPosition: 2'],
  ['CL113-relationship-source-not-found.odcs.yaml', 'CL113', /Change to `user_id`/, '- orders.user_id'],
  ['CL120-quality-unknown-property.odcs.yaml', 'CL120', /Change to `customer_id`/, 'properties: [order_id, customer_id]'],
  ['CL121-impossible-threshold.odcs.yaml', 'CL121', /Swap to \[10, 1000\]/, 'mustBeBetween: [10, 1000]'],
  ['CL124-option-not-applicable.dcs.yaml', 'CL124', /Remove `maxLength`/, '        minimum: 0\n'],
  ['CL130-server-not-found.odcs.yaml', 'CL130', /Change to `local`/, 'value: local'],
  ['CL131-sla-element-not-found.odcs.yaml', 'CL131', /Change to `order_timestamp`/, 'element: orders.order_timestamp, orders.order_id'],
  ['CL140-unused-suppression.odcs.yaml', 'CL140', /Remove this unused suppression/, '        logicalType: string\n        description: "not # a comment"'],
];

for (const [file, code, title, expectedText] of CASES) {
  test(`${code}: the quick fix "${title.source}" removes the finding`, async () => {
    const path = join(FIXTURES, file);
    const before = semantic(await lint(file), code);
    const target = before.find((f) => f.finding.fixes?.some((x) => title.test(x.title)));
    assert.ok(target, `a ${code} finding offers ${title}`);
    const fix = target.finding.fixes!.find((x) => title.test(x.title))!;
    const text = applyEdits(readFileSync(path, 'utf8'), fix.edits);
    assert.ok(text.includes(expectedText), `fixed text contains ${JSON.stringify(expectedText)}:\n${text}`);
    const after = await lintText(uriOf(path), text);
    assert.equal(semantic(after, code).length, before.length - 1, `one ${code} fewer after the fix`);
    assert.ok(!after.some((f) => f.code === 'CL001'), 'still valid YAML');
  });
}

test('CL110: the fix for a typo in a cross-file target names the real property', async () => {
  const index = new WorkspaceIndex();
  const users = join(FIXTURES, 'cross-file/users.odcs.yaml');
  const orders = join(FIXTURES, 'cross-file/orders.odcs.yaml');
  index.set(uriOf(users), readFileSync(users, 'utf8'));
  const found = semantic(await lintText(uriOf(orders), readFileSync(orders, 'utf8'), index), 'CL110');
  const typo = found.find((f) => f.text === 'userid')!;
  assert.equal(typo.finding.fixes?.[0].title, 'Change to `user_id`');
  const text = applyEdits(readFileSync(orders, 'utf8'), typo.finding.fixes![0].edits);
  assert.ok(text.includes('- to: users.user_id\n'));
  const after = semantic(await lintText(uriOf(orders), text, index), 'CL110');
  assert.deepEqual(after.map((f) => f.text), ['coupons.odcs.yaml']);
});
