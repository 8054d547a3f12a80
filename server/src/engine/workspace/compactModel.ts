/**
 * The model of a closed file, made small in place (ContractDocument.compact()). Other contracts read it through the
 * same `Contract` type as an open one (names, ids, types, descriptions for completion, relationship targets and
 * their offsets), so nothing is dropped: only how it is held changes, and every reader gets the same values.
 *
 * Measured on 500 indexed 300-line contracts (heap snapshot, bench/README.md "Session 5"), the compacted models were
 * ~29 MB of a 53 MB live heap, and three things in them cost memory for nothing:
 *   - ~130,000 `Located {value, node}` wrappers, each beside its scalar node: a located scalar whose value is the
 *     node's own becomes ONE object that is both (`loc.node === loc`), with the node's fields and the value;
 *   - ~30,000 lists built by `push`, whose backing store V8 grew to 17 slots for one to a dozen items: copied at
 *     their length; empty ones become one shared frozen list (and empty maps one frozen map);
 *   - long string values (descriptions, queries) are slices of the parsed chunk's text, and a slice keeps its whole
 *     parent alive: ~5 MB of chunk texts after the trees were gone. They are copied out.
 * A compacted model is only read (an editor opening the file gets a fresh one from expand()); a stray write into a
 * shared empty throws instead of going unseen.
 */
import type { YNode, YScalar } from '../syntax/ast.js';
import { flatCopy } from '../syntax/strings.js';
import type { Contract } from '../model/types.js';

const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_MAP: ReadonlyMap<never, never> = Object.freeze(new Map<never, never>());


/** A located scalar held as one object: the scalar node's fields, its value, and `node` pointing at itself. */
type LocatedScalar = YScalar & { node: LocatedScalar };

export function compactModel(contract: Contract): void {
  new Compactor().object(contract);
}

class Compactor {
  /** What each visited object became (itself, or its replacement): each is visited once, and one reached twice stays one. */
  private readonly replaced = new Map<object, unknown>();

  /** Rewrites the fields of a model object (its lists, maps, located values) in place. */
  object(root: object): void {
    const stack: object[] = [root];
    while (stack.length) {
      const o = stack.pop()!;
      const fields = o as Record<string, unknown>;
      // for…in walks the object's enum cache; Object.keys would allocate a list per object (~1,000 per contract).
      for (const key in fields) {
        const v = fields[key];
        const next = this.value(v, stack);
        if (next !== v) fields[key] = next;
      }
    }
  }

  /** What a field holds from now on; objects still to rewrite are pushed on `stack`. */
  private value(v: unknown, stack: object[]): unknown {
    if (typeof v === 'string') return flat(v);
    if (!v || typeof v !== 'object') return v;
    const done = this.replaced.get(v);
    if (done !== undefined) return done;
    let out: unknown = v;
    if (Array.isArray(v)) {
      if (v.length === 0) out = EMPTY_LIST;
      else {
        // Copied at its length: `slice()` of a grown list still carries its spare slots, a new array of n does not.
        const copy = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) copy[i] = this.value(v[i], stack);
        out = copy;
      }
    } else if (v instanceof Map) {
      if (v.size === 0) out = EMPTY_MAP;
      else for (const [k, item] of v) v.set(k, this.value(item, stack));
    } else if (isScalar(v)) {
      // Every scalar node becomes its merged form, wherever it is reached from: two holders of one node still share it.
      out = this.merged(v);
    } else {
      const node = (v as { node?: unknown }).node;
      if (isScalar(node) && isLocated(v) && v.value === node.value) out = this.merged(node);
      else stack.push(v);
    }
    this.replaced.set(v, out);
    return out;
  }

  private merged(node: YScalar): LocatedScalar {
    const known = this.replaced.get(node) as LocatedScalar | undefined;
    if (known) return known;
    const merged = { kind: 'scalar', start: node.start, end: node.end, value: flat(node.value), style: node.style, node: undefined } as unknown as LocatedScalar;
    merged.node = merged;
    this.replaced.set(node, merged);
    return merged;
  }
}

function isScalar(v: unknown): v is YScalar {
  return !!v && typeof v === 'object' && (v as YNode).kind === 'scalar';
}

/** Exactly `{value, node}`: what builders.ts makes for a located value (other model objects have more fields). */
function isLocated(v: object): v is { value: unknown; node: unknown } {
  let keys = 0;
  for (const key in v) if (++keys > 2 || (key !== 'value' && key !== 'node')) return false;
  return keys === 2;
}

/** A copy of a long string that holds no parent (syntax/strings.ts). */
function flat<T>(v: T): T {
  return typeof v === 'string' ? (flatCopy(v) as T) : v;
}
