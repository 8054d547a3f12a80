/** Helpers the rules rely on for exact ranges: value index → document offset, regex error location, "did you mean". */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateRegexError } from '../../../server/src/engine/rules/patterns.ts';
import { closest, valueIndexToOffset } from '../../../server/src/engine/rules/util.ts';
import { asMap, asScalar, asSeq, getNode } from '../../../server/src/engine/syntax/ast.ts';
import { parseYaml } from '../../../server/src/engine/syntax/parse.ts';

/** For each key of a one-level map: the document text at the offset of value index `i` must be the value's char i. */
function assertMapsEveryChar(text: string): void {
  const root = asMap(parseYaml(text).root)!;
  for (const pair of root.pairs) {
    const node = pair.value;
    const value = String(asScalar(node)!.value);
    const at = valueIndexToOffset(text, node);
    for (let i = 0; i < value.length; i++) {
      if (value[i] === '\n' || value[i] === ' ') continue; // line breaks and folding spaces have no single source char
      // An escaped character maps to the start of its escape sequence (`\t`, `\"`).
      const expected = text[at(i)] === '\\' ? '\\' : value[i];
      assert.equal(text[at(i)], expected, `${String(pair.key.value)}: index ${i} of ${JSON.stringify(value)}`);
    }
    assert.equal(at(value.length) <= node.end, true);
  }
}

test('value index → offset, for every scalar style', () => {
  assertMapsEveryChar(
    [
      'plain: SELECT a FROM b',
      'multi: SELECT a',
      '  FROM b WHERE c',
      "single: 'it''s a ''quote'''",
      'double: "tab\\there \\"q\\" end"',
      'literal: |',
      '  SELECT 1',
      '    FROM t',
      '  WHERE x',
      'folded: >-',
      '  one two',
      '  three',
      'blanks: SELECT a   ',
      '',
      '',
      '  FROM b',
      'foldblank: >',
      '  one',
      '',
      '  two three',
      '',
      '',
      '  four',
      'indicator: |2',
      '    indented more',
      '   less',
      '',
    ].join('\n'),
  );
});

test('explicit indentation indicator inside a sequence item', () => {
  const text = 'items:\n  - query: |4\n        SELECT 1\n         FROM t\n';
  const seq = getNode(asMap(parseYaml(text).root), 'items')!;
  const item = asMap(asSeq(seq)!.items[0])!;
  const node = getNode(item, 'query')!;
  const value = String(asScalar(node)!.value);
  const at = valueIndexToOffset(text, node);
  // The indicator counts from the item's mapping (column 4), so the content starts at column 8.
  assert.equal(value, 'SELECT 1\n FROM t\n');
  assert.equal(text[at(0)], 'S');
  assert.equal(text[at(value.indexOf('FROM'))], 'F');
});

test('regex error locations', () => {
  const cases: [string, string][] = [
    ['^[A-Z]{2}(-[A-Z]+$', '('],
    ['abc)', ')'],
    ['*abc', '*'],
    ['a{5,2}', '{5,2}'],
    ['[z-a]', 'z-a'],
    ['abc\\', '\\'],
    ['x|+y', '+'],
    ['a**', '*'],
  ];
  for (const [p, expected] of cases) {
    const at = locateRegexError(p);
    assert.ok(at, p);
    assert.equal(p.slice(at[0], at[1]), expected, p);
    assert.throws(() => new RegExp(p), SyntaxError, `${p} really is invalid`);
  }
  assert.equal(locateRegexError('^(?:a|b)+[0-9]{2,4}(?<name>x)\\d*?$'), undefined);
});

test('did you mean: close names only', () => {
  assert.equal(closest('userid', ['user_id', 'email']), 'user_id');
  assert.equal(closest('USER_ID', ['user_id']), 'user_id');
  assert.equal(closest('xyz', ['user_id', 'email']), undefined);
});
