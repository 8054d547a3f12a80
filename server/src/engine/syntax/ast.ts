/**
 * The engine's own YAML tree: small, plain objects with absolute offsets. Built from the `yaml` package's nodes once
 * per parsed chunk, so that chunks can be cached and moved (see parse.ts) and every rule reads one simple shape.
 */
export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  /** Offset of the node's first character. */
  start: number;
  /** Offset just past the node's value (comments after it excluded). */
  end: number;
}

export interface YScalar extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
  /** Quoted or block scalars are strings even when they look like numbers. */
  style: 'plain' | 'quoted' | 'block';
}

export interface YPair {
  key: YScalar;
  /** Never absent: `key:` with nothing after it holds an empty null scalar at the end of the key. */
  value: YNode;
  start: number;
  end: number;
}

export interface YMap extends NodeBase {
  kind: 'map';
  pairs: YPair[];
  flow: boolean;
}

export interface YSeq extends NodeBase {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
}

export interface YAlias extends NodeBase {
  kind: 'alias';
  name: string;
  /** The anchored node, when the anchor exists earlier in the same document. */
  target?: YNode;
}

export type YNode = YScalar | YMap | YSeq | YAlias;

/** Follows aliases (at most a few hops: an alias cannot point at an alias in valid YAML). */
export function resolve(node: YNode | undefined): YNode | undefined {
  let n = node;
  for (let hops = 0; n && n.kind === 'alias' && hops < 8; hops++) n = n.target;
  return n && n.kind === 'alias' ? undefined : n;
}

export function asMap(node: YNode | undefined): YMap | undefined {
  const n = resolve(node);
  return n?.kind === 'map' ? n : undefined;
}

export function asSeq(node: YNode | undefined): YSeq | undefined {
  const n = resolve(node);
  return n?.kind === 'seq' ? n : undefined;
}

export function asScalar(node: YNode | undefined): YScalar | undefined {
  const n = resolve(node);
  return n?.kind === 'scalar' ? n : undefined;
}

export function keyText(pair: YPair): string {
  return String(pair.key.value ?? '');
}

/** The last pair with that key (YAML duplicate keys are reported separately; the last one wins, as in `yaml`'s toJS). */
export function getPair(map: YMap | undefined, key: string): YPair | undefined {
  if (!map) return undefined;
  for (let i = map.pairs.length - 1; i >= 0; i--) if (keyText(map.pairs[i]) === key) return map.pairs[i];
  return undefined;
}

export function getNode(map: YMap | undefined, key: string): YNode | undefined {
  return getPair(map, key)?.value;
}

export function scalarValue(node: YNode | undefined): ScalarValue | undefined {
  return asScalar(node)?.value;
}

export function stringValue(node: YNode | undefined): string | undefined {
  const v = scalarValue(node);
  return v === null || v === undefined ? undefined : String(v);
}

/** Moves every offset of a subtree; used when a cached chunk is reused at another place in the text. */
export function shiftNode(node: YNode, delta: number): void {
  if (delta === 0) return;
  const stack: YNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    n.start += delta;
    n.end += delta;
    if (n.kind === 'map') {
      for (const p of n.pairs) {
        p.start += delta;
        p.end += delta;
        p.key.start += delta;
        p.key.end += delta;
        stack.push(p.value);
      }
    } else if (n.kind === 'seq') {
      for (const item of n.items) stack.push(item);
    }
  }
}

/** One step of a path from the root: the pair (for map entries) or the index (for sequence items). */
export interface PathStep {
  node: YNode;
  /** Set when the node is a map value. */
  pair?: YPair;
  /** Set when the node is a sequence item. */
  index?: number;
}

/**
 * Walks a JSON-pointer-like path (as ajv's `instancePath` split into segments) down the tree. Returns every step
 * reached; stops early when the path leaves the tree. Aliases are followed (the alias node itself is reported,
 * because that is where the user wrote it).
 */
export function walkPath(root: YNode, segments: readonly (string | number)[]): PathStep[] {
  const steps: PathStep[] = [{ node: root }];
  let current: YNode | undefined = root;
  for (const seg of segments) {
    const n = resolve(current);
    if (!n) break;
    if (n.kind === 'map') {
      const pair = getPair(n, String(seg));
      if (!pair) break;
      steps.push({ node: pair.value, pair });
      current = pair.value;
    } else if (n.kind === 'seq') {
      const idx = typeof seg === 'number' ? seg : Number(seg);
      const item = Number.isInteger(idx) ? n.items[idx] : undefined;
      if (!item) break;
      steps.push({ node: item, index: idx });
      current = item;
    } else break;
  }
  return steps;
}

/**
 * The chain of nodes whose range contains the offset, outermost first (with the pair that holds each map value).
 * Feature services (hover, completion, definition) start from here.
 */
export function pathAtOffset(root: YNode, offset: number): PathStep[] {
  const steps: PathStep[] = [{ node: root }];
  let current: YNode = root;
  for (;;) {
    let next: PathStep | undefined;
    if (current.kind === 'map') {
      for (const p of current.pairs) {
        if (offset >= p.start && offset <= Math.max(p.end, p.value.end)) {
          next = { node: p.value, pair: p };
          break;
        }
      }
    } else if (current.kind === 'seq') {
      current.items.forEach((item, index) => {
        if (!next && offset >= item.start && offset <= item.end) next = { node: item, index };
      });
    }
    if (!next) return steps;
    steps.push(next);
    current = next.node;
  }
}
