/**
 * Relationships resolved across the contracts of a real WorkspaceIndex: a target in another file is found by
 * shorthand, fully qualified id and `file.yaml#` prefix; the dangling warnings disappear once the target file is in
 * the index, and come back when it is removed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index.ts';
import { FIXTURES, lintText, semantic, tuples, uriOf } from './helpers.ts';

const ORDERS = join(FIXTURES, 'cross-file/orders.odcs.yaml');
const USERS = join(FIXTURES, 'cross-file/users.odcs.yaml');

test('dangling relationships: the target file is not in the workspace yet', async () => {
  const index = new WorkspaceIndex();
  const found = semantic(await lintText(uriOf(ORDERS), readFileSync(ORDERS, 'utf8'), index));
  assert.deepEqual(tuples(found), [
    ['CL110', 'warning', 16, 17, 16, 22, 'users'],
    ['CL110', 'warning', 20, 17, 20, 22, 'users'],
    ['CL110', 'warning', 24, 17, 24, 32, 'users.odcs.yaml'],
    ['CL110', 'warning', 28, 17, 28, 34, 'coupons.odcs.yaml'],
    ['CL110', 'warning', 32, 17, 32, 32, 'users.odcs.yaml'],
  ]);
  // Line 33 names a contract by https URL: it cannot be fetched, so it is not judged.
  assert.match(found[0].message, /No schema object `users` in the workspace/);
  assert.match(found[2].message, /No contract file `users\.odcs\.yaml`/);
});

test('adding the target file resolves shorthand, qualified, file# and file#/ references; a typo stays, pointing at the target', async () => {
  const index = new WorkspaceIndex();
  index.set(uriOf(USERS), readFileSync(USERS, 'utf8'));
  const found = semantic(await lintText(uriOf(ORDERS), readFileSync(ORDERS, 'utf8'), index));
  assert.deepEqual(tuples(found), [
    ['CL110', 'warning', 20, 23, 20, 29, 'userid'],
    ['CL110', 'warning', 28, 17, 28, 34, 'coupons.odcs.yaml'],
  ]);
  assert.equal(found[0].message, 'Schema object `users` has no property `userid` (did you mean `user_id`?).');
  const related = found[0].finding.related ?? [];
  assert.equal(related.length, 1);
  assert.equal(related[0].uri, uriOf(USERS));
  const usersText = readFileSync(USERS, 'utf8');
  assert.equal(usersText.slice(related[0].range.start, related[0].range.end), 'users', 'related location is the target schema object name');

  // The target file disappears again: the warnings come back.
  index.delete(uriOf(USERS));
  const again = semantic(await lintText(uriOf(ORDERS), readFileSync(ORDERS, 'utf8'), index));
  assert.equal(again.length, 5);
});

test('a target property renamed in the other file is noticed on the next analysis of the referencing file', async () => {
  const index = new WorkspaceIndex();
  const usersText = readFileSync(USERS, 'utf8');
  index.set(uriOf(USERS), usersText);
  const ordersText = readFileSync(ORDERS, 'utf8');
  assert.equal(semantic(await lintText(uriOf(ORDERS), ordersText, index)).length, 2);
  index.set(uriOf(USERS), usersText.replace('name: user_id', 'name: uid').replace('id: user_id_prop', 'id: uid_prop'));
  const found = semantic(await lintText(uriOf(ORDERS), ordersText, index));
  assert.deepEqual(found.map((f) => [f.line, f.text]), [[16, 'user_id'], [20, 'userid'], [24, 'user_id_prop'], [28, 'coupons.odcs.yaml'], [32, 'user_id_prop']]);
  assert.match(found[2].message, /has no property with id `user_id_prop`/);
});
