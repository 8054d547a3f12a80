/**
 * The line path (lineCompose.ts) against the composer path (`yaml`'s parser and Document, then convert.ts), piece by
 * piece as parse.ts cuts a text: for every piece the line path either declines or gives exactly the composer path's
 * result (nodes, offsets, values, styles, duplicate-key issues), and only where the composer reports no error or
 * warning. Texts: the ODCS corpus (examples and negative tests), the repository's example and fixture contracts, the
 * bench's generated contracts, documents from the fuzz mutation generator (seeded), and hand-written edge cases of
 * the shapes it accepts. Also checked: it takes the pieces of ordinary contracts (it cannot pass by declining).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseBounded, TooDeep } from '../../../server/src/engine/syntax/bounded.ts';
import { fromYaml, type ConvertIssue } from '../../../server/src/engine/syntax/convert.ts';
import { guardText } from '../../../server/src/engine/syntax/limits.ts';
import { composeFromText } from '../../../server/src/engine/syntax/lineCompose.ts';
import { YAML_OPTIONS } from '../../../server/src/engine/syntax/parse.ts';
import { assertSame, checkText, fuzzedContracts, realContractFiles, type Tally } from './composeDiff.ts';

/** Compares both paths on one piece; returns whether the line path took it. */
function check(piece: { text: string; base: number }, where: string): boolean {
  const guarded = guardText(piece.text).text;
  const line = composeFromText(guarded, YAML_OPTIONS, piece.base);
  if (!line) return false;
  const fresh = parseBounded(guarded, YAML_OPTIONS);
  assert.ok(!(fresh instanceof TooDeep), `${where}: the line path took a piece nested too deeply`);
  const problems = [...fresh.errors, ...fresh.warnings].map((e) => `${e.code}@${e.pos[0]}: ${e.message}`);
  assert.deepStrictEqual(problems, [], `${where}: the line path took a piece the composer reports problems for`);
  const freshIssues: ConvertIssue[] = [];
  const freshNode = fromYaml(fresh.contents as never, 0, new Map(), freshIssues, piece.base);
  assertSame(line.node, freshNode, `${where}: nodes`);
  assertSame(line.issues, freshIssues, `${where}: duplicate-key issues`);
  return true;
}

test('the line path equals the composer path on hand-written edge cases of the shapes it accepts', () => {
  // Each case is also checked with every blank line doubled, with trailing spaces, without its last line break, after
  // a blank line, and with CRLF line ends.
  const cases = [
    'a: 1\nb: two\n',
    'a:\n  b: 1\n  c:\n    d: x\ne: 2\n',
    'a:\n- x\n- y\nb: 1\n',
    'a:\n  - x\n  -\n  - "q"\n  - \'s\'\'t\'\nb:\n',
    '- name: a\n  type: t\n- name: b\n\n  x: 1\n-\n- - 1\n',
    '  - name: orders\n    properties:\n      - name: id\n        required: true\n      - name: total\n        logicalTypeOptions:\n          minimum: 0\n',
    'a: 1 # one\nb: "two"   # two\nc: \'3\' #\nd: x#y\ne: http://x.y/z\nf: a:b\n',
    'a:   \nb:\n\n\nc: 3\n',
    'a:\n  b:\n    c:\n\n  d: 1\n\n\n',
    'k: ~\nn: null\nt: true\nF: False\ni: 0x1F\no: 0o17\nf: 1.5e3\ninf: .inf\nnan: .NaN\nneg: -12\ns: 2025-01-28\n',
    '1: a\ntrue: b\nnull: c\n0x10: d\n',
    'a: 1\na: 2\nb: 1\nc: 1\nd: 1\ne: 1\nf: 1\ng: 1\nh: 1\ni: 1\na: 3\n',
    'q: "a\\tb\\u00e9\\"c"\nr: \'it\'\'s\'\ns: "#not a comment"\nt: \'a: b\'\n',
    'a: b: c\n',
    'a:\n  b: 1\n   c: 2\n',
    'a: 1\n  b: 2\n',
    'a:\n  - x\n  y: 1\n',
    'a: "x"y\n',
    'a: "x"#c\n',
    '- a\n  b\n',
    'a: plain\n  continued\n',
    '- x\n- y: 1\n  z:\n  - w\n',
    'é: ü\n"q": 1\n',
    '? a\n: b\n',
    'a: -\n',
    'a: - b\n',
    '-1: x\n- y\n',
    'a :1\n',
    'a\n',
    '---\na: 1\n',
    'a: [1, 2]\nb: {c: d}\n',
    'a: |\n  text\nb: 1\n',
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    ' a: 1\nb: 2\n',
    '',
    '\n\n',
    'x',
    // Comment lines: attached to the scalar before them when indented more than its block, carried otherwise.
    '# head\na: 1\n# between\nb: 2\n# tail\n',
    'a:\n  b: 1\n  # c\n\nd: 2\n',
    'a:\n  b: 1\n# c\nd: 2\n',
    'a:\n  b: 1\n      # c\nd: 2\n',
    'a:\n  b: 1\n      # c\n\n        # d\n  # e\n      # f\n  g: 2\n',
    'a:\n  - b: 1\n    # c\n  - d: 2\n',
    'a:\n  - b: 1\n   # c\n  - d: 2\n',
    'a:\n  - b: 1\n  # c\n  - d: 2\n',
    '- x\n  # c\n- y\n# d\n',
    'a:\n- x\n# c\nb: 1\n',
    'a:\n  - x\n  # c\nb: 1\n',
    'a:\n  - x\n      # c\n  # d\nb: 1\n',
    'a:\n  b:\n    c: 1\n    # c4\n  # c2\nd: 1\n',
    'a:\n  b:\n    c: 1\n  # c2\n    # c4\nd: 1\n',
    'a:\n  # inside\n  b: 1\n',
    'a:\n# c\nb: 1\n',
    'a:\n  # c\nb: 1\n',
    '-\n  # c\n- x\n',
    '- # c\n  a: 1\n',
    'a: # c\n  b: 1\n',
    '  - name: x\n    type: y\n    # trailing\n',
    '  - name: x\n    q:\n      - a: 1\n        # deep\n# top\n',
    // Block scalars: their lines as the lexer takes them, their values and ranges as `yaml` resolves them.
    'a: |\n  l1\n\n  l2\n\nb: 1\n',
    'a: |-\n  l1\n\n   l2\n\n\nc: >\n    x\n    y\n\n    z\n',
    'a: >-\n    folded\n      more\n    back\nb: |  \n  x\n',
    'a:\n  - |\n    sql\n    # not a comment\n  - >\n   y\n  # c\n  - q: |-\n      select 1\n    r: 2\n',
    'a: |\nb: 1\n',
    'a: |\n\n\n  x\n',
    'a: |\n    \n  x\n',
    'a: |\n  x\n    \n',
    'a: |\n  x\n   # c\nb: 1\n',
    'a: |\n  x\n # c\nb: 1\n',
    'a: |2\n   x\n',
    'a: |+\n  x\n\nb: 1\n',
    'a: | # c\n  x\n',
    'a: |\n  x\n y\n',
    'a: |\n x\n',
    '- |\n x\n- >-\n  y\n',
    'a: |',
  ];
  const variants = (t: string) => [t, t.replace(/\n\n/g, '\n\n\n'), t.replace(/\n/g, '  \n'), t.replace(/\n$/, ''), `\n${t}`, t.replace(/\n/g, '\r\n')];
  const tally: Tally = { fast: 0, fallback: 0 };
  for (const c of cases) for (const v of variants(c)) if (check({ text: v, base: 7 }, JSON.stringify(v))) tally.fast++;
  assert.ok(tally.fast > cases.length, `took only ${tally.fast} of ${cases.length * 6} variants`);
});

test('the line path equals the composer path on the ODCS corpus, examples and fixtures', () => {
  const files = realContractFiles();
  const tally: Tally = { fast: 0, fallback: 0 };
  for (const f of files) checkText(readFileSync(f, 'utf8'), f, tally, check);
  // Comment lines, block scalars and flow values are declined; what remains of real contracts is still a good share.
  assert.ok(tally.fast > tally.fallback / 4, `line ${tally.fast}, declined ${tally.fallback}`);
});

test('the line path takes every piece of the generated 5,000- and 50,000-line contracts (LF and CRLF), with the same result', async () => {
  const { generateContract } = (await import('../../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };
  for (const lines of [5000, 50000]) {
    const tally: Tally = { fast: 0, fallback: 0 };
    checkText(generateContract(lines, { name: `line_${lines}` }), `generated ${lines}`, tally, check);
    assert.equal(tally.fallback, 0, `generated ${lines}: ${tally.fallback} pieces declined`);
  }
  // The same contract saved with Windows line ends.
  const tally: Tally = { fast: 0, fallback: 0 };
  checkText(generateContract(5000, { name: 'line_crlf' }).replace(/\n/g, '\r\n'), 'generated 5000, CRLF', tally, check);
  assert.equal(tally.fallback, 0, `generated 5000 with CRLF: ${tally.fallback} pieces declined`);
});

test('the line path equals the composer path on fuzz-mutated contracts (seeded)', () => {
  const tally: Tally = { fast: 0, fallback: 0 };
  const SEED = 20261207;
  const FUZZ_DOCS = Number(process.env.CONTRACTLENS_CST_FUZZ_DOCS ?? 1500);
  for (const { text, where } of fuzzedContracts(SEED, FUZZ_DOCS)) checkText(text, where, tally, check);
  assert.ok(tally.fast > FUZZ_DOCS / 10, `line ${tally.fast}, declined ${tally.fallback}`);
});
