/** Every CL3xx code has its doc page and a row in docs/breaking-changes.md, and its default level matches the doc. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIFF_RULES } from '../../server/src/engine/diff/changes.ts';
import { ruleDocUrl, ruleInfo } from '../../server/src/engine/rules/catalog.ts';
import { ROOT } from '../helpers/paths.ts';

const TABLE = readFileSync(join(ROOT, 'docs/breaking-changes.md'), 'utf8');

test('each CL3xx code is registered, documented on its own page and linked from the table', () => {
  assert.ok(DIFF_RULES.length >= 30);
  for (const r of DIFF_RULES) {
    assert.equal(ruleInfo(r.code)?.slug, r.slug, `${r.code} registered in the catalog`);
    const page = join(ROOT, 'docs/rules', `${r.code}-${r.slug}.md`);
    assert.ok(existsSync(page), `${page} exists`);
    const text = readFileSync(page, 'utf8');
    assert.match(text, new RegExp(`^# ${r.code}: `));
    for (const section of ['## What it means', '## Example', '## How to fix']) assert.ok(text.includes(section), `${r.code}: ${section}`);
    assert.ok(TABLE.includes(`](rules/${r.code}-${r.slug}.md)`), `${r.code} in docs/breaking-changes.md`);
    assert.ok(ruleDocUrl(r.code)?.endsWith(`/docs/rules/${r.code}-${r.slug}.md`));
  }
});
