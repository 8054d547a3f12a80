/** Small helpers shared by the semantic rules: building findings, walking properties, "did you mean", offsets. */
import type { Finding, Fix, RelatedLocation, Severity } from '../findings.js';
import type { Contract, Property, SchemaObject } from '../model/types.js';
import { asScalar, type YNode } from '../syntax/ast.js';
import { catalogSeverity } from './catalog.js';
import { flatCopy } from '../syntax/strings.js';

export interface FindingExtras {
  related?: RelatedLocation[];
  fixes?: Fix[];
  severity?: Severity;
}

/** A finding on a node (or an explicit offset range), with the catalog's severity unless overridden. */
export function findingAt(code: string, message: string, at: YNode | { start: number; end: number }, extras: FindingExtras = {}): Finding {
  const f: Finding = { code, severity: extras.severity ?? catalogSeverity(code), message, range: { start: at.start, end: Math.max(at.start, at.end) } };
  if (extras.related?.length) f.related = extras.related;
  if (extras.fixes?.length) f.fixes = extras.fixes;
  return f;
}

/** A fix replacing a node's text (quoted when the original was quoted, so the YAML stays valid). */
export function replaceFix(title: string, node: YNode, text: string, newValue: string): Fix {
  const src = text.slice(node.start, node.end);
  const quote = src.startsWith('"') ? '"' : src.startsWith("'") ? "'" : '';
  return { title, edits: [{ range: { start: node.start, end: node.end }, newText: quote + newValue + quote }], preferred: true };
}

/** Every property of a schema object, nested ones (object properties, array items) included, depth first. */
export function* allProperties(props: readonly Property[]): Generator<Property> {
  const stack: Property[] = [...props].reverse();
  while (stack.length) {
    const p = stack.pop()!;
    yield p;
    const kids = p.items ? [...p.properties, p.items] : p.properties;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

export function* allSchemaProperties(contract: Contract): Generator<[SchemaObject, Property]> {
  for (const s of contract.schemas) for (const p of allProperties(s.properties)) yield [s, p];
}

/** Levenshtein distance, bounded: returns max+1 as soon as the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate ("did you mean"), case-insensitive, when it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), max);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

export function didYouMean(s: string | undefined): string {
  return s ? ` (did you mean \`${s}\`?)` : '';
}

/**
 * Maps an index in a scalar's value to an offset in the document text, so a finding can point inside a string
 * (a regex error, a SQL syntax error). Handles plain, quoted and block scalars over several lines; when the source
 * cannot be lined up with the value, indexes are clamped to the node.
 */
export function valueIndexToOffset(text: string, node: YNode): (index: number) => number {
  const s = asScalar(node);
  if (!s || typeof s.value !== 'string') return () => node.start;
  const value = s.value;
  const src = text.slice(s.start, s.end);
  const clamp = (o: number) => Math.max(s.start, Math.min(o, s.end));
  if (src === value) return (i) => clamp(s.start + i);
  const segments: { index: number; offset: number }[] = [];
  if (s.style === 'quoted') {
    // Walk the quoted source decoding escapes ('' in single quotes, \x in double quotes) one value char at a time.
    const q = src[0];
    let index = 0;
    for (let k = 1; k < src.length - 1; k++) {
      segments.push({ index, offset: s.start + k });
      if (q === "'" && src[k] === "'" && src[k + 1] === "'") k++;
      else if (q === '"' && src[k] === '\\') k++;
      index++;
    }
    // Just past the last character: the closing quote.
    segments.push({ index, offset: s.start + src.length - 1 });
    return (i) => clamp(segments[Math.min(i, segments.length - 1)].offset);
  }
  // Plain multi-line or block scalars: each source line contributes its text after the indentation; the line
  // break between two lines is one value character (newline or folding space).
  const lines = src.split('\n');
  let lineOffset = s.start;
  let first = 0;
  let indent = 0;
  if (s.style === 'block') {
    lineOffset += lines[0].length + 1;
    first = 1;
    const m = /[1-9]/.exec(lines[0]);
    const firstContent = lines.slice(1).find((l) => l.trim() !== '');
    indent = m ? Number(m[0]) + baseIndent(text, s.start) : firstContent ? firstContent.length - firstContent.trimStart().length : 0;
  }
  // Folding (plain scalars and `>` blocks): a run of blank lines becomes that many newlines and swallows the folding
  // space of the break before it; plain scalars also drop trailing spaces.
  const folding = s.style === 'plain' || src.startsWith('>');
  let index = 0;
  let prevBlank = false;
  for (let k = first; k < lines.length; k++) {
    const line = lines[k].replace(/\r$/, '');
    const blank = line.trim() === '';
    if (folding && blank) {
      if (prevBlank) index++;
      prevBlank = true;
      lineOffset += lines[k].length + 1;
      continue;
    }
    prevBlank = false;
    const skip = s.style === 'block' ? Math.min(indent, line.length) : k === 0 ? 0 : line.length - line.trimStart().length;
    const length = (s.style === 'plain' ? line.trimEnd().length : line.length) - skip;
    segments.push({ index, offset: lineOffset + skip });
    index += Math.max(0, length) + 1;
    lineOffset += lines[k].length + 1;
  }
  return (i) => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].index <= i) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    return seg ? clamp(seg.offset + (i - seg.index)) : s.start;
  };
}

/** Indentation of the line holding `offset` (a block scalar's explicit indentation indicator is relative to it). */
function baseIndent(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let n = 0;
  while (text[lineStart + n] === ' ') n++;
  // The parent key sits at this indentation; for `- key: |2` the item dash counts too.
  const m = /^(\s*-\s+)/.exec(text.slice(lineStart, offset));
  return m ? m[1].length : n;
}

/** Compiled regular expressions, cached by source: rules run on every keystroke. */
const regexCache = new Map<string, RegExp | SyntaxError>();

export function compileRegex(pattern: string): RegExp | SyntaxError {
  let r = regexCache.get(pattern);
  if (r === undefined) {
    // A pattern cut from a document: the cache keeps a copy of its own, not that version of the document.
    pattern = flatCopy(pattern);
    try {
      r = new RegExp(pattern);
    } catch (e) {
      r = e instanceof SyntaxError ? e : new SyntaxError(String(e));
    }
    if (regexCache.size > 2000) regexCache.clear();
    regexCache.set(pattern, r);
  }
  return r;
}

export function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
