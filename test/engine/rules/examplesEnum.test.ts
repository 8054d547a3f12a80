/**
 * CL125 on `enum`: ODCS v3.2 enum items are mappings (`- value: US`, with label/description), Data Contract
 * Specification enums are plain scalars. An example is judged against the item values in both, and the message lists
 * those values (not "[object Object]").
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, lint, semantic, tuples } from './helpers.ts';

test('ODCS v3.2 enum items ({ value: … }): only examples outside the values are CL125, with the values listed', async () => {
  const found = semantic(await lint(join(FIXTURES, 'v32', 'CL125-enum-examples.odcs.yaml')));
  assert.deepEqual(tuples(found), [
    ['CL125', 'warning', 16, 28, 16, 30, 'MX'],
    ['CL125', 'warning', 22, 23, 22, 24, '3'],
  ]);
  assert.match(found[0].message, /Example "MX" of `country` is not one of the enum values \("US", "CA"\)/);
  assert.match(found[1].message, /Example 3 of `tier` is not one of the enum values \(1, 2\)/);
});

test('Data Contract Specification enums (plain scalars) still judge examples', async () => {
  const found = semantic(await lint(join(FIXTURES, 'v32', 'CL125-enum-examples.dcs.yaml')));
  assert.deepEqual(tuples(found), [['CL125', 'warning', 13, 24, 13, 26, 'MX']]);
  assert.match(found[0].message, /not one of the enum values \("US", "CA"\)/);
});
