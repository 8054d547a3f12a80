/**
 * Copies of strings that do not keep a larger string alive.
 *
 * V8 makes a slice of 13 characters or more a view into its parent string (a "sliced string"), and so does a parser
 * that cuts values out of its source. A short value kept in a long-lived place (a cache, an intern table, the tree
 * of a document) then keeps the whole text it was cut from alive: a heap snapshot during a fuzz run found old
 * versions of a 1.8 MB document held only by 20-character keys in the intern table (convert.ts).
 */

/** V8's SlicedString::kMinLength: shorter slices are copied already. */
const MIN_SLICE = 13;

/** A flat copy of `s` of its own size (concatenating forces a new string; slicing it back flattens that one). */
export function flatCopy(s: string): string {
  return s.length < MIN_SLICE ? s : (s + ' ').slice(0, -1);
}
