/**
 * `yaml` package nodes → the engine's YNode tree, and YNode → plain JS for schema validation.
 * Both conversions are bounded: an alias bomb (a few lines that expand to billions of nodes) yields a finding,
 * never a hang or an out-of-memory crash.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Node as YamlNode } from 'yaml';
import type { ScalarValue, YAlias, YMap, YNode, YPair, YScalar, YSeq } from './ast.js';
import { flatCopy } from './strings.js';

export interface ConvertIssue {
  code: 'CL001' | 'CL002' | 'CL003';
  message: string;
  start: number;
  end: number;
}

export const DUPLICATE_KEY_MESSAGE = 'Duplicate key: a key may appear only once in a mapping (the last one would silently win).';

/**
 * Converts one parsed `yaml` document's contents. Anchors are looked up in `anchors` (document order). Node offsets
 * are `base` plus the parser's (a chunk's nodes are placed in the whole text as they are built, not by a second walk
 * over the tree); the offsets of `issues` stay relative to the parsed text.
 */
export function fromYaml(node: YamlNode | null | undefined, fallbackOffset: number, anchors: Map<string, YNode>, issues: ConvertIssue[], base = 0): YNode {
  if (!node) return emptyScalar(fallbackOffset + base);
  const range = node.range;
  const start = (range ? range[0] : fallbackOffset) + base;
  const end = (range ? range[1] : fallbackOffset) + base;
  let out: YNode;
  if (isMap(node)) {
    const pairs: YPair[] = [];
    // Duplicate keys are found here, not by the parser (its check compares each key with every earlier one: 100,000
    // keys in one mapping took minutes).
    const keys = new KeysSeen();
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = keyFromYaml(item.key as YamlNode | null, start - base, base);
      if (isScalar(item.key) && keys.add((item.key as Scalar).value)) issues.push(duplicateKeyIssue(key, base));
      const value = fromYaml(item.value as YamlNode | null, key.end - base, anchors, issues, base);
      pairs.push({ key, value, start: key.start, end: Math.max(key.end, value.end) });
    }
    out = { kind: 'map', start, end, pairs, flow: node.flow === true } satisfies YMap;
  } else if (isSeq(node)) {
    const items = node.items.map((item) => fromYaml(item as YamlNode | null, start - base, anchors, issues, base));
    out = { kind: 'seq', start, end, items, flow: node.flow === true } satisfies YSeq;
  } else if (isAlias(node)) {
    const target = anchors.get(node.source);
    if (!target) issues.push({ code: 'CL001', message: `Unknown anchor "${node.source}": an alias must refer to an anchor (&${node.source}) defined before it.`, start: start - base, end: end - base });
    out = { kind: 'alias', start, end, name: node.source, target } satisfies YAlias;
  } else if (isScalar(node)) {
    out = scalarFromYaml(node, start, end);
  } else {
    out = emptyScalar(start);
  }
  if ((node as { anchor?: string }).anchor) anchors.set((node as { anchor: string }).anchor, out);
  return out;
}

/** Mappings up to this many entries look for duplicate keys by comparing with each earlier key. */
const SMALL_MAP = 8;

/**
 * The keys of one mapping so far, for the duplicate-key rule all three composers share (this module, cstCompose.ts,
 * lineCompose.ts): the parser's own rule, equal raw scalar values (SameValueZero, as a Set). Most mappings of a
 * contract have a handful of keys: those are compared in a loop, and a Set is made only past SMALL_MAP keys.
 */
export class KeysSeen {
  private list: unknown[] | undefined = [];
  private set: Set<unknown> | undefined;

  /** Records `key`; true when an equal key was recorded before. */
  add(key: unknown): boolean {
    if (this.set) {
      if (this.set.has(key)) return true;
      this.set.add(key);
      return false;
    }
    const list = this.list!;
    if (list.includes(key)) return true;
    if (list.push(key) > SMALL_MAP) {
      this.set = new Set(list);
      this.list = undefined;
    }
    return false;
  }
}

/** CL002 on a key node; offsets relative to the parsed text (`base` is where it starts in the document). */
export function duplicateKeyIssue(key: YScalar, base: number): ConvertIssue {
  return { code: 'CL002', message: DUPLICATE_KEY_MESSAGE, start: key.start - base, end: Math.max(key.end, key.start + 1) - base };
}

/** A key's value as keys are compared: as text (`1:` and `"1":` name the same JSON property). */
export function keyValue(v: ScalarValue): ScalarValue {
  return v !== null && typeof v !== 'string' ? intern(String(v)) : v;
}

function scalarFromYaml(node: Scalar, start: number, end: number): YScalar {
  const t = node.type;
  const style = t === Scalar.QUOTE_DOUBLE || t === Scalar.QUOTE_SINGLE ? 'quoted' : t === Scalar.BLOCK_FOLDED || t === Scalar.BLOCK_LITERAL ? 'block' : 'plain';
  return { kind: 'scalar', start, end, value: normalizeScalar(node.value), style };
}

/**
 * Short strings repeat across a workspace (every key `name`, `logicalType`; values like `string`, `table`): one copy
 * each instead of one per occurrence. Measured on 500 indexed contracts, this is a large part of the tree's heap.
 */
const INTERNED = new Map<string, string>();
const MAX_INTERNED_LENGTH = 40;
const MAX_INTERNED = 50_000;

export function intern(s: string): string {
  if (s.length > MAX_INTERNED_LENGTH) return s;
  const known = INTERNED.get(s);
  if (known !== undefined) return known;
  // A bounded table: a hostile or huge workspace of unique short strings must not grow it without end. Full, it
  // starts again (strings already shared stay shared) rather than keeping for the rest of the session whatever the
  // first 50,000 happened to be (a fuzz run's random garbage).
  if (INTERNED.size >= MAX_INTERNED) INTERNED.clear();
  // From 13 characters on, a value is a slice of the chunk's text and would keep that whole text alive for as long
  // as the table holds it (the table lives as long as the process): the table holds a copy (strings.ts).
  const own = flatCopy(s);
  INTERNED.set(own, own);
  return own;
}

export function normalizeScalar(v: unknown): ScalarValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return intern(v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function keyFromYaml(key: YamlNode | null, fallback: number, base: number): YScalar {
  if (isScalar(key)) {
    const [s, e] = key.range ?? [fallback, fallback];
    const scalar = scalarFromYaml(key, s + base, e + base);
    scalar.value = keyValue(scalar.value);
    return scalar;
  }
  const [s, e] = key?.range ?? [fallback, fallback];
  // A complex key (a map or sequence as a key) has no place in a contract; it is reported by the schema as unknown.
  return { kind: 'scalar', start: s + base, end: e + base, value: key ? String(key) : '', style: 'plain' };
}

export function emptyScalar(offset: number): YScalar {
  return { kind: 'scalar', start: offset, end: offset, value: null, style: 'plain' };
}

/** How many nodes alias expansion may produce in one document before the rest of the expansion is cut off. */
export const MAX_ALIAS_EXPANSION = 10_000;

export interface JsBudget {
  /** Nodes still allowed to be produced by following aliases. */
  aliasNodes: number;
  /** Set once, at the alias where the budget ran out. */
  exceededAt?: YAlias;
}

export function newBudget(): JsBudget {
  return { aliasNodes: MAX_ALIAS_EXPANSION };
}

/** Plain JS value of a subtree, the shape JSON Schema validation expects. Duplicate keys: the last wins. */
export function toJS(node: YNode, budget: JsBudget, insideAlias = 0): unknown {
  if (insideAlias > 0) {
    if (budget.aliasNodes <= 0) return null;
    budget.aliasNodes--;
  }
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item) => toJS(item, budget, insideAlias));
    case 'map': {
      const obj: Record<string, unknown> = {};
      for (const p of node.pairs) {
        const k = String(p.key.value ?? '');
        const v = toJS(p.value, budget, insideAlias);
        // Own property even for "__proto__": contracts are data, never prototypes. Any other key is assigned (the same
        // own, enumerable, writable property, without a descriptor object per key).
        if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[k] = v;
      }
      return obj;
    }
    case 'alias': {
      if (!node.target) return null;
      if (budget.aliasNodes <= 0) {
        budget.exceededAt ??= node;
        return null;
      }
      return toJS(node.target, budget, insideAlias + 1);
    }
  }
}
