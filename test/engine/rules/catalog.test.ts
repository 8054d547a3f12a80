/**
 * The rule catalog is one static list: every family's codes have their severity and doc page whatever has been
 * loaded, and raising a code the catalog lacks is a programming error, never a silent `error`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { finding } from '../../../server/src/engine/analyze.ts';
import { allRules, catalogSeverity, ruleDocUrl } from '../../../server/src/engine/rules/catalog.ts';
import { findingAt } from '../../../server/src/engine/rules/util.ts';
import { ROOT } from '../../helpers/paths.ts';

test('finding() and findingAt() with a code the catalog lacks throw', () => {
  assert.throws(() => finding('CL999', 'no such rule', 0, 1), /CL999 is not in the catalog/);
  assert.throws(() => findingAt('CL998', 'no such rule', { start: 0, end: 1 }), /CL998 is not in the catalog/);
  assert.throws(() => catalogSeverity('CL2xx'), /not in the catalog/);
  assert.equal(finding('CL201', 'x', 0, 1).severity, 'error');
});

test('drift (CL2xx) and change (CL3xx) codes are known as soon as the catalog is loaded, alone', () => {
  // A fresh process that imports nothing but the catalog: no registration by side effect can help it.
  const script = `import('./server/src/engine/rules/catalog.ts').then((m) => m.ruleInfo ? m : m.default).then((c) => console.log(JSON.stringify(['CL201','CL210','CL301','CL331'].map((x) => [c.ruleInfo(x)?.severity, c.ruleDocUrl(x)]))))`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const got = JSON.parse(run.stdout.trim()) as [string | undefined, string | undefined][];
  for (const [severity, url] of got) {
    assert.ok(severity, run.stdout);
    assert.match(url ?? '', /docs\/rules\/CL\d{3}-[a-z-]+\.md$/);
  }
});

test('every code of every family has a doc page and one entry', () => {
  const codes = allRules().map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(codes.some((c) => c.startsWith('CL2')) && codes.some((c) => c.startsWith('CL3')));
  for (const r of allRules()) {
    assert.ok(existsSync(join(ROOT, 'docs', 'rules', `${r.code}-${r.slug}.md`)), `docs/rules/${r.code}-${r.slug}.md`);
    assert.ok(ruleDocUrl(r.code));
  }
});
