/**
 * Runs every feature service at every offset of the edge-case texts (see lineWalks.test.ts), in a worker so that the
 * test can stop a hang. Before each call it reports what it is about to do: a hang is then named precisely.
 */
import { parentPort } from 'node:worker_threads';
import { codeActions } from '../../../server/src/engine/features/codeActions.ts';
import { complete } from '../../../server/src/engine/features/completion.ts';
import { definition, prepareRename, references, rename } from '../../../server/src/engine/features/definition.ts';
import { foldingRanges } from '../../../server/src/engine/features/folding.ts';
import { hover } from '../../../server/src/engine/features/hover.ts';
import { selectionRanges } from '../../../server/src/engine/features/selection.ts';
import { documentSymbols } from '../../../server/src/engine/features/symbols.ts';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index.ts';
import { EDGE_TEXTS, offsetsToAsk } from './lineWalks.cases.ts';

const port = parentPort!;
const index = new WorkspaceIndex();
const problems: string[] = [];
let calls = 0;
let slowest = { ms: 0, what: '' };

for (const [name, text] of EDGE_TEXTS) {
  const uri = `file:///edge/${name.replace(/\W+/g, '_')}.odcs.yaml`;
  index.set(uri, text);
  const doc = index.get(uri)!;
  const len = text.length;
  const inside = (r: { start: number; end: number }) => r.start >= 0 && r.end <= len && r.start <= r.end;
  const ask = (what: string, f: () => void) => {
    port.postMessage({ doing: `${name}: ${what}` });
    const t0 = performance.now();
    try {
      f();
    } catch (e) {
      problems.push(`${name}: ${what} threw ${(e as Error).stack}`);
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, what: `${name}: ${what}` };
    calls++;
  };
  ask('symbols and folding', () => {
    for (const s of documentSymbols(doc)) if (!inside(s.range)) problems.push(`${name}: symbol range outside the text`);
    for (const f of foldingRanges(doc)) if (!inside(f)) problems.push(`${name}: folding range outside the text`);
  });
  for (const offset of offsetsToAsk(len)) {
    ask(`completion at ${offset}`, () => {
      for (const e of complete(doc, offset, index)) if (!inside(e.range)) problems.push(`${name}: completion range outside the text at ${offset}`);
    });
    ask(`hover at ${offset}`, () => {
      const h = hover(doc, offset, index);
      if (h && !inside(h.range)) problems.push(`${name}: hover range outside the text at ${offset}`);
    });
    ask(`definition/references at ${offset}`, () => {
      definition(doc, offset, index);
      references(doc, offset, index, true);
    });
    ask(`rename at ${offset}`, () => {
      if (prepareRename(doc, offset, index)) rename(doc, offset, 'renamed', index);
    });
    ask(`selection at ${offset}`, () => {
      for (const chain of selectionRanges(doc, [offset])) for (const r of chain) if (!inside(r)) problems.push(`${name}: selection range outside the text at ${offset}`);
    });
    ask(`suppression quick fix at ${offset}`, () => {
      const start = Math.max(0, Math.min(offset, len));
      for (const a of codeActions(doc, [{ code: 'CL020', range: { start, end: start } }])) for (const e of a.edits ?? []) if (!inside(e.range)) problems.push(`${name}: quick fix edit outside the text at ${offset}`);
    });
  }
}
// Not only progress: the empty first line (with or without BOM, any line end) is the top-level mapping's key position.
const topLevel: Record<string, string[]> = {};
for (const [name, text] of EDGE_TEXTS.filter(([n]) => n.startsWith('first line empty') || n.startsWith('BOM'))) {
  const doc = index.get(`file:///edge/${name.replace(/\W+/g, '_')}.odcs.yaml`)!;
  const at = text.startsWith('\uFEFF') ? 1 : 0;
  topLevel[name] = complete(doc, at, index).map((e) => e.label);
}
port.postMessage({ done: true, problems, calls, slowest, topLevel });
