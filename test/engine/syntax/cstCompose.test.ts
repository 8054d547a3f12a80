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
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { YAMLError } from 'yaml';
import type { YNode } from '../../../server/src/engine/syntax/ast.ts';
import { composeBounded, lexBounded, parseBounded, TooDeep } from '../../../server/src/engine/syntax/bounded.ts';
import { fromYaml, type ConvertIssue } from '../../../server/src/engine/syntax/convert.ts';
import { composeFromCst } from '../../../server/src/engine/syntax/cstCompose.ts';
import { guardText } from '../../../server/src/engine/syntax/limits.ts';
import { splitAtSchemaItems, YAML_OPTIONS } from '../../../server/src/engine/syntax/parse.ts';
import { mutate } from '../../fuzz/mutations.ts';
import { Rng } from '../../fuzz/random.ts';
import { seedContracts } from '../../fuzz/seeds.ts';
import { CORPUS, ROOT } from '../../helpers/paths.ts';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** The pieces parse.ts parses alone: the whole text, and when it splits, its head, `schema:` items and tail. */
function pieces(text: string): { text: string; base: number }[] {
  const out = [{ text, base: 0 }];
  const split = splitAtSchemaItems(text);
  if (!split) return out;
  const starts = [0, ...split.itemStarts, split.blockEnd, text.length];
  for (let i = 0; i + 1 < starts.length; i++) if (starts[i + 1] > starts[i]) out.push({ text: text.slice(starts[i], starts[i + 1]), base: starts[i] });
  return out;
}

interface Tally {
  fast: number;
  fallback: number;
}

/**
 * The first difference between two values (path and both sides), or undefined when deep-equal (Object.is on
 * leaves: NaN equals NaN, -0 differs from 0). assert.deepStrictEqual would do, but the diff it prints for a tree of a
 * 50,000-line contract takes minutes to build.
 */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs non-array`;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const k of ka) {
    if (k === 'target') {
      // An alias's target is a node compared where it stands in the tree; following it here is exponential for an
      // alias bomb. Only which node it is (kind and place) is compared.
      const [ta, tb] = [(a as Record<string, YNode | undefined>)[k], (b as Record<string, YNode | undefined>)[k]];
      const d = firstDifference(ta && [ta.kind, ta.start, ta.end], tb && [tb.kind, tb.start, tb.end], `${path}.target`);
      if (d) return d;
      continue;
    }
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

function assertSame(actual: unknown, expected: unknown, where: string): void {
  const d = firstDifference(actual, expected);
  assert.equal(d, undefined, `${where}: ${d}`);
}

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

function checkText(text: string, where: string, tally: Tally): void {
  for (const p of pieces(text)) {
    if (check(p, `${where} @${p.base}`)) tally.fast++;
    else tally.fallback++;
  }
}

test('the fast path equals the composer path on the ODCS corpus, examples and fixtures, and takes most of them', () => {
  const files = [...yamlFiles(CORPUS), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test/fixtures'))];
  assert.ok(files.length > 50, `found only ${files.length} YAML files`);
  const tally: Tally = { fast: 0, fallback: 0 };
  for (const f of files) checkText(readFileSync(f, 'utf8'), f, tally);
  // Ordinary contracts are plain block YAML: most pieces must take the fast path (flow `[…]`/`{…}` values decline).
  assert.ok(tally.fast > tally.fallback, `fast ${tally.fast}, fallback ${tally.fallback}`);
});

test('the fast path takes every piece of the generated 5,000- and 50,000-line contracts, with the same result', async () => {
  const { generateContract } = (await import('../../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };
  for (const lines of [5000, 50000]) {
    const tally: Tally = { fast: 0, fallback: 0 };
    const text = generateContract(lines, { name: `diff_${lines}` });
    checkText(text, `generated ${lines}`, tally);
    assert.equal(tally.fallback, 0, `generated ${lines}: ${tally.fallback} pieces fell back`);
    assert.ok(tally.fast > lines / 1000, `generated ${lines}: only ${tally.fast} pieces`);
  }
});

test('the fast path equals the composer path on fuzz-mutated contracts (seeded)', () => {
  const seeds = seedContracts();
  const tally: Tally = { fast: 0, fallback: 0 };
  const SEED = 20261206;
  const FUZZ_DOCS = Number(process.env.CONTRACTLENS_CST_FUZZ_DOCS ?? 1000);
  for (let i = 0; i < FUZZ_DOCS; i++) {
    const rng = Rng.derive(SEED, i);
    const m = mutate(rng.pick(seeds), rng, { maxLongLine: 20_000, maxDepth: 300 });
    checkText(m.text, `fuzz seed ${SEED} doc ${i} (${m.ops.join(', ')})`, tally);
  }
  // Mutated documents are often broken, but many mutations leave most of a contract intact.
  assert.ok(tally.fast > FUZZ_DOCS / 6, `fast ${tally.fast}, fallback ${tally.fallback}`);
});
