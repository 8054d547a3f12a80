/**
 * Selection ranges ("expand selection"): from the innermost node at the cursor outwards, value → key/value pair →
 * the mapping or list holding it → its pair → … → the whole document.
 */
import { pathAtOffset } from '../syntax/ast.js';
import type { DocumentView } from '../workspace/document.js';
import type { Range } from './common.js';

/** For each offset, the ranges that contain it, innermost first. */
export function selectionRanges(doc: DocumentView, offsets: number[]): Range[][] {
  return offsets.map((offset) => {
    const outerFirst: Range[] = [{ start: 0, end: doc.text.length }];
    const push = (r: Range) => {
      const last = outerFirst[outerFirst.length - 1];
      if (r.start >= last.start && r.end <= last.end && (r.start !== last.start || r.end !== last.end) && r.end > r.start) outerFirst.push(r);
    };
    const steps = pathAtOffset(doc.parsed.root, offset);
    push({ start: steps[0].node.start, end: steps[0].node.end });
    for (const step of steps.slice(1)) {
      if (step.pair) {
        push({ start: step.pair.start, end: Math.max(step.pair.end, step.node.end) });
        if (offset >= step.pair.key.start && offset <= step.pair.key.end) {
          push({ start: step.pair.key.start, end: step.pair.key.end });
          break;
        }
      }
      push({ start: step.node.start, end: step.node.end });
    }
    return outerFirst.reverse();
  });
}
