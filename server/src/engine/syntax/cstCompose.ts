/**
 * YNodes straight from `yaml`'s CST, for the plain shapes contracts are made of: the fast path of parsing.
 *
 * Why: the `yaml` composer builds a Document (Pair, Scalar, YAMLMap objects with comments, ranges and flags) that
 * convert.ts then turns into YNodes and throws away. On the first open of a 50,000-line contract that composer and
 * its garbage were a third of the time to the first diagnostics (docs/ARCHITECTURE.md, "The first open").
 *
 * The rule: this module accepts only token shapes whose result it reproduces EXACTLY as `yaml`'s composer followed by
 * convert.ts's `fromYaml` would (node kinds, offsets, values, styles, duplicate-key issues), and only where the
 * composer would report no error and no warning. On anything else it returns undefined and the caller composes the
 * same tokens the ordinary way. Scalars are resolved by `yaml` itself (`CST.resolveAsScalar`, then the tags of the
 * same schema the composer uses), so their values are `yaml`'s by construction. The rules it mirrors are those of
 * `yaml` 2.x's compose/resolve-block-map.js, resolve-block-seq.js, resolve-props.js and compose-scalar.js;
 * test/engine/syntax/cstCompose.test.ts compares both paths over real contracts and fuzzed ones.
 *
 * Not handled (fallback): flow collections, anchors, aliases, tags, explicit keys (`?`), directives, `---`, several
 * documents, tabs, a root that is not a block mapping or sequence, multi-line implicit keys, keys more than 1024
 * characters before their `:`, indentation the composer complains about, and every `error` token.
 */
import { CST, Document, isScalar, type Composer } from 'yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from './ast.js';
import { duplicateKeyIssue, keyValue, KeysSeen, normalizeScalar, type ConvertIssue } from './convert.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type Options = NonNullable<ConstructorParameters<typeof Composer>[0]>;

export interface FastTree {
  node: YNode;
  /** Duplicate keys (CL002), exactly as convert.ts reports them; offsets relative to the parsed text. */
  issues: ConvertIssue[];
}

/** Thrown (one shared object, no stack) when a shape is outside what this module reproduces. */
export const FALLBACK = { fallback: true };

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}

/** The schema and options a composer built with the same options resolves scalars with. */
export interface Resolver {
  tags: ScalarTag[];
  stringTag: ScalarTag;
  options: unknown;
}

const resolvers = new WeakMap<object, Resolver>();

export function resolverFor(options: Options): Resolver {
  let r = resolvers.get(options);
  if (!r) {
    // The composer makes `new Document(undefined, options)` per document: the same schema and options.
    const doc = new Document(undefined, options as ConstructorParameters<typeof Document>[2]);
    const schema = doc.schema as unknown as { tags: ScalarTag[] } & Record<symbol, ScalarTag>;
    r = { tags: schema.tags.filter((t) => !(t as { collection?: string }).collection), stringTag: schema[Symbol.for('yaml.scalar')], options: doc.options };
    resolvers.set(options, r);
  }
  return r;
}

/** State of one composition (module-level: no closure or context object per chunk node). */
let base = 0;
let issues: ConvertIssue[] = [];
let resolver: Resolver;
/** range[2] of the node composed last (its end including trailing comments and line break), as `yaml` sets it. */
let lastEnd = 0;
/** The raw (resolved, not stringified) value of the key composed last: duplicate keys compare these, as convert.ts. */
let lastKeyValue: unknown;

export const onScalarError = (): never => {
  throw FALLBACK;
};

/**
 * The YNode tree of the single document in `tokens` (the parser's top-level tokens of `text`, depth already checked
 * by bounded.ts), with node offsets plus `base`; undefined when the composer path must decide.
 */
export function composeFromCst(tokens: readonly Token[], options: Options, offsetBase: number): FastTree | undefined {
  let doc: CST.Document | undefined;
  for (const t of tokens) {
    if (t.type === 'document') {
      if (doc) return undefined;
      doc = t;
    } else if (t.type !== 'comment' && t.type !== 'newline' && t.type !== 'space') return undefined;
  }
  if (!doc || !doc.value || (doc.value.type !== 'block-map' && doc.value.type !== 'block-seq')) return undefined;
  for (const t of doc.start) if (!isBlank(t)) return undefined;
  if (doc.end) for (const t of doc.end) if (!isBlank(t)) return undefined;
  base = offsetBase;
  issues = [];
  resolver = resolverFor(options);
  try {
    return { node: composeNode(doc.value), issues };
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  } finally {
    issues = [];
  }
}

/** White space, a line break or a comment. A tab in white space is left to the composer (TAB_AS_INDENT). */
function isBlank(t: SourceToken | Token): boolean {
  return (t.type === 'space' && !hasTab(t)) || t.type === 'newline' || t.type === 'comment';
}

function hasTab(t: SourceToken | Token): boolean {
  return (t as SourceToken).source.includes('\t');
}

function composeNode(token: Token): YNode {
  switch (token.type) {
    case 'block-map':
      return composeMap(token);
    case 'block-seq':
      return composeSeq(token);
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      return composeScalar(token, false);
    default:
      throw FALLBACK;
  }
}

/** What `readProps` found among the tokens before a value or an item. */
interface Props {
  /** The `:` or `-` (at most one; a second one is left to the composer). */
  indicator?: SourceToken;
  hasNewline: boolean;
  hasComment: boolean;
}

/**
 * The tokens between a key and its value (`map-value-ind`) or before a sequence item (`seq-item-ind`): white space,
 * line breaks, comments each after white space (as in strict mode) and the indicator once. Anything else (an anchor,
 * a tag, a tab, a second indicator) goes to the composer. `spaceBefore`: whether the tokens start after white space.
 */
function readProps(tokens: readonly SourceToken[], indicator: 'map-value-ind' | 'seq-item-ind', spaceBefore: boolean): Props {
  let found: SourceToken | undefined;
  let hasSpace = spaceBefore;
  let hasNewline = false;
  let hasComment = false;
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        if (hasTab(t)) throw FALLBACK;
        hasSpace = true;
        break;
      case 'newline':
        hasNewline = true;
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) throw FALLBACK;
        hasComment = true;
        break;
      case indicator:
        if (found) throw FALLBACK;
        found = t;
        hasSpace = false;
        break;
      default:
        throw FALLBACK;
    }
  }
  return { indicator: found, hasNewline, hasComment };
}

function composeMap(bm: CST.BlockMap): YMap {
  let offset = bm.offset;
  let commentEnd: number | null = null;
  const pairs: YPair[] = [];
  const keys = new KeysSeen();
  for (const item of bm.items) {
    const { start, key, sep, value } = item as { start: SourceToken[]; key?: Token | null; sep?: SourceToken[]; value?: Token };
    // Key properties: blank lines and comments only (no `?`, anchor or tag).
    for (const t of start) if (!isBlank(t)) throw FALLBACK;
    const keyPropsEnd = start.length ? tokenEnd(start[start.length - 1]) : offset;
    if (!key) {
      if (sep || value) throw FALLBACK;
      commentEnd = keyPropsEnd; // a comment-only item
      continue;
    }
    if (!sep) throw FALLBACK;
    if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') throw FALLBACK;
    if (key.indent !== bm.indent) throw FALLBACK; // BAD_INDENT
    if (key.source.includes('\n')) throw FALLBACK; // MULTILINE_IMPLICIT_KEY
    if (key.end) for (const t of key.end) if (t.type === 'newline') throw FALLBACK;
    const keyNode = composeScalar(key, true);
    const rawKey = lastKeyValue;
    const keyRangeEnd = lastEnd;
    // Value properties: the `:` once, spaces, line breaks, comments (each after white space, as in strict mode).
    const { indicator: found, hasNewline, hasComment } = readProps(sep, 'map-value-ind', false);
    if (!found) throw FALLBACK; // MISSING_CHAR
    const valuePropsEnd = sep.length ? tokenEnd(sep[sep.length - 1]) : keyRangeEnd;
    if (value?.type === 'block-map' && !hasNewline) throw FALLBACK; // BLOCK_AS_IMPLICIT_KEY
    if (keyPropsEnd < found.offset - 1024) throw FALLBACK; // KEY_OVER_1024_CHARS
    // Duplicate keys: convert.ts's rule and issue, in its order (before the value's own issues).
    if (keys.add(rawKey)) issues.push(duplicateKeyIssue(keyNode, base));
    const valueNode = composeValue(value, valuePropsEnd, sep, hasComment);
    offset = lastEnd;
    pairs.push({ key: keyNode, value: valueNode, start: keyNode.start, end: Math.max(keyNode.end, valueNode.end) });
  }
  if (commentEnd && commentEnd < offset) throw FALLBACK; // IMPOSSIBLE: map comment with trailing content
  lastEnd = commentEnd ?? offset;
  return { kind: 'map', start: bm.offset + base, end: offset + base, pairs, flow: false };
}

/**
 * The value after a `:` or a `-`, or, when there is none, the empty scalar the composer places after the indicator's
 * tokens (`props`, ending at `propsEnd`). Sets `lastEnd` to where the entry ends either way.
 */
function composeValue(value: Token | undefined, propsEnd: number, props: readonly SourceToken[], hasComment: boolean): YNode {
  if (value) return composeNode(value);
  const at = emptyScalarPosition(propsEnd, props);
  lastEnd = hasComment ? propsEnd : at;
  return { kind: 'scalar', start: at + base, end: at + base, value: null, style: 'plain' };
}

function composeSeq(bs: CST.BlockSequence): YSeq {
  let offset = bs.offset;
  let commentEnd: number | null = null;
  const items: YNode[] = [];
  for (const item of bs.items) {
    const { start, value } = item;
    const { indicator: found, hasComment } = readProps(start, 'seq-item-ind', true);
    const propsEnd = start.length ? tokenEnd(start[start.length - 1]) : offset;
    if (!found) {
      if (value) throw FALLBACK; // MISSING_CHAR / BAD_INDENT
      commentEnd = propsEnd;
      continue;
    }
    items.push(composeValue(value, propsEnd, start, hasComment));
    offset = lastEnd;
  }
  lastEnd = commentEnd ?? offset;
  return { kind: 'seq', start: bs.offset + base, end: offset + base, items, flow: false };
}

/** A scalar as `yaml`'s composeScalar resolves it (no tag token), then as convert.ts shapes it. */
function composeScalar(token: CST.FlowScalar | CST.BlockScalar, atKey: boolean): YScalar {
  // resolveAsScalar runs the composer's own resolveFlowScalar/resolveBlockScalar (strict, as parse.ts's options);
  // any error or warning they report sends the chunk to the composer. (A block scalar is never the root here, the
  // one place where the composer's result differs: `atRoot`.)
  const r = CST.resolveAsScalar(token, true, onScalarError)!;
  const { value, type, range } = r;
  const raw = resolveScalar(resolver, value, token.type === 'scalar', atKey);
  const style = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 'quoted' : type === 'BLOCK_FOLDED' || type === 'BLOCK_LITERAL' ? 'block' : 'plain';
  if (atKey) lastKeyValue = raw;
  const v = normalizeScalar(raw);
  lastEnd = range[2];
  return { kind: 'scalar', start: range[0] + base, end: range[1] + base, value: atKey ? keyValue(v) : v, style };
}

/**
 * The value `yaml`'s composer gives a scalar whose text resolved to `value` (quotes and escapes already undone): for a
 * plain scalar the first default tag of the schema whose test matches (at a key also the 'key' defaults), else the
 * string tag. Throws FALLBACK where the composer would report TAG_RESOLVE_FAILED. Shared with lineCompose.ts.
 */
export function resolveScalar(resolver: Resolver, value: string, plain: boolean, atKey: boolean): unknown {
  let tag: ScalarTag | undefined;
  if (plain) {
    for (const t of resolver.tags) {
      if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) {
        tag = t;
        break;
      }
    }
  }
  tag ??= resolver.stringTag;
  let res: unknown;
  try {
    res = tag.resolve(value, onScalarError, resolver.options);
  } catch {
    throw FALLBACK; // the composer reports TAG_RESOLVE_FAILED
  }
  return isScalar(res) ? res.value : res;
}

function tokenEnd(t: SourceToken): number {
  return t.offset + t.source.length;
}

/** `yaml`'s emptyScalarPosition: after the last indicator and the spaces that follow it. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[]): number {
  for (let i = before.length - 1; i >= 0; --i) {
    let st: SourceToken | undefined = before[i];
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    st = before[++i];
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i];
    }
    break;
  }
  return offset;
}
