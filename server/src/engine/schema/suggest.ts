/** "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a likely typo. */

/** No suggestion is further than this many edits from the word. */
const MAX_SUGGESTED_DISTANCE = 3;

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours (`nmae`), bounded:
 * `max + 1` as soon as the distance must exceed `max`. Three rolling rows, not a matrix: a document with thousands
 * of unknown keys asks this for each key against every allowed key (a fuzzed document with 3,000 spent ~2 s in the
 * matrices' allocation alone).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // A swap reaches back two rows: once two rows in a row are beyond `max`, every later one is.
    if (rowMin > max && prevMin > max) return max + 1;
    prevMin = rowMin;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[b.length], max + 1);
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    // No suggestion is ever further than 3 edits, and the distance is at least the length difference: skipping those
    // keeps a pasted paragraph used as a key from costing (length × length) per candidate.
    if (Math.abs(c.length - word.length) > 3 && !(c.length > word.length ? c.toLowerCase().startsWith(w) : w.startsWith(c.toLowerCase()))) continue;
    const lc = c.toLowerCase();
    // Same word in another case, or one is a prefix of the other (`time` → `timestamp`), counts as very close.
    const d = lc === w ? 0 : lc.startsWith(w) || w.startsWith(lc) ? 1 : editDistance(w, lc, MAX_SUGGESTED_DISTANCE);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(MAX_SUGGESTED_DISTANCE, Math.floor(Math.max(word.length, best.length) / 3)));
  return bestScore <= limit ? best : undefined;
}

export function formatList(values: readonly string[], max = 12): string {
  const shown = values.slice(0, max).map((v) => `\`${v}\``);
  return values.length > max ? `${shown.join(', ')} … (${values.length} in all)` : shown.join(', ');
}
