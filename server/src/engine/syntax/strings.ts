/**
 * Copies of strings that do not keep a larger string alive.
 *
 * V8 makes a slice of 13 characters or more a view into its parent string (a "sliced string"), and so does a parser
 * that cuts values out of its source. A short value kept in a long-lived place (a cache, the intern table, a
 * compacted model) then keeps the whole text it was cut from alive: a heap snapshot during a fuzz run found old
 * versions of a 1.8 MB document held only by 20-character keys in the intern table (convert.ts).
 */

/** V8's SlicedString::kMinLength: shorter slices are copied already. */
const MIN_SLICE_LENGTH = 13;
/**
 * Up to this length (interned keys and short values, many of them) the copy is exact; longer strings (chunk texts on
 * every parse of a large document, descriptions) take the cheaper copy, which costs one 32-byte slice header.
 */
const EXACT_COPY_MAX = 64;

/** A flat copy of `s` that holds no parent. */
export function flatCopy(s: string): string {
  if (s.length < MIN_SLICE_LENGTH) return s;
  // JSON round-trips every string exactly, lone surrogates included.
  if (s.length <= EXACT_COPY_MAX) return JSON.parse(JSON.stringify(s)) as string;
  // Concatenating forces a new string; slicing it back flattens that one (the slice's parent is the flat copy).
  return (s + ' ').slice(0, -1);
}
