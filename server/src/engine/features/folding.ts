/**
 * Folding ranges: every mapping or list value and every list item that spans several lines, block scalars (SQL
 * queries, long descriptions), and runs of comment lines. Offsets here; the LSP layer turns them into lines and
 * drops ranges that end on their first line.
 */
import type { YNode } from '../syntax/ast.js';
import type { DocumentView } from '../workspace/document.js';

export interface FoldingEntry {
  start: number;
  end: number;
  kind?: 'comment' | 'region';
}

export function foldingRanges(doc: DocumentView): FoldingEntry[] {
  if (doc.readError) return [];
  const out: FoldingEntry[] = [];
  const text = doc.text;
  const multiline = (start: number, end: number) => text.indexOf('\n', start) !== -1 && text.indexOf('\n', start) < trimEnd(text, end);
  const stack: YNode[] = [doc.parsed.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      for (const p of node.pairs) {
        const v = p.value;
        if ((v.kind === 'map' || v.kind === 'seq' || (v.kind === 'scalar' && v.style === 'block')) && multiline(p.start, v.end)) out.push({ start: p.start, end: trimEnd(text, v.end) });
        stack.push(v);
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        if (item.kind === 'map' && multiline(item.start, item.end)) out.push({ start: item.start, end: trimEnd(text, item.end) });
        stack.push(item);
      }
    }
  }
  out.push(...commentRuns(text));
  return out.sort((a, b) => a.start - b.start);
}

/** Block values end after their last line break; the fold should end on the last line with content. */
function trimEnd(text: string, end: number): number {
  let e = Math.min(end, text.length);
  while (e > 0 && (text[e - 1] === '\n' || text[e - 1] === '\r' || text[e - 1] === ' ')) e--;
  return e;
}

function commentRuns(text: string): FoldingEntry[] {
  const out: FoldingEntry[] = [];
  let runStart = -1;
  let runEnd = -1;
  let count = 0;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const isComment = /^\s*#/.test(text.slice(pos, Math.min(end, pos + 200)));
    if (isComment) {
      if (runStart < 0) runStart = pos;
      runEnd = end;
      count++;
    } else {
      if (count > 1) out.push({ start: runStart, end: runEnd, kind: 'comment' });
      runStart = -1;
      count = 0;
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (count > 1) out.push({ start: runStart, end: runEnd, kind: 'comment' });
  return out;
}
