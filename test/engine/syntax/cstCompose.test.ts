/**
 * The CST fast path (cstCompose.ts) against the composer path (`yaml`'s Document, then convert.ts), piece by piece as
 * parse.ts cuts a text: for every piece the fast path either declines or gives exactly the composer path's result
 * (nodes, offsets, values, styles, duplicate-key issues) where the composer reports no error or warning. Texts: the
 * ODCS corpus (examples and negative tests), the repository's example and fixture contracts, the bench's generated
 * contracts (5,000 and 50,000 lines), and documents from the fuzz mutation generator (seeded).
 * Also checked: the fast path is taken for most pieces of ordinary contracts (this test cannot pass by declining),
 * and the composer given the tokens the fast path declined gives what a fresh parse gives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { YAMLError } from 'yaml';
import { composeBounded, lexBounded, parseBounded, TooDeep } from '../../../server/src/engine/syntax/bounded.ts';
import { fromYaml, type ConvertIssue } from '../../../server/src/engine/syntax/convert.ts';
import { composeFromCst } from '../../../server/src/engine/syntax/cstCompose.ts';
import { guardText } from '../../../server/src/engine/syntax/limits.ts';
import { YAML_OPTIONS } from '../../../server/src/engine/syntax/parse.ts';
import { assertSame, checkText, fuzzedContracts, realContractFiles, type Tally } from './composeDiff.ts';

const describeErrors = (errors: YAMLError[]) => errors.map((e) => `${e.code}@${e.pos[0]}-${e.pos[1]}: ${e.message}`);

/** Compares both paths on one piece; returns whether the fast path took it. */
function check(piece: { text: string; base: number }, where: string): boolean {
  const guarded = guardText(piece.text).text;
  let tokens: ReturnType<typeof lexBounded>;
  try {
    tokens = lexBounded(guarded);
  } catch (e) {
    // `yaml`'s CST parser itself ran out of stack: parse.ts marks the piece as not analysed (TooDeep), on both paths.
    if (e instanceof RangeError) return false;
    throw e;
  }
  if (tokens instanceof TooDeep) return false;
  const fast = composeFromCst(tokens, YAML_OPTIONS, piece.base);
  const fresh = parseBounded(guarded, YAML_OPTIONS);
  assert.ok(!(fresh instanceof TooDeep), where);
  const freshIssues: ConvertIssue[] = [];
  const freshNode = fromYaml(fresh.contents as never, 0, new Map(), freshIssues, piece.base);
  if (!fast) {
    // The composer reads the tokens the fast path declined: they must be as the parser left them.
    const reused = composeBounded(tokens, guarded.length, YAML_OPTIONS);
    const reusedIssues: ConvertIssue[] = [];
    const reusedNode = fromYaml(reused.contents as never, 0, new Map(), reusedIssues, piece.base);
    assertSame(reusedNode, freshNode, `${where}: composer on reused tokens`);
    assertSame(reusedIssues, freshIssues, `${where}: composer on reused tokens (issues)`);
    assert.deepStrictEqual(describeErrors([...reused.errors, ...reused.warnings]), describeErrors([...fresh.errors, ...fresh.warnings]), `${where}: composer on reused tokens (errors)`);
    return false;
  }
  assert.deepStrictEqual(describeErrors([...fresh.errors, ...fresh.warnings]), [], `${where}: the fast path took a piece the composer reports errors for`);
  assertSame(fast.node, freshNode, `${where}: nodes`);
  assertSame(fast.issues, freshIssues, `${where}: duplicate-key issues`);
  return true;
}

test('the fast path equals the composer path on the ODCS corpus, examples and fixtures, and takes most of them', () => {
  const files = realContractFiles();
  const tally: Tally = { fast: 0, fallback: 0 };
  for (const f of files) checkText(readFileSync(f, 'utf8'), f, tally, check);
  // Ordinary contracts are plain block YAML: most pieces must take the fast path (flow `[…]`/`{…}` values decline).
  assert.ok(tally.fast > tally.fallback, `fast ${tally.fast}, fallback ${tally.fallback}`);
});

test('the fast path takes every piece of the generated 5,000- and 50,000-line contracts, with the same result', async () => {
  const { generateContract } = (await import('../../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };
  for (const lines of [5000, 50000]) {
    const tally: Tally = { fast: 0, fallback: 0 };
    const text = generateContract(lines, { name: `diff_${lines}` });
    checkText(text, `generated ${lines}`, tally, check);
    assert.equal(tally.fallback, 0, `generated ${lines}: ${tally.fallback} pieces fell back`);
    assert.ok(tally.fast > lines / 1000, `generated ${lines}: only ${tally.fast} pieces`);
  }
});

test('the fast path equals the composer path on fuzz-mutated contracts (seeded)', () => {
  const tally: Tally = { fast: 0, fallback: 0 };
  const SEED = 20261206;
  const FUZZ_DOCS = Number(process.env.CONTRACTLENS_CST_FUZZ_DOCS ?? 1000);
  for (const { text, where } of fuzzedContracts(SEED, FUZZ_DOCS)) checkText(text, where, tally, check);
  // Mutated documents are often broken, but many mutations leave most of a contract intact.
  assert.ok(tally.fast > FUZZ_DOCS / 6, `fast ${tally.fast}, fallback ${tally.fallback}`);
});
