/**
 * An open buffer that takes incremental edits in time proportional to the edit, not to the document.
 *
 * Why: `TextDocument.update` rebuilds the whole text string on every change (and V8 flattens it again at the next
 * edit), so a burst of 10,000 keystrokes on a 5,000-line contract copied ~2 GB and kept the message queue, and the
 * hover behind it, busy for tens of seconds. Here the text is an array of lines (each with its own line break): an
 * edit re-splits only the lines it touches. The whole string and the line starts for positions are built on first
 * use after a burst (a request, a validation), once, and positions behave exactly as `TextDocument`'s do.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from './languageServer.js';

export class EditBuffer implements TextDocument {
  /** Each line with its line break (`\n`, `\r\n` or a lone `\r`); the last line has none and may be empty. */
  private lines: string[];
  /** The whole text, joined on first use after the last edit. */
  private text: string | undefined;
  /**
   * Offset of each line's first character, summed from the lines' lengths on first use after the last edit. Not a
   * TextDocument built on the joined text: that scans every character for line breaks (~1.7 M at 50,000 lines) at
   * the first position asked after each keystroke, which the diagnostics of every keystroke ask for.
   */
  private starts: number[] | undefined;
  /** Edited since the lines were last cut from one whole text (see compact()). */
  private edited = false;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.lines = splitLines(text);
    this.text = text;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  // Below, positions behave exactly as vscode-languageserver-textdocument's (test/lsp/editBuffer.test.ts compares
  // them): offsets are clamped, and a position is never placed inside a line break.

  getText(range?: Range): string {
    const text = (this.text ??= this.lines.join(''));
    return range ? text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const o = Math.max(Math.min(offset, this.length(starts)), 0);
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (starts[mid] > o) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeBreak(line, o - starts[line]) };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    if (position.line >= starts.length) return this.length(starts);
    if (position.line < 0) return 0;
    const start = starts[position.line];
    if (position.character <= 0) return start;
    return start + this.beforeBreak(position.line, Math.min(position.character, this.lines[position.line].length));
  }

  getLineRange(line: number): Range {
    const last = this.lines.length - 1;
    if (line > last) return { start: { line: last, character: 0 }, end: { line: last, character: this.lines[last].length } };
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: { line, character: 0 }, end: { line, character: this.beforeBreak(line, this.lines[line].length) } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.length) return '';
    const text = this.lines[line];
    return text.slice(this.beforeBreak(line, text.length));
  }

  /** Applies changes in order (each range refers to the text after the previous change), as the protocol says. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let whole: string | undefined;
    for (const change of changes) {
      if ('range' in change && change.range) {
        this.splice(change.range, change.text);
        whole = undefined;
      } else {
        this.lines = splitLines(change.text);
        whole = change.text;
      }
    }
    this.version = version;
    // A full-text change is the text: joining its lines again would copy a huge document once more per version (a
    // fuzzed 1.8 MB document replaced on every edit allocated ~4 full copies per version; see "Memory").
    this.text = whole;
    this.starts = undefined;
    // After a full-text change the lines are slices of the text itself: nothing to re-cut.
    this.edited = whole === undefined;
  }

  /**
   * Re-cuts the lines from the current text. A line is a view into the text it was cut from (V8 slices point into
   * their parent), so after edits the untouched lines still held the text as opened (or as last replaced) next to the
   * current one: up to one more copy of every edited document, for as long as it stayed open. Costs one split of
   * the text, so it runs when the server is idle (lsp/memory.ts), not per edit.
   */
  compact(): void {
    if (!this.edited) return;
    this.lines = splitLines(this.getText());
    this.edited = false;
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = new Array<number>(this.lines.length);
      let at = 0;
      for (let i = 0; i < this.lines.length; i++) {
        starts[i] = at;
        at += this.lines[i].length;
      }
      this.starts = starts;
    }
    return this.starts;
  }

  private length(starts: number[]): number {
    const last = this.lines.length - 1;
    return starts[last] + this.lines[last].length;
  }

  /** `character` moved back before the line break it points into or after (TextDocument's ensureBeforeEOL). */
  private beforeBreak(line: number, character: number): number {
    const text = this.lines[line];
    let c = character;
    while (c > 0 && isLineBreak(text.charCodeAt(c - 1))) c--;
    return c;
  }

  private splice(range: Range, text: string): void {
    const [from, to] = ordered(range);
    const start = this.locate(from);
    const end = this.locate(to);
    // The lines around the edit are re-split with it: an edit next to a `\r` can join or split a `\r\n`.
    const first = Math.max(0, start.line - 1);
    const last = Math.min(this.lines.length - 1, end.line + 1);
    const region = this.lines.slice(first, last + 1).join('');
    const before = this.lengthOf(first, start.line) + start.character;
    const after = this.lengthOf(first, end.line) + end.character;
    const replaced = splitLines(region.slice(0, before) + text + region.slice(after));
    // Unless the region reaches the end of the text, it ends with a line break: its split has an empty last element.
    if (last < this.lines.length - 1) replaced.pop();
    if (replaced.length < 10_000) this.lines.splice(first, last - first + 1, ...replaced);
    else this.lines = [...this.lines.slice(0, first), ...replaced, ...this.lines.slice(last + 1)];
  }

  /** Total length of lines [from, to). */
  private lengthOf(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) n += this.lines[i].length;
    return n;
  }

  /** A position clamped as TextDocument.offsetAt clamps it: past the end, into or past a line break. */
  private locate(p: Position): { line: number; character: number } {
    const lastLine = this.lines.length - 1;
    if (p.line > lastLine) return { line: lastLine, character: this.lines[lastLine].length };
    if (p.line < 0 || p.character <= 0) return { line: Math.max(0, p.line), character: 0 };
    const line = this.lines[p.line];
    let character = Math.min(p.character, line.length);
    while (character > 0 && isLineBreak(line.charCodeAt(character - 1))) character--;
    return { line: p.line, character };
  }
}

function ordered(r: Range): [Position, Position] {
  const { start, end } = r;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? [end, start] : [start, end];
}

const CR = 13,
  LF = 10;

function isLineBreak(c: number): boolean {
  return c === CR || c === LF;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Lines with their breaks; always at least one element (the text after the last break, maybe empty). */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  // A native regex scan: a pasted 1 MB line is re-split on every edit inside it.
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
    out.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  out.push(text.slice(start));
  return out;
}
