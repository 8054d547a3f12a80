/** Offsets ↔ 0-based line/character (UTF-16 code units), built once per text version. */
export interface Position {
  line: number;
  character: number;
}

/** Positions from where each line starts and ends: the text itself is not needed once the lines are known. */
abstract class Lines {
  /** Offset at which each line starts; lineStarts[0] === 0. */
  protected abstract readonly lineStarts: ArrayLike<number>;
  /** Length of the text. */
  protected abstract readonly size: number;

  /** Offset of the line's end, before its `\n` (and `\r`). */
  abstract lineEnd(line: number): number;

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.size));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.size;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}

export class LineIndex extends Lines {
  protected readonly lineStarts: number[];

  constructor(readonly text: string) {
    super();
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  protected get size(): number {
    return this.text.length;
  }

  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return next > this.lineStart(line) && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * The lines of a text without the text: what a closed file of the workspace keeps to answer positions (a definition
 * or a symbol in it) while its text is held packed (workspace/packedText.ts). Same answers as a LineIndex of the text.
 */
export class LineTable extends Lines {
  protected readonly lineStarts: Uint32Array;
  private readonly lineEnds: Uint32Array;

  constructor(index: LineIndex, protected readonly size = index.text.length) {
    super();
    this.lineStarts = new Uint32Array(index.lineCount);
    this.lineEnds = new Uint32Array(index.lineCount);
    for (let line = 0; line < index.lineCount; line++) {
      this.lineStarts[line] = index.lineStart(line);
      this.lineEnds[line] = index.lineEnd(line);
    }
  }

  lineEnd(line: number): number {
    return this.lineEnds[line];
  }
}
