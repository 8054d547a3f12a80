/** "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a likely typo. */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours (`nmae`). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
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
    const d = lc === w ? 0 : lc.startsWith(w) || w.startsWith(lc) ? 1 : editDistance(w, lc);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(word.length, best.length) / 3)));
  return bestScore <= limit ? best : undefined;
}

export function formatList(values: readonly string[], max = 12): string {
  const shown = values.slice(0, max).map((v) => `\`${v}\``);
  return values.length > max ? `${shown.join(', ')} … (${values.length} in all)` : shown.join(', ');
}
