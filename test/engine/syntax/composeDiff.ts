/**
 * What the tests of the parser's fast paths (cstCompose.test.ts, lineCompose.test.ts) share: the texts they read, the
 * pieces parse.ts cuts a text into, and a deep comparison that names the first difference.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { YNode } from '../../../server/src/engine/syntax/ast.ts';
import { splitAtSchemaItems } from '../../../server/src/engine/syntax/parse.ts';
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
export function pieces(text: string): { text: string; base: number }[] {
  const out = [{ text, base: 0 }];
  const split = splitAtSchemaItems(text);
  if (!split) return out;
  const starts = [0, ...split.itemStarts, split.blockEnd, text.length];
  for (let i = 0; i + 1 < starts.length; i++) if (starts[i + 1] > starts[i]) out.push({ text: text.slice(starts[i], starts[i + 1]), base: starts[i] });
  return out;
}

export interface Tally {
  fast: number;
  fallback: number;
}

/**
 * The first difference between two values (path and both sides), or undefined when deep-equal (Object.is on
 * leaves: NaN equals NaN, -0 differs from 0). assert.deepStrictEqual would do, but the diff it prints for a tree of a
 * 50,000-line contract takes minutes to build.
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
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

export function assertSame(actual: unknown, expected: unknown, where: string): void {
  const d = firstDifference(actual, expected);
  assert.equal(d, undefined, `${where}: ${d}`);
}


/** The contracts real users write: the ODCS corpus (examples and negative tests), the repository's examples and fixtures. */
export function realContractFiles(): string[] {
  const files = [...yamlFiles(CORPUS), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test/fixtures'))];
  assert.ok(files.length > 50, `found only ${files.length} YAML files`);
  return files;
}

/** `count` documents of the fuzz mutation generator, reproducible from `seed`. */
export function* fuzzedContracts(seed: number, count: number): Generator<{ text: string; where: string }> {
  const seeds = seedContracts();
  for (let i = 0; i < count; i++) {
    const rng = Rng.derive(seed, i);
    const m = mutate(rng.pick(seeds), rng, { maxLongLine: 20_000, maxDepth: 300 });
    yield { text: m.text, where: `fuzz seed ${seed} doc ${i} (${m.ops.join(', ')})` };
  }
}

/** Runs `check` (true when the fast path under test took the piece) on every piece of `text`, counting both outcomes. */
export function checkText(text: string, where: string, tally: Tally, check: (piece: { text: string; base: number }, where: string) => boolean): void {
  for (const p of pieces(text)) {
    if (check(p, `${where} @${p.base}`)) tally.fast++;
    else tally.fallback++;
  }
}
