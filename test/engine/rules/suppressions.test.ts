/** Suppression comments: the findings they name disappear; unused ones are reported (CL140); `#` in strings is no comment. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDbSqlParser } from '../../../server/src/engine/data/sqlParser.ts';
import { applySuppressions, parseSuppressions } from '../../../server/src/engine/rules/suppressions.ts';
import { FIXTURES, lintText, uriOf } from './helpers.ts';

const FILE = join(FIXTURES, 'CL140-unused-suppression.odcs.yaml');

test('without its comments the fixture has the findings the comments suppress', async () => {
  const text = readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((l) => !/^\s*# contractlens-/.test(l))
    .map((l) => l.replace(/\s+# contractlens-.*$/, ''))
    .join('\n');
  const found = await lintText(uriOf(FILE), text);
  const codes = found.filter((f) => f.code.startsWith('CL1')).map((f) => f.code).sort();
  assert.deepEqual(codes, ['CL125', 'CL125', 'CL131']);
});

test('disable-next-line, disable-line and file-level disable suppress; the useless one is a CL140 hint', async () => {
  const text = readFileSync(FILE, 'utf8');
  const found = await lintText(uriOf(FILE), text);
  assert.deepEqual(found.filter((f) => f.code.startsWith('CL1')).map((f) => [f.code, f.severity, f.line]), [['CL140', 'hint', 18]]);
  assert.deepEqual(found.find((f) => f.code === 'CL140')!.finding.tags, ['unnecessary']);
});

test('codes are matched one by one; an unused code in a used comment is reported on the code itself', () => {
  const text = 'a: 1\n# contractlens-disable-next-line CL124, CL125 -- reason text\nb: 2\n';
  const at = text.indexOf('b: 2');
  const f = { code: 'CL124', severity: 'warning' as const, message: 'x', range: { start: at, end: at + 1 } };
  const other = { code: 'CL124', severity: 'warning' as const, message: 'y', range: { start: 0, end: 1 } };
  const out = applySuppressions(text, [f, other]);
  assert.deepEqual(out.map((x) => x.code), ['CL124', 'CL140']);
  const unused = out[1];
  assert.equal(text.slice(unused.range.start, unused.range.end), 'CL125');
  const fixed = text.slice(0, unused.fixes![0].edits[0].range.start) + text.slice(unused.fixes![0].edits[0].range.end);
  assert.equal(fixed.split('\n')[1], '# contractlens-disable-next-line CL124 -- reason text');
});

test('no codes means every code; a comment naming drift codes (CL2xx) is not judged unused by lint', () => {
  const text = 'a: 1 # contractlens-disable-line\nb: 2 # contractlens-disable-line CL201\n';
  const f = { code: 'CL022', severity: 'error' as const, message: 'x', range: { start: 3, end: 4 } };
  assert.deepEqual(applySuppressions(text, [f]), []);
});

test('`#` inside quoted strings and words does not start a comment', () => {
  const text = [
    'a: "x # contractlens-disable-line"',
    "b: 'it''s # contractlens-disable-line'",
    'c: x#contractlens-disable-line',
    'd: 1  # contractlens-disable-line CL101',
  ].join('\n');
  const sups = parseSuppressions(text);
  assert.equal(sups.length, 1);
  assert.equal(sups[0].line, 3);
  assert.deepEqual(sups[0].codes.map((c) => c.code), ['CL101']);
});

test('disable-next-line skips comment lines in between', () => {
  const text = '# contractlens-disable-next-line CL101\n# another comment\nname: x\n';
  assert.equal(parseSuppressions(text)[0].line, 2);
});

test('a CL123 suppression is not called unused when no SQL parser ran (untrusted workspace), and is once SQL is checked', async () => {
  const text = [
    'apiVersion: v3.1.0',
    'kind: DataContract',
    'id: s',
    'version: 1.0.0',
    'status: active',
    'schema:',
    '  - name: t',
    '    quality:',
    '      - type: sql',
    '        # contractlens-disable-next-line CL123',
    '        query: SELECT 1 FROM t',
    '',
  ].join('\n');
  const withoutSql = await lintText('file:///mem/s.odcs.yaml', text);
  assert.deepEqual(withoutSql.filter((f) => f.code === 'CL140'), []);
  const parser = new DuckDbSqlParser();
  try {
    const withSql = await lintText('file:///mem/s.odcs.yaml', text, undefined, { sqlParser: parser });
    assert.deepEqual(withSql.filter((f) => f.code === 'CL140').map((f) => f.line), [10]);
    const broken = await lintText('file:///mem/s.odcs.yaml', text.replace('FROM t', 'FRM t'), undefined, { sqlParser: parser });
    assert.deepEqual(broken.filter((f) => f.code === 'CL123' || f.code === 'CL140'), [], 'the comment suppresses the real error');
  } finally {
    await parser.close();
  }
});

test('a file that is not a contract (rules did not run) gets no CL140', async () => {
  const found = await lintText('file:///mem/e.odcs.yaml', '# contractlens-disable CL110\n');
  assert.deepEqual(found.filter((f) => f.code === 'CL140'), []);
});

test('a code that is no rule code (a typo) is reported on the code itself; data and git codes are accepted', async () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\n# contractlens-disable-next-line CL999 CL201\nschema: []\n';
  const found = await lintText('file:///typo.odcs.yaml', text);
  const hints = found.filter((f) => f.code === 'CL140');
  assert.deepEqual(hints.map((f) => [f.line, f.text]), [[6, 'CL999']]);
  assert.match(hints[0].finding.message, /CL999 is not a Contract Lens rule code/);
});
