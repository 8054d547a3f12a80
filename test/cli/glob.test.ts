/** The CLI's small glob (*, ?, **, [..], [!..], {a,b}) against a real folder tree. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandGlob, isGlob } from '../../server/src/cli/glob.ts';
import { scratchDir } from '../helpers/paths.ts';

const root = scratchDir('cl-glob-');
for (const f of ['a.odcs.yaml', 'b.odcs.yml', 'c.yaml', 'x/d.odcs.yaml', 'x/y/e.odcs.yaml', 'x/y/f1.yaml', 'x/y/f2.yaml', '.hidden/g.odcs.yaml', 'node_modules/h.odcs.yaml']) {
  mkdirSync(join(root, f, '..'), { recursive: true });
  writeFileSync(join(root, f), 'kind: DataContract\n');
}
const rel = async (pattern: string) => (await expandGlob(pattern, root)).map((p) => p.slice(root.length + 1));

test('isGlob tells patterns from paths', () => {
  assert.equal(isGlob('contracts/*.yaml'), true);
  assert.equal(isGlob('contracts/{a,b}.yaml'), true);
  assert.equal(isGlob('contracts/orders.odcs.yaml'), false);
});

test('* stays in one folder; ** crosses any number, including none', async () => {
  assert.deepEqual(await rel('*.odcs.yaml'), ['a.odcs.yaml']);
  assert.deepEqual(await rel('**/*.odcs.yaml'), ['a.odcs.yaml', 'x/d.odcs.yaml', 'x/y/e.odcs.yaml']);
  assert.deepEqual(await rel('x/**'), ['x/d.odcs.yaml', 'x/y/e.odcs.yaml', 'x/y/f1.yaml', 'x/y/f2.yaml']);
});

test('?, [..], [!..] and {a,b}', async () => {
  assert.deepEqual(await rel('x/y/f?.yaml'), ['x/y/f1.yaml', 'x/y/f2.yaml']);
  assert.deepEqual(await rel('x/y/f[1].yaml'), ['x/y/f1.yaml']);
  assert.deepEqual(await rel('x/y/f[!1].yaml'), ['x/y/f2.yaml']);
  assert.deepEqual(await rel('*.odcs.{yaml,yml}'), ['a.odcs.yaml', 'b.odcs.yml']);
  assert.deepEqual(await rel('{a,c}.*'), ['a.odcs.yaml', 'c.yaml']);
});

test('dot folders and node_modules are skipped unless the pattern names them; absolute patterns work', async () => {
  assert.ok(!(await rel('**/g.odcs.yaml')).length);
  assert.deepEqual(await rel('.hidden/*.yaml'), ['.hidden/g.odcs.yaml']);
  assert.deepEqual(await rel('node_modules/*.yaml'), ['node_modules/h.odcs.yaml']);
  assert.deepEqual((await expandGlob(join(root, 'x', '*.yaml'), '/')).map((p) => p.slice(root.length + 1)), ['x/d.odcs.yaml']);
});
