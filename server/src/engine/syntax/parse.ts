/**
 * Parsing with positions, incrementally.
 *
 * Why chunks: the `yaml` package needs ~36 ms for a 5,000-line contract and ~450 ms for 50,000 lines, far above the
 * per-keystroke budget. Almost all of a large contract is the items of the top-level `schema:` sequence, and an edit
 * touches one of them. So the text is cut into a head (everything before the first item), one chunk per item, and a
 * tail (the top-level keys after `schema:`); each piece is parsed alone and cached by its exact text. On the next
 * keystroke only the piece whose text changed is parsed again; the others are reused, moved to their new offsets.
 *
 * Whenever the text is outside what the splitter understands for certain (several documents, directives, an anchor
 * used across items, an item indented oddly), the whole text is parsed at once instead: correctness first.
 */
import type { Document, YAMLError } from 'yaml';
import { getPair, keyText, shiftNode, type YAlias, type YMap, type YNode, type YSeq } from './ast.js';
import { DUPLICATE_KEY_MESSAGE, emptyScalar, fromYaml, newBudget, toJS, type ConvertIssue } from './convert.js';
import { composeBounded, lexBounded, TooDeep } from './bounded.js';
import { composeFromCst, type FastTree } from './cstCompose.js';
import { composeFromText } from './lineCompose.js';
import { guardText } from './limits.js';
import { flatCopy } from './strings.js';

export interface SyntaxIssue {
  /** CL001 syntax, CL002 duplicate key, CL003 alias expansion cut off, CL019 part of a line beyond the limits. */
  code: 'CL001' | 'CL002' | 'CL003' | 'CL019';
  severity: 'error' | 'warning';
  message: string;
  start: number;
  end: number;
}

/** A piece of the text parsed on its own. Cached by text; `memo` lets later passes cache position-free results. */
export interface Chunk {
  readonly text: string;
  /** Offset of the chunk's first character in the current document text. */
  base: number;
  /** For item chunks, the item node; for head/tail, the piece's top-level map (or scalar when empty). */
  readonly node: YNode;
  /** Issues with offsets relative to the chunk start. */
  readonly issues: readonly SyntaxIssue[];
  /** Plain JS of `node` (with where alias expansion was cut off), computed on first use by documentToJS. */
  js?: unknown;
  /** Per-pass cache of results that do not depend on the chunk's position (e.g. schema validation errors). */
  readonly memo: Map<string, unknown>;
}

export interface ParsedYaml {
  readonly text: string;
  /** The document's root node (a map for any sensible contract). */
  readonly root: YNode;
  readonly issues: SyntaxIssue[];
  /** The items of the top-level `schema:` sequence when the text was split; empty after a whole-text parse. */
  readonly schemaChunks: readonly Chunk[];
  /** Head and tail pieces (or the single whole-text piece). */
  readonly frameChunks: readonly Chunk[];
}

/** `uniqueKeys: false`: duplicate keys are found in convert.ts in linear time (the parser's own check is quadratic). */
export const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, strict: true } as const;

/** Parses a text with no cache. */
export function parseYaml(text: string): ParsedYaml {
  return new IncrementalParser().parse(text);
}

/** Keeps the chunks of the previous version of one document, so the next version re-parses only what changed. */
export class IncrementalParser {
  private cache = new Map<string, Chunk>();

  parse(text: string): ParsedYaml {
    const split = splitAtSchemaItems(text);
    const next = new Map<string, Chunk>();
    const used = new Set<Chunk>();
    const take = (pieceText: string, base: number, asItem: boolean): Chunk => {
      let chunk = this.cache.get(pieceText);
      if (chunk && !used.has(chunk)) {
        shiftNode(chunk.node, base - chunk.base);
        chunk.base = base;
      } else {
        // A chunk reused across versions must not keep the text of the version it was first parsed in (strings.ts).
        chunk = parseChunk(pieceText.length < text.length ? flatCopy(pieceText) : pieceText, base, asItem);
      }
      used.add(chunk);
      next.set(pieceText, chunk);
      return chunk;
    };

    let result: ParsedYaml | undefined;
    if (split) {
      const head = take(text.slice(0, split.itemStarts[0]), 0, false);
      const items = split.itemStarts.map((s, i) => take(text.slice(s, i + 1 < split.itemStarts.length ? split.itemStarts[i + 1] : split.blockEnd), s, true));
      const tail = split.blockEnd < text.length ? take(text.slice(split.blockEnd), split.blockEnd, false) : undefined;
      result = assemble(text, head, items, tail, split);
    }
    if (!result) {
      const whole = take(text, 0, false);
      result = { text, root: whole.node, issues: absoluteIssues(whole), schemaChunks: [], frameChunks: [whole] };
    }
    this.cache = next;
    return result;
  }
}

/** Said once for a piece of text whose structure nests beyond what is analysed (often an unclosed `[` or `{`). */
/** YAML syntax errors reported per parsed piece (a schema item, the head, the tail or the whole text). */
export const MAX_SYNTAX_ISSUES = 100;

const TOO_DEEP_MESSAGE =
  'From here on the structure nests too deeply to analyse (often a `[` or `{` that is never closed, so every later line nests inside it): Contract Lens does not check this part of the document.';

function parseChunk(text: string, base: number, asItem: boolean): Chunk {
  const guarded = guardText(text);
  let doc: Document.Parsed | TooDeep | undefined;
  let fast: FastTree | undefined;
  try {
    // The plainest block YAML (most of every contract) goes from the text to YNodes without a lexer (lineCompose.ts);
    // other plain block shapes from the CST (cstCompose.ts); any other shape, and every text with an error, is
    // composed by `yaml`. Each path declines what it does not reproduce exactly.
    fast = composeFromText(guarded.text, YAML_OPTIONS, base);
    if (!fast) {
      const tokens = lexBounded(guarded.text);
      if (tokens instanceof TooDeep) doc = tokens;
      else {
        fast = composeFromCst(tokens, YAML_OPTIONS, base);
        if (!fast) doc = composeBounded(tokens, guarded.text.length, YAML_OPTIONS);
      }
    }
  } catch (e) {
    // The parser recurses per nesting level; bounded.ts and limits.ts keep nesting well below what overflows the
    // stack, but a shape they do not foresee must still not take the server down: the chunk is then not analysed.
    if (!(e instanceof RangeError)) throw e;
    doc = new TooDeep(0);
  }
  if (doc instanceof TooDeep) {
    const issue: SyntaxIssue = { code: 'CL019', severity: 'warning', message: TOO_DEEP_MESSAGE, start: Math.min(doc.at, text.length), end: text.length };
    return { text, base, node: { ...emptyScalar(0), start: base, end: base + text.length }, issues: [...guarded.issues, issue], memo: new Map() };
  }
  let node: YNode;
  let convertIssues: ConvertIssue[];
  const issues: SyntaxIssue[] = [...guarded.issues];
  if (fast) {
    node = fast.node;
    convertIssues = fast.issues;
  } else {
    issues.push(...yamlIssues([...doc!.errors, ...doc!.warnings], text));
    convertIssues = [];
    node = fromYaml(doc!.contents as never, 0, new Map(), convertIssues, base);
  }
  for (const ci of convertIssues) issues.push({ ...ci, end: ci.code === 'CL002' ? Math.max(ci.end, keyEnd(text, ci.start)) : ci.end, severity: 'error' });
  if (asItem) {
    // An item chunk is `- …` alone: a one-item sequence. Keep the item.
    node = node.kind === 'seq' && node.items.length === 1 ? node.items[0] : node;
  }
  return { text, base, node, issues, memo: new Map() };
}

/**
 * Syntax errors of one piece of text, the first MAX_SYNTAX_ISSUES of them. Past a broken document end `yaml` reports
 * every later token (a fuzzed 900 KB document gave ~28,000 "Unexpected scalar token in YAML stream"): the first ones
 * say where the text breaks, the rest repeat it, and each costs a finding, a diagnostic and its share of every
 * publish. One more issue says how many were left out.
 */
function yamlIssues(errors: readonly YAMLError[], text: string): SyntaxIssue[] {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const issues = sorted.slice(0, MAX_SYNTAX_ISSUES).map((e) => fromYamlError(e, text));
  if (sorted.length > MAX_SYNTAX_ISSUES) {
    const next = sorted[MAX_SYNTAX_ISSUES].pos[0];
    const more = sorted.length - MAX_SYNTAX_ISSUES;
    issues.push({ code: 'CL001', severity: 'error', message: `${more.toLocaleString('en-US')} more YAML syntax errors from here on are not reported: fix the ones above first (they are often the cause).`, start: next, end: Math.min(text.length, next + 1) });
  }
  return issues;
}

function fromYamlError(e: YAMLError, text: string): SyntaxIssue {
  const [start, yamlEnd] = e.pos;
  const duplicate = e.code === 'DUPLICATE_KEY';
  // `yaml` marks only the first character of a duplicate key: highlight the whole key.
  const end = duplicate ? keyEnd(text, start) : yamlEnd;
  return {
    code: duplicate ? 'CL002' : 'CL001',
    severity: e.name === 'YAMLWarning' ? 'warning' : 'error',
    message: duplicate ? 'Duplicate key: a key may appear only once in a mapping (the last one would silently win).' : cleanMessage(e.message),
    start,
    end: Math.max(end, start + 1),
  };
}

/** End of the mapping key starting at `start`: a quoted key to its closing quote, a plain key up to `: ` or the line end. */
function keyEnd(text: string, start: number): number {
  const q = text[start];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, start + 1);
    return close === -1 ? start + 1 : close + 1;
  }
  const m = /^[^\n]*?(?=\s*:(?:\s|$))/.exec(text.slice(start, start + 1024));
  return m && m[0].length > 0 ? start + m[0].length : start + 1;
}

/** `yaml` messages may end with a source excerpt or position; the finding carries the position already. */
function cleanMessage(message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  return first.endsWith('.') ? first : first + '.';
}

function absoluteIssues(chunk: Chunk): SyntaxIssue[] {
  return chunk.issues.map((i) => ({ ...i, start: i.start + chunk.base, end: i.end + chunk.base }));
}

function assemble(text: string, head: Chunk, items: Chunk[], tail: Chunk | undefined, split: SchemaSplit): ParsedYaml | undefined {
  const pieces = tail ? [head, ...items, tail] : [head, ...items];
  // An anchor defined in one piece and used in another cannot be resolved piecewise: parse the whole text.
  if (pieces.some((c) => c.issues.some((i) => i.message.startsWith('Unknown anchor')))) return undefined;
  if (head.node.kind !== 'map' || (tail && tail.node.kind !== 'map' && !isEmpty(tail.node))) return undefined;
  if (items.some((c) => c.node.kind !== 'map' && c.node.kind !== 'scalar')) return undefined;
  const schemaPair = getPair(head.node, 'schema');
  if (!schemaPair || head.node.pairs[head.node.pairs.length - 1] !== schemaPair) return undefined;

  const seq: YSeq = { kind: 'seq', start: split.itemStarts[0] + split.indent, end: Math.max(...items.map((c) => c.node.end)), items: items.map((c) => c.node), flow: false };
  const tailPairs = tail && tail.node.kind === 'map' ? tail.node.pairs : [];
  const root: YMap = {
    kind: 'map',
    start: head.node.start,
    end: tailPairs.length ? tail!.node.end : seq.end,
    pairs: [...head.node.pairs.slice(0, -1), { key: schemaPair.key, value: seq, start: schemaPair.start, end: seq.end }, ...tailPairs],
    flow: false,
  };
  const issues = pieces.flatMap(absoluteIssues);
  // Duplicate top-level keys split between head and tail are invisible to each piece's parser.
  const seen = new Set(head.node.pairs.map(keyText));
  for (const p of tailPairs) {
    if (seen.has(keyText(p))) issues.push({ code: 'CL002', severity: 'error', message: DUPLICATE_KEY_MESSAGE, start: p.key.start, end: p.key.end });
    seen.add(keyText(p));
  }
  return { text, root, issues, schemaChunks: items, frameChunks: tail ? [head, tail] : [head] };
}

function isEmpty(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

interface SchemaSplit {
  /** Offsets where each `schema:` item starts (at its line start). */
  itemStarts: number[];
  /** Offset of the first line after the `schema:` block. */
  blockEnd: number;
  /** Indentation of the `-` of each item. */
  indent: number;
}

/**
 * Finds the top-level `schema:` block sequence and its items by looking at line starts only. Returns undefined when
 * the text has anything that could make such a line-based cut differ from what a YAML parser sees.
 */
export function splitAtSchemaItems(text: string): SchemaSplit | undefined {
  if (text.length < 4096) return undefined; // small texts parse in well under a millisecond
  if (/^(---|\.\.\.|%)/m.test(text) || text.includes('\t')) return undefined;
  const m = /^schema:[ ]*(#.*)?\r?$/m.exec(text);
  if (!m) return undefined;
  let pos = m.index + m[0].length + 1;
  let indent = -1;
  const itemStarts: number[] = [];
  // Character codes, not sliced lines: this scan runs over the whole text on every keystroke.
  const len = text.length;
  while (pos < len) {
    let i = pos;
    while (i < len && text.charCodeAt(i) === SPACE) i++;
    const c = i < len ? text.charCodeAt(i) : NEWLINE;
    const lineIndent = i - pos;
    const item = c === DASH && (i + 1 >= len || [SPACE, NEWLINE, CR].includes(text.charCodeAt(i + 1)));
    if (c === NEWLINE || c === CR || c === HASH) {
      // blank or comment: belongs to the current piece
    } else if (lineIndent === 0 && !(indent === 0 && item)) {
      break; // next top-level key: the block ends here
    } else if (indent === -1) {
      if (!item) return undefined;
      indent = lineIndent;
      itemStarts.push(pos);
    } else if (lineIndent === indent && item) {
      itemStarts.push(pos);
    } else if (lineIndent <= indent) {
      return undefined; // something at the item level that is not an item: let the full parser judge it
    }
    const nl = text.indexOf('\n', i);
    pos = nl === -1 ? len : nl + 1;
  }
  if (itemStarts.length < 2) return undefined;
  // The head's `schema:` must be the last key before the items, and the block's end must be a line start.
  return { itemStarts, blockEnd: Math.min(pos, text.length), indent };
}

const SPACE = 32, NEWLINE = 10, CR = 13, HASH = 35, DASH = 45;

/** Plain JS of the whole document for validators; item chunks keep their converted value between keystrokes. */
export function documentToJS(parsed: ParsedYaml): { value: unknown; aliasLimitAt?: YAlias } {
  if (parsed.schemaChunks.length === 0) {
    const budget = newBudget();
    const value = toJS(parsed.root, budget);
    return { value, aliasLimitAt: budget.exceededAt };
  }
  const root = parsed.root as YMap;
  const budget = newBudget();
  const obj = toJS({ ...root, pairs: root.pairs.filter((p) => keyText(p) !== 'schema') }, budget) as Record<string, unknown>;
  let aliasLimitAt = budget.exceededAt;
  // Anchors never cross chunks (see assemble), so each item has its own alias budget and its value can be cached.
  obj.schema = parsed.schemaChunks.map((c) => {
    if (c.js === undefined) {
      const itemBudget = newBudget();
      c.js = { value: toJS(c.node, itemBudget), aliasLimitAt: itemBudget.exceededAt };
    }
    const cached = c.js as { value: unknown; aliasLimitAt?: YAlias };
    aliasLimitAt ??= cached.aliasLimitAt;
    return cached.value;
  });
  return { value: obj, aliasLimitAt };
}

export { emptyScalar };
