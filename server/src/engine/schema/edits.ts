/**
 * Text edits for the structure quick fixes: remove a whole `key: value` entry (with its lines), insert a missing
 * `key: placeholder` at the right indentation, replace a key or a value. Block and flow style both handled; line
 * endings follow the document (CRLF stays CRLF).
 */
import type { TextEdit } from '../findings.js';
import type { YMap, YPair, YScalar } from '../syntax/ast.js';
import { lineStartOf } from '../text/lines.js';

function lineStart(text: string, offset: number): number {
  return lineStartOf(text, offset);
}

/** Offset just past the newline that ends the line holding `offset - 1` (the last character of a node). */
function pastLineEnd(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end; // block scalars end after their newline
  const nl = text.indexOf('\n', end);
  return nl === -1 ? text.length : nl + 1;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function removePairEdit(text: string, map: YMap, pair: YPair): TextEdit {
  const index = map.pairs.indexOf(pair);
  const next = map.pairs[index + 1];
  const valueEnd = Math.max(pair.value.end, pair.key.end);
  if (map.flow) {
    if (next) return { range: { start: pair.key.start, end: next.key.start }, newText: '' };
    const prev = map.pairs[index - 1];
    return { range: { start: prev ? Math.max(prev.value.end, prev.key.end) : pair.key.start, end: valueEnd }, newText: '' };
  }
  const ls = lineStart(text, pair.key.start);
  const before = text.slice(ls, pair.key.start);
  if (/^[ \t]*$/.test(before)) return { range: { start: ls, end: pastLineEnd(text, valueEnd) }, newText: '' };
  // The key shares its line with a sequence dash (`- key: value`): pull the next key up onto the dash instead.
  if (next) return { range: { start: pair.key.start, end: next.key.start }, newText: '' };
  const end = pastLineEnd(text, valueEnd);
  return { range: { start: pair.key.start, end: text[end - 1] === '\n' ? end - (text[end - 2] === '\r' ? 2 : 1) : end }, newText: '' };
}

/** Inserts `key: placeholder` as the last entry of `map`; undefined when the map has no entry to align with. */
export function insertPairEdit(text: string, map: YMap, key: string, placeholder: string): TextEdit | undefined {
  const entry = `${key}: ${placeholder}`;
  if (map.flow) {
    const lastPair = map.pairs[map.pairs.length - 1];
    if (lastPair) {
      const at = Math.max(lastPair.value.end, lastPair.key.end);
      return { range: { start: at, end: at }, newText: `, ${entry}` };
    }
    const close = text.lastIndexOf('}', map.end);
    return close < map.start ? undefined : { range: { start: close, end: close }, newText: entry };
  }
  const first = map.pairs[0];
  const last = map.pairs[map.pairs.length - 1];
  if (!first || !last) return undefined;
  const indent = first.key.start - lineStart(text, first.key.start);
  const nl = eol(text);
  const after = pastLineEnd(text, Math.max(last.value.end, last.key.end));
  if (after === text.length && !text.endsWith('\n')) return { range: { start: after, end: after }, newText: `${nl}${' '.repeat(indent)}${entry}` };
  return { range: { start: after, end: after }, newText: `${' '.repeat(indent)}${entry}${nl}` };
}

/** Replaces a scalar keeping its quoting style. */
export function replaceScalarEdit(text: string, node: YScalar, value: string): TextEdit {
  const raw = text.slice(node.start, node.end);
  const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
  return { range: { start: node.start, end: node.end }, newText: `${quote}${value}${quote}` };
}
