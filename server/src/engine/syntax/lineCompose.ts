/**
 * YNodes straight from the text, line by line, for the plainest block YAML: the fastest path of parsing.
 *
 * Why: even without `yaml`'s composer (cstCompose.ts), its lexer and CST parser were most of the time to the first
 * diagnostics of a large contract: nested generators that allocate an iterator result per token and a token object
 * per space, line break and indicator (~500 MB of short-lived garbage and ~50 young-generation collections for the
 * 1.5 MB of a 50,000-line contract; docs/ARCHITECTURE.md, "The first open"). Most of a contract is lines of three
 * shapes: `key: value`, `key:` opening a block, and `- …` items. This module reads those lines directly.
 *
 * The rule is cstCompose.ts's: it accepts only texts whose result it reproduces EXACTLY as `yaml`'s parser and
 * composer followed by convert.ts would (node kinds, offsets, values, styles, duplicate-key issues), and only where
 * they would report no error and no warning. On anything else it returns undefined and the caller takes the CST path.
 * Scalar values are resolved by `yaml`'s own code (quoted scalars by CST.resolveAsScalar, tags by the composer's
 * schema, shared with cstCompose.ts). test/engine/syntax/lineCompose.test.ts compares it with a fresh `yaml` parse
 * over edge cases, the ODCS corpus, the repository's contracts, generated ones and thousands of fuzzed ones.
 *
 * Accepted: block mappings with plain keys, block sequences (also at their key's indentation, `key:\n- a`), compact
 * mappings in items (`- name: x`), single-line plain and quoted scalars, block scalars (`|`, `|-`, `>`, `>-`), empty
 * values, blank lines, comments after a value on its line, comment lines (placed as the parser places them), LF and
 * CRLF line ends. Not accepted (the CST path decides): comment lines after an empty value, block scalars with an
 * indentation indicator, `+` or a comment (and any in a CRLF text), flow collections, anchors, aliases, tags, quoted
 * or explicit keys, multi-line scalars, tabs, a CR not before a LF, control and format characters, lone surrogates,
 * document markers and directives, and every indentation that is not exactly a block's.
 *
 * Offsets follow what the composer records (cstCompose.ts explains the CST's side): a scalar written on its line
 * ends its entry after the line break, so a block ends after its last line's break; an empty value sits after its
 * indicator and the spaces that follow it, and an entry with one ends there.
 */
import { CST } from 'yaml';
import type { YMap, YNode, YPair, YScalar, YSeq } from './ast.js';
import { duplicateKeyIssue, keyValue, KeysSeen, normalizeScalar, type ConvertIssue } from './convert.js';
import { FALLBACK, onScalarError, resolveScalar, resolverFor, type FastTree, type Resolver } from './cstCompose.js';

type Options = Parameters<typeof resolverFor>[0];

/**
 * Characters whose handling this module does not reproduce: tabs, a CR that does not end a line (guardText turns lone
 * CRs into LFs), C0 and C1 controls (`yaml` reads NEL as a line break), BOM, the Unicode line and paragraph
 * separators, surrogates (a lone one is not a character), and document markers and directives at a line start.
 */
const DECLINED = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]|\r(?!\n)|^(?:---|\.\.\.|%)/m;

/** Deeper nesting than contracts use (limits.ts keeps texts under 100 block levels): the CST path measures it. */
const MAX_DEPTH = 200;
/** `yaml` reports an implicit key that starts more than 1024 characters before its `:`; those are left to it. */
const MAX_KEY_CHARS = 1000;

const NL = 10, CR = 13, SPACE = 32, DQUOTE = 34, HASH = 35, SQUOTE = 39, DASH = 45, COLON = 58, GT = 62, QUESTION = 63, PIPE = 124;

/** Block scalar headers read here: literal or folded, clipped or stripped (no indentation indicator, no `+`). */
const BLOCK_HEADER = /[|>]-?(?= *\n)/y;

/**
 * Characters a plain scalar cannot start with (`yaml` reads an indicator, or reports BAD_SCALAR_START): `# [ ] { } *
 * & ! | > % @ `` ` and `,`. Quotes are read as quoted scalars; `-`, `?` and `:` only when a space or line end follows.
 */
const NOT_PLAIN_START = new Set([...'#[]{}*&!|>%@`,'].map((c) => c.charCodeAt(0)));

/** State of one composition (module-level, as in cstCompose.ts: no closure or context object per node). */
let src = '';
let len = 0;
let base = 0;
let issues: ConvertIssue[] = [];
let resolver: Resolver;
let depth = 0;
/** Where the entry composed last ends: after its line break for a value on its line, at an empty value otherwise. */
let lastEnd = 0;
/** The raw (resolved, not stringified) value of the key composed last: duplicate keys compare these, as convert.ts. */
let lastKeyValue: unknown;
/** The line the reader is at: its start and indentation; `indent` is -1 past the last line with content. */
let lineStart = 0;
let indent = -1;
/** The text has CRLF line ends (block scalars then go to the CST path: the lexer reads their CRs its own way). */
let crlf = false;
/** Where the reader started looking for that line: blank and comment lines between are part of the next key's tokens. */
let seekFrom = 0;
/** The comment lines the reader passed to get there (since the last line with content): indentations, ends. */
const gapIndents: number[] = [];
const gapEnds: number[] = [];
let gapCount = 0;
/**
 * Comment lines not attached to a scalar, carried upward as `yaml`'s parser carries them: the greatest indentation
 * among them, -1 when there are none. See settleComments.
 */
let carried = -1;

/** The YNode tree of `text` with node offsets plus `offsetBase`; undefined when the CST path must decide. */
export function composeFromText(text: string, options: Options, offsetBase: number): FastTree | undefined {
  if (DECLINED.test(text)) return undefined;
  src = text;
  len = text.length;
  base = offsetBase;
  issues = [];
  resolver = resolverFor(options);
  depth = 0;
  carried = -1;
  crlf = text.includes('\r');
  try {
    seekContent(0); // comment lines before the first line with content belong to the document: no effect
    if (indent < 0) return undefined; // empty, or blank lines only: the composer's empty document
    const node = composeBlock(indent, false);
    if (indent !== -1) return undefined; // a line indented less than the first one
    return { node, issues };
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  } finally {
    src = '';
    issues = [];
  }
}

/**
 * Moves the reader to the first line with content at or after `from` (a line start), noting the comment lines it
 * passes (gapIndents/gapEnds). Blank lines and lines of spaces change nothing in the result: the parser hands them
 * upward as empty items. Comment lines can, depending on where they stand (lineValue, settleComments).
 */
function seekContent(from: number): void {
  let p = from;
  seekFrom = from;
  gapCount = 0;
  while (p < len) {
    let i = p;
    while (i < len && src.charCodeAt(i) === SPACE) i++;
    if (i >= len) break;
    const c = at(i);
    if (c === NL) {
      p = afterLineEnd(i);
      continue;
    }
    if (c === HASH) {
      gapIndents[gapCount] = i - p;
      const nl = src.indexOf('\n', i);
      p = nl === -1 ? len : nl + 1;
      gapEnds[gapCount++] = p;
      continue;
    }
    lineStart = p;
    indent = i - p;
    return;
  }
  lineStart = len;
  indent = -1;
}

/** The character at `i`, NL for the CR of a CRLF and past the end: a line end reads as NL wherever it is tested. */
function at(i: number): number {
  if (i >= len) return NL;
  const c = src.charCodeAt(i);
  return c === CR ? NL : c; // DECLINED lets only CRs of CRLF through
}

/** The offset after the line end at `i` (LF or CRLF), or the text's end. */
function afterLineEnd(i: number): number {
  return i >= len ? len : src.charCodeAt(i) === CR ? i + 2 : i + 1;
}

/** `-` followed by a space or a line end (or the text's end): a sequence item indicator. */
function isItemIndicator(p: number): boolean {
  if (src.charCodeAt(p) !== DASH) return false;
  const next = at(p + 1);
  return next === SPACE || next === NL;
}

/** The block whose first line the reader is at, at column `col`. */
function composeBlock(col: number, seqAtKeyIndent: boolean): YMap | YSeq {
  if (++depth > MAX_DEPTH) throw FALLBACK;
  const first = lineStart + col;
  const node = isItemIndicator(first) ? composeSeq(col, first, seqAtKeyIndent) : composeMap(col, first);
  depth--;
  return node;
}

function composeMap(col: number, firstKey: number): YMap {
  const pairs: YPair[] = [];
  const keys = new KeysSeen();
  let keyAt = firstKey;
  for (;;) {
    const colon = keyColon(keyAt);
    // `yaml` measures the 1024 characters from the blank and comment lines before the key (KEY_OVER_1024_CHARS).
    if (colon - seekFrom > MAX_KEY_CHARS) throw FALLBACK;
    const keyNode = plainScalar(keyAt, colon, true);
    if (keys.add(lastKeyValue)) issues.push(duplicateKeyIssue(keyNode, base));
    let p = colon + 1;
    while (p < len && src.charCodeAt(p) === SPACE) p++;
    let value: YNode;
    if (at(p) === NL) {
      // Nothing after the `:` on this line: a block below, a sequence at the key's indentation, or an empty value.
      seekContent(afterLineEnd(p));
      if (indent > col) value = composeBlock(indent, false);
      else if (indent === col && isItemIndicator(lineStart + col)) value = composeBlock(col, true);
      else value = emptyValue(p);
    } else {
      value = lineValue(p, col);
    }
    pairs.push({ key: keyNode, value, start: keyNode.start, end: Math.max(keyNode.end, value.end) });
    if (indent !== col) break;
    keyAt = lineStart + col;
    if (isItemIndicator(keyAt)) throw FALLBACK; // an item where a key belongs
    carried = -1; // comment lines before the next key start its entry
  }
  if (indent > col) throw FALLBACK; // more indented than the block and not a value: a continuation or an error
  const end = lastEnd;
  settleComments(col);
  return { kind: 'map', start: firstKey + base, end: end + base, pairs, flow: false };
}

/**
 * A block sequence whose first `-` is at `firstDash`. One at its key's indentation (`key:\n- a`) ends at the next line
 * of that indentation that is not an item; any other ends at a line indented less.
 */
function composeSeq(col: number, firstDash: number, atKeyIndent: boolean): YSeq {
  const items: YNode[] = [];
  let dash = firstDash;
  for (;;) {
    let p = dash + 1;
    while (p < len && src.charCodeAt(p) === SPACE) p++;
    if (at(p) === NL) {
      seekContent(afterLineEnd(p));
      items.push(indent > col ? composeBlock(indent, false) : emptyValue(p));
    } else if (isItemIndicator(p)) {
      throw FALLBACK; // `- - a`
    } else if (startsKey(p)) {
      // A compact mapping (`- name: x`): its keys are at the column of the first one.
      if (++depth > MAX_DEPTH) throw FALLBACK;
      items.push(composeMap(p - lineStart, p));
      depth--;
    } else {
      items.push(lineValue(p, col));
    }
    if (indent !== col) break;
    dash = lineStart + col;
    if (!isItemIndicator(dash)) {
      if (atKeyIndent) break; // the next key of the mapping this sequence is a value of
      throw FALLBACK;
    }
    carried = -1; // comment lines before the next item start it
  }
  if (indent > col) throw FALLBACK;
  const end = lastEnd;
  settleComments(col);
  return { kind: 'seq', start: firstDash + base, end: end + base, items, flow: false };
}

/**
 * A block at column `col` ends with comment lines carried (see lineValue): `yaml`'s parser leaves them in the block
 * as an entry of their own when one of them is indented as far as the block or further (and the block is not at
 * column 0); the composer then ends the block's last entry where the next line's content starts. Otherwise they move
 * on to the enclosing block, which decides the same way when it ends, or start its next entry (no effect).
 */
function settleComments(col: number): void {
  if (carried < 0 || col === 0 || carried < col) return;
  lastEnd = indent >= 0 ? lineStart + indent : len;
  carried = -1;
}

/**
 * The empty value of `key:` or `-` with nothing after it: a null scalar after the indicator and its spaces. Comment
 * lines after an empty value belong to its indicator's tokens and move where the value ends: declined.
 */
function emptyValue(at: number): YScalar {
  if (gapCount > 0) throw FALLBACK;
  lastEnd = at;
  return { kind: 'scalar', start: at + base, end: at + base, value: null, style: 'plain' };
}

/**
 * Whether the line from `p` is `key: …` with a plain key: a `:` followed by a space or the line end, before any
 * comment. A quoted start is not a plain key (a quoted key is declined by lineValue).
 */
function startsKey(p: number): boolean {
  const c = src.charCodeAt(p);
  if (c === DQUOTE || c === SQUOTE) return false;
  for (let i = p; i < len; i++) {
    const ch = at(i);
    if (ch === NL) return false;
    if (ch === COLON) {
      const next = at(i + 1);
      if (next === SPACE || next === NL) return true;
    } else if (ch === HASH && src.charCodeAt(i - 1) === SPACE) return false;
  }
  return false;
}

/** The offset of the `:` that ends the plain key starting at `p`; declines any other shape of key. */
function keyColon(p: number): number {
  checkPlainStart(p);
  for (let i = p; i < len && i - p <= MAX_KEY_CHARS; i++) {
    const ch = at(i);
    if (ch === NL) break;
    if (ch === COLON) {
      const next = at(i + 1);
      if (next === SPACE || next === NL) {
        if (src.charCodeAt(i - 1) === SPACE) break; // `key :`: left to the CST path
        return i;
      }
    } else if (ch === HASH && src.charCodeAt(i - 1) === SPACE) break;
  }
  throw FALLBACK;
}

function checkPlainStart(p: number): void {
  const c = src.charCodeAt(p);
  if (NOT_PLAIN_START.has(c) || c === DQUOTE || c === SQUOTE) throw FALLBACK;
  if (c === DASH || c === QUESTION || c === COLON) {
    const next = at(p + 1);
    if (next === SPACE || next === NL) throw FALLBACK;
  }
}

/**
 * A scalar written after `key: ` or `- ` on its line, then optional spaces and a comment, in a block at column `col`.
 * Sets lastEnd after the line break and moves the reader to the next line with content.
 *
 * Comment lines before that line are placed as `yaml`'s parser places them: those indented more than the block, up
 * to the first one that is not, belong to the scalar (its entry then ends after the last of them); the rest are
 * carried (settleComments).
 */
function lineValue(p: number, col: number): YScalar {
  const c = src.charCodeAt(p);
  if (c === PIPE || c === GT) return blockScalar(p, col);
  let node: YScalar;
  let end: number;
  if (c === DQUOTE || c === SQUOTE) {
    end = closingQuote(p, c) + 1;
    const token = { type: c === DQUOTE ? 'double-quoted-scalar' : 'single-quoted-scalar', offset: p, indent: 0, source: src.slice(p, end) } as CST.FlowScalar;
    const { value } = CST.resolveAsScalar(token, true, onScalarError)!;
    node = scalarNode(p, end, resolveScalar(resolver, value, false, false), 'quoted', false);
  } else {
    checkPlainStart(p);
    end = p;
    for (let i = p; i < len; i++) {
      const ch = at(i);
      if (ch === NL) break;
      if (ch === COLON) {
        const next = at(i + 1);
        if (next === SPACE || next === NL) throw FALLBACK; // `key: a: b`, a mapping where a value belongs
      } else if (ch === HASH && src.charCodeAt(i - 1) === SPACE) break;
      if (ch !== SPACE) end = i + 1;
    }
    node = plainScalar(p, end, false);
  }
  // The rest of the line: spaces, then a comment (after at least one space) or the line end.
  let q = end;
  while (q < len && src.charCodeAt(q) === SPACE) q++;
  if (q < len && src.charCodeAt(q) === HASH) {
    if (q === end) throw FALLBACK; // a comment must follow white space (MISSING_CHAR)
    q = src.indexOf('\n', q);
    if (q === -1) q = len;
  } else if (at(q) !== NL) {
    throw FALLBACK; // anything else after a quoted scalar (`"a": b`, `"a"b`)
  }
  lastEnd = afterLineEnd(q);
  seekContent(lastEnd);
  let i = 0;
  while (i < gapCount && gapIndents[i] > col) lastEnd = gapEnds[i++];
  carryComments(i);
  return node;
}

/**
 * A block scalar (`|`, `|-`, `>`, `>-` and nothing else on its line) in a block at column `col`. Its lines are the ones
 * `yaml`'s lexer takes (blockScalarEnd); its value and range are `yaml`'s own, from resolveAsScalar on the token the
 * parser would have built. Comment lines after it are all carried: the parser attaches none to a block scalar.
 */
function blockScalar(p: number, col: number): YScalar {
  if (crlf) throw FALLBACK;
  BLOCK_HEADER.lastIndex = p;
  const header = BLOCK_HEADER.exec(src);
  if (!header) throw FALLBACK;
  const headerEnd = p + header[0].length;
  const nl = src.indexOf('\n', headerEnd);
  const props: CST.SourceToken[] = [{ type: 'block-scalar-header', offset: p, indent: col, source: header[0] }];
  if (nl > headerEnd) props.push({ type: 'space', offset: headerEnd, indent: col, source: src.slice(headerEnd, nl) });
  props.push({ type: 'newline', offset: nl, indent: col, source: '\n' });
  const contentStart = nl + 1;
  const contentEnd = blockScalarEnd(contentStart, col + 1);
  const token: CST.BlockScalar = { type: 'block-scalar', offset: p, indent: col, props, source: src.slice(contentStart, contentEnd) };
  const { value, range } = CST.resolveAsScalar(token, true, onScalarError)!;
  const node = scalarNode(range[0], range[1], resolveScalar(resolver, value, false, false), 'block', false);
  lastEnd = range[2];
  seekContent(contentEnd);
  carryComments(0);
  return node;
}

/** The comment lines the reader passed, from the `from`th on, are carried (settleComments). */
function carryComments(from: number): void {
  carried = -1;
  for (let i = from; i < gapCount; i++) if (gapIndents[i] > carried) carried = gapIndents[i];
}

/**
 * Where the content of a block scalar starting at `pos` (the line after its header) ends: `yaml`'s
 * Lexer.parseBlockScalar with its state as it is here (the whole text at hand, no indentation indicator, no `+`, no
 * tab or CR in the text), `indentNext` being the block's column plus one. Lines indented at least as far as the first
 * line with content belong to it; trailing blank lines do not.
 */
function blockScalarEnd(pos: number, indentNext: number): number {
  let nl = pos - 1;
  let indent = 0;
  for (let i = pos; i < len; i++) {
    const ch = src.charCodeAt(i);
    if (ch === SPACE) indent++;
    else if (ch === NL) {
      nl = i;
      indent = 0;
    } else break;
  }
  if (indent >= indentNext) {
    const contentIndent = indent;
    do {
      // Lexer.continueScalar: the next line continues the scalar if it is empty or indented enough.
      const offset = nl + 1;
      let sp = 0;
      while (offset + sp < len && src.charCodeAt(offset + sp) === SPACE) sp++;
      const ch = offset + sp < len ? src.charCodeAt(offset + sp) : -1;
      if (!(ch === NL || sp >= contentIndent)) break;
      nl = src.indexOf('\n', offset + sp);
    } while (nl !== -1);
    if (nl === -1) nl = len;
  }
  // Trailing lines that are not more indented than the content are dropped (not `+`, keep).
  for (;;) {
    let i = nl - 1;
    let ch = i >= 0 ? src.charCodeAt(i) : -1;
    const lastChar = i;
    while (ch === SPACE) ch = src.charCodeAt(--i);
    if (ch === NL && i >= pos && i + 1 + indent > lastChar) nl = i;
    else break;
  }
  return Math.min(nl + 1, len);
}

/** The offset of the quote closing the quoted scalar that opens at `p`, on the same line; declines otherwise. */
function closingQuote(p: number, quote: number): number {
  for (let i = p + 1; i < len; i++) {
    const ch = at(i);
    if (ch === NL) break; // a multi-line quoted scalar
    if (quote === DQUOTE && ch === 92 /* \ */) {
      if (at(i + 1) === NL) break; // an escaped line break: multi-line
      i++;
      continue;
    }
    if (ch === quote) {
      if (quote === SQUOTE && i + 1 < len && src.charCodeAt(i + 1) === SQUOTE) {
        i++; // '' is an escaped quote
        continue;
      }
      return i;
    }
  }
  throw FALLBACK;
}

function plainScalar(start: number, end: number, atKey: boolean): YScalar {
  const raw = resolveScalar(resolver, src.slice(start, end), true, atKey);
  return scalarNode(start, end, raw, 'plain', atKey);
}

function scalarNode(start: number, end: number, raw: unknown, style: YScalar['style'], atKey: boolean): YScalar {
  if (atKey) lastKeyValue = raw;
  const v = normalizeScalar(raw);
  return { kind: 'scalar', start: start + base, end: end + base, value: atKey ? keyValue(v) : v, style };
}
