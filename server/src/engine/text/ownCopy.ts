/**
 * Strings kept in long-lived tables must not keep a larger text alive. V8 makes a slice of 13 characters or more a
 * view into its parent string (a "sliced string"), so a 20-character key cut from one version of a document and kept
 * in a cache kept that whole version. A heap snapshot after a 3,000-document fuzz run found old versions of 1 MB
 * documents (~18 MB) held this way by the interned-string table (syntax/convert.ts) and by the SQL parser's cache.
 */

/** Below this length V8 copies a slice instead of pointing into its parent. */
const SLICE_MIN_LENGTH = 13;

/** The same characters in a string of their own (a flat copy of `s`'s size, never a view into a larger text). */
export function ownCopy(s: string): string {
  // Concatenating makes a cons string; slicing it flattens it into a new string of this size first.
  return s.length < SLICE_MIN_LENGTH ? s : (s + ' ').slice(0, -1);
}

/**
 * Answers cached by a text (SQL parsers: lint parses the same queries again on every keystroke), bounded in entries
 * and in the characters of the keys it holds, oldest first out. Keys are own copies (see above), so the cache holds
 * the queries, not the documents they were cut from; a 1 MB query pasted into a contract counts as 1 MB.
 */
export class TextKeyedCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars = 2_000_000,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.has(key) || key.length > this.maxChars) return;
    this.map.set(ownCopy(key), value);
    this.chars += key.length;
    while (this.map.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.map.keys().next().value!;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}
