/**
 * Bounded work per document (engine/syntax/limits.ts and the linear duplicate-key check): pathological documents
 * are analysed, their oversized parts reported once (CL019) and nothing inside them; the rest is still validated.
 * Times are measured in bench/ (lsp-robustness); here only the behaviour.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSync } from '../../server/src/engine/analyze.ts';
import { MAX_BLOCK_DEPTH, MAX_FLOW_DEPTH, MAX_LINE_CHARS } from '../../server/src/engine/syntax/limits.ts';
import { MAX_SYNTAX_ISSUES } from '../../server/src/engine/syntax/parse.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';

const BASE = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n      - name: c\n        logicalType: strin\n';

function lint(text: string) {
  const index = new WorkspaceIndex();
  const doc = index.set('file:///w/limits.odcs.yaml', text);
  return analyzeSync(doc, index).map((f) => ({ code: f.code, text: text.slice(f.range.start, Math.min(f.range.end, f.range.start + 40)), start: f.range.start }));
}

test('a 1 MB line (a pasted minified JSON example) is reported once and not analysed; the rest still is', () => {
  const blob = JSON.stringify(Array.from({ length: 40_000 }, (_, i) => ({ k: i, v: 'x' })));
  assert.ok(blob.length > 700_000);
  const text = `${BASE}description:\n  usage: ${blob}\n  purpose: [unclosed\n`;
  const f = lint(text);
  const limited = f.filter((x) => x.code === 'CL019');
  assert.equal(limited.length, 1);
  assert.equal(limited[0].start, text.indexOf(blob), 'on the value, after `usage: `');
  // The typo before the blob and the syntax error after it are still found.
  assert.ok(f.some((x) => x.code === 'CL023' && x.text === 'strin'), JSON.stringify(f));
  assert.ok(f.some((x) => x.code === 'CL001'), JSON.stringify(f));
});

test('a long line below the limit is analysed as usual', () => {
  const text = `${BASE}description:\n  usage: ${'word '.repeat((MAX_LINE_CHARS - 100) / 5)}\n`;
  assert.deepEqual(lint(text).map((x) => x.code), ['CL023']);
});

test('10,000 levels of flow nesting: reported once, no stack overflow', () => {
  const text = `${BASE}customProperties: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  const f = lint(text);
  assert.deepEqual(f.filter((x) => x.code === 'CL019').length, 1);
  assert.ok(!f.some((x) => x.code === 'CL001'), JSON.stringify(f));
  const shallow = `${BASE}customProperties: ${'['.repeat(MAX_FLOW_DEPTH + 1)}${']'.repeat(MAX_FLOW_DEPTH + 1)}\n`;
  assert.deepEqual(lint(shallow).filter((x) => x.code === 'CL019').length, 1);
});

test('block nesting deeper than the limit: one CL019 for the run of deep lines, no stack overflow', () => {
  const deep = Array.from({ length: 400 }, (_, k) => `${' '.repeat(k + 2)}k${k}:`).join('\n');
  const text = `${BASE}customProperties:\n${deep} x\nname: after\n`;
  const f = lint(text);
  const limited = f.filter((x) => x.code === 'CL019');
  assert.equal(limited.length, 1);
  assert.equal(limited[0].start, text.indexOf(`k${MAX_BLOCK_DEPTH - 1}:`), 'at the first line beyond the limit');
});

test('100,000 keys in one mapping: duplicates still found (linear check), each once', () => {
  const keys = Array.from({ length: 100_000 }, (_, i) => `    k${i}: ${i}`);
  keys.push('    k5: again', '    k99999: again');
  const text = `${BASE}description:\n  usage: x\n  extra:\n${keys.join('\n')}\n`;
  const dups = lint(text).filter((x) => x.code === 'CL002');
  assert.deepEqual(dups.map((d) => d.text), ['k5', 'k99999']);
});

test('a CR-only file is read with its line structure (YAML breaks lines at a lone CR)', () => {
  const text = BASE.replace(/\n/g, '\r');
  assert.deepEqual(lint(text).map((x) => [x.code, x.text]), [['CL023', 'strin']]);
});

test('a text broken near its top reports its first 100 YAML syntax errors and one saying how many more', () => {
  // After the broken line `yaml` reports an error per following line; a pasted blob gave ~28,000 of them.
  const body = Array.from({ length: 3000 }, (_, i) => `  k${i}: v`).join('\n');
  const text = `a: 1\n"x" "y"\n${body}\n`;
  const index = new WorkspaceIndex();
  const syntax = analyzeSync(index.set('file:///w/broken.odcs.yaml', text), index).filter((x) => x.code === 'CL001');
  assert.equal(syntax.length, MAX_SYNTAX_ISSUES + 1);
  const last = syntax[syntax.length - 1];
  assert.match(last.message, /^2,\d{3} more YAML syntax errors from here on are not reported/);
  assert.ok(last.range.start > syntax[syntax.length - 2].range.start, 'where the first left-out error is');
});
