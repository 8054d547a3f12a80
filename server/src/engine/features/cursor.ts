/**
 * What the cursor is on, for completion: a key being typed in some mapping, or a value being typed after `key:`.
 *
 * While a user types, the line under the cursor is usually not valid YAML yet (`  logi` has no colon; a blank line
 * belongs to no node). So the cursor line is read as text, and the mapping it belongs to is found from indentation:
 * the nearest line above with a key at the same column is a sibling (same mapping), the nearest line above that is
 * less indented and ends in `key:` is the parent. Only those other lines are looked up in the parsed tree.
 */
import type { Range } from '../findings.js';
import { asMap, asSeq, pathAtOffset, resolve, type YMap, type YNode, type YPair } from '../syntax/ast.js';
import { lineEndOf, lineStartOf, linesAbove } from '../text/lines.js';
import { jsonPathOf, type JsonPath } from './common.js';

/** Longer cursor lines are not completed: nobody types a key or an enum value there. */
const MAX_CURSOR_LINE = 4096;
/** Lines above are read for their indentation and key only; a key is never longer than this. */
const MAX_SHAPE_CHARS = 1024;

export interface KeyContext {
  kind: 'key';
  /** Path of the mapping that receives the key (for a new sequence item: the item's path). */
  path: JsonPath;
  /** The existing mapping, when there is one (its keys are not proposed again). */
  map?: YMap;
  /** True when the cursor line starts a new sequence item (`- |`): the item may be a mapping or a scalar. */
  newItem: boolean;
  /** The partial word at the cursor, replaced by the completion. */
  replace: Range;
  prefix: string;
}

export interface ValueContext {
  kind: 'value';
  /** Path of the value being typed (for a list item: including its index). */
  path: JsonPath;
  /** The key the value belongs to (for a list item, the key of the list). */
  key: string;
  /** The scalar value already typed, replaced by the completion (quotes excluded). */
  replace: Range;
  prefix: string;
  /** True when nothing separates the colon from the cursor (`key:|`): an insertion needs a leading space. */
  needsSpace: boolean;
}

export type CursorContext = KeyContext | ValueContext;

interface LineShape {
  blank: boolean;
  /** Column of the first `-` of a sequence item line, else -1. */
  dashCol: number;
  /** Column where the content after indentation and dashes starts. */
  contentCol: number;
  key?: string;
  /** `key:` with nothing (or only a comment) after it: its value is on the following lines. */
  opensBlock: boolean;
}

const KEY_RE = /^("[^"]*"|'[^']*'|[^\s#'"\-:{[][^:#]*?|-[^\s:#][^:#]*?)\s*:(?=\s|$)/;

function shapeOf(line: string): LineShape {
  const m = /^( *)((?:-(?: +|$))*)([\s\S]*)$/.exec(line)!;
  const indent = m[1].length;
  const dashes = m[2];
  const rest = m[3].replace(/\r$/, '');
  if ((rest.trim() === '' && dashes === '') || (rest.startsWith('#') && dashes === '')) return { blank: true, dashCol: -1, contentCol: indent, opensBlock: false };
  const km = KEY_RE.exec(rest);
  const after = km ? rest.slice(km[0].length).trim() : '';
  return {
    blank: false,
    dashCol: dashes ? indent : -1,
    contentCol: indent + dashes.length,
    key: km ? km[1].replace(/^["']|["']$/g, '') : undefined,
    opensBlock: !!km && (after === '' || after.startsWith('#')),
  };
}

/** The pair whose key starts exactly at `keyOffset`, with its JSON path and the mapping that holds it. */
export function pairAtKeyOffset(root: YNode, keyOffset: number): { pair: YPair; path: JsonPath; parent: YMap } | undefined {
  const steps = pathAtOffset(root, keyOffset);
  for (let i = 1; i < steps.length; i++) {
    const pair = steps[i].pair;
    if (pair && pair.key.start === keyOffset) {
      const parent = asMap(steps[i - 1].node);
      if (parent) return { pair, path: jsonPathOf(steps.slice(0, i + 1)), parent };
    }
  }
  return undefined;
}

/** The sequence item that starts exactly at `itemOffset`, with the path of its sequence. */
function itemAt(root: YNode, itemOffset: number): { seqPath: JsonPath; length: number } | undefined {
  const steps = pathAtOffset(root, itemOffset);
  for (let i = steps.length - 1; i >= 1; i--) {
    if (steps[i].index !== undefined && resolve(steps[i].node) && steps[i].node.start === itemOffset) {
      return { seqPath: jsonPathOf(steps.slice(0, i)), length: asSeq(steps[i - 1].node)?.items.length ?? 0 };
    }
  }
  return undefined;
}

/** The cursor's line; a BOM at the very start of the text is not part of the first line's content. */
function cursorLine(text: string, offset: number): { start: number; end: number } {
  const start = lineStartOf(text, offset);
  return { start: start === 0 && text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : start, end: lineEndOf(text, offset) };
}

/** Lines above, with a leading BOM dropped from the first line (a key at column 0 stays at column 0). */
function* contentLinesAbove(text: string, from: number): Generator<[number, string]> {
  for (const [start, line] of linesAbove(text, from)) {
    if (start === 0 && line.charCodeAt(0) === 0xfeff) yield [1, line.slice(1, MAX_SHAPE_CHARS + 1)];
    else yield [start, line.slice(0, MAX_SHAPE_CHARS)];
  }
}

/** Finds the container (mapping or sequence) a line at `col` belongs to, by indentation. */
function containerByIndent(text: string, root: YNode, lineStart: number, col: number, newItem: boolean): { path: JsonPath; map?: YMap } | undefined {
  for (const [start, line] of contentLinesAbove(text, lineStart)) {
    const s = shapeOf(line);
    if (s.blank) continue;
    if (newItem) {
      if (s.dashCol === col) {
        const item = itemAt(root, start + s.contentCol);
        return item ? { path: [...item.seqPath, item.length] } : undefined;
      }
      if (s.contentCol <= col) {
        if (!s.key || !s.opensBlock) return undefined;
        const found = pairAtKeyOffset(root, start + s.contentCol);
        if (!found) return undefined;
        return { path: [...found.path, asSeq(found.pair.value)?.items.length ?? 0] };
      }
      continue;
    }
    if (s.contentCol === col) {
      if (!s.key) return undefined;
      const found = pairAtKeyOffset(root, start + s.contentCol);
      return found ? { path: found.path.slice(0, -1), map: found.parent } : undefined;
    }
    if (s.contentCol < col) {
      if (!s.key || !s.opensBlock) return undefined;
      const found = pairAtKeyOffset(root, start + s.contentCol);
      return found ? { path: found.path, map: asMap(found.pair.value) } : undefined;
    }
  }
  return col === 0 && !newItem ? { path: [], map: asMap(root) } : undefined;
}

/** Inside a block scalar (`description: |` text, a SQL query), nothing is a key or a value to complete. */
function insideText(root: YNode, offset: number): boolean {
  const steps = pathAtOffset(root, offset);
  const last = steps[steps.length - 1].node;
  return last.kind === 'scalar' && last.style === 'block' && offset > last.start && offset <= last.end;
}

export function cursorContext(text: string, root: YNode, offset: number): CursorContext | undefined {
  offset = Math.max(0, Math.min(offset, text.length));
  const line = cursorLine(text, offset);
  // A pasted blob is not a key or a value being typed, and the regular expressions below must not scan a megabyte.
  if (line.end - line.start > MAX_CURSOR_LINE) return undefined;
  const before = text.slice(line.start, offset);
  const after = text.slice(offset, line.end).replace(/\r$/, '');
  if (insideText(root, offset)) return undefined;

  // `  key: val|` or `  - key: val|`: a value after a key on the cursor line.
  const valueMatch = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s#'"\-:{[][^:#]*?|-[^\s:#][^:#]*?)\s*:( *)(["']?)([^#"'{[]*)$/.exec(before);
  if (valueMatch) {
    const [, indent, dashes, rawKey, spaces, quote, typed] = valueMatch;
    if (typed.includes(': ')) return undefined; // a flow-ish or odd line: nothing sensible to complete
    const key = rawKey.replace(/^["']|["']$/g, '');
    const col = indent.length + dashes.length;
    const keyOffset = line.start + col;
    const tail = /^[^\s#"',\]}]*/.exec(after)![0];
    const replace = { start: offset - typed.length, end: offset + tail.length };
    const found = pairAtKeyOffset(root, keyOffset);
    let path: JsonPath | undefined = found?.path;
    if (!path) {
      const container = containerByIndent(text, root, line.start, dashes ? indent.length : col, dashes !== '');
      if (!container) return undefined;
      path = [...container.path, key];
    }
    void quote;
    return { kind: 'value', path, key, replace, prefix: typed, needsSpace: spaces === '' && quote === '' };
  }

  // `  partial|` or `  - partial|`: a key (or a new list item) being typed.
  const keyMatch = /^( *)((?:- +)*)([\w$.\-/#]*)$/.exec(before);
  if (!keyMatch) return undefined;
  const [, indent, dashes, partial] = keyMatch;
  if (partial.startsWith('#')) return undefined; // a comment
  const tail = /^[\w$.\-/#]*/.exec(after)![0];
  const replace = { start: offset - partial.length, end: offset + tail.length };
  const newItem = dashes !== '';
  // Nested dashes (`- - x`) are legal YAML but never appear in a contract.
  if (dashes.split('-').length > 2) return undefined;
  const col = newItem ? indent.length : indent.length;
  const container = containerByIndent(text, root, line.start, col, newItem);
  if (!container) return undefined;
  return { kind: 'key', path: container.path, map: container.map, newItem, replace, prefix: partial };
}
