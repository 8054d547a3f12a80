import { flatCopy } from '../syntax/strings.js';

/**
 * Answers cached by a text (SQL parsers: lint parses the same queries again on every keystroke), bounded in entries
 * and in the characters of the keys it holds, oldest first out. Keys are copies (syntax/strings.ts), so the cache holds
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
    this.map.set(flatCopy(key), value);
    this.chars += key.length;
    while (this.map.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.map.keys().next().value!;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}
