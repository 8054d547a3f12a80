/**
 * Line arithmetic on raw text by offset, for the places that look at one or two lines without building a LineIndex.
 *
 * `text.lastIndexOf('\n', offset - 1) + 1` is the tempting one-liner for "start of the line holding offset", and it
 * is wrong at offset 0: a negative fromIndex searches from 0, so a text that starts with a line break answers 1, a
 * start *after* the offset. A backwards scan built on it never moves past the first line (the completion hang of a
 * contract whose first line is empty). Every backwards line walk goes through these helpers.
 */

/** Offset where the line holding `offset` starts (0 for any offset on the first line, and for offsets ≤ 0). */
export function lineStartOf(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return text.lastIndexOf('\n', Math.min(offset, text.length) - 1) + 1;
}

/** Offset of the `\n` ending the line holding `offset`, or the text length on the last line. */
export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', Math.max(0, offset));
  return nl === -1 ? text.length : nl;
}

/**
 * The lines above the line that starts at `lineStart`, nearest first, as [start, text] (the text without its `\n`;
 * a `\r` before it is kept). Always terminates: each step ends strictly before the previous line's start.
 */
export function* linesAbove(text: string, lineStart: number): Generator<[number, string]> {
  let end = Math.min(lineStart, text.length) - 1; // the `\n` ending the line above
  while (end >= 0) {
    const start = lineStartOf(text, end);
    yield [start, text.slice(start, end)];
    end = start - 1;
  }
}
