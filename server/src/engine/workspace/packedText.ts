/**
 * The text of a closed file, held deflated (ContractDocument.compact()). The text is read again only when a feature
 * needs the file's syntax tree or its raw characters (a rename's exact range, a changed file on disk compared), and
 * positions in the file are answered from its line table without unpacking. 500 indexed 300-line contracts held
 * ~5 MB of text; packed, ~0.6 MB plus ~1.2 MB of line tables.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { LineIndex, LineTable } from '../text/lineIndex.js';

/** With the `u` flag a surrogate pair is one code point; only a lone half matches `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u;

export class PackedText {
  readonly lines: LineTable;
  private readonly bytes: Uint8Array;
  /** UTF-16 code units instead of UTF-8: a text with a lone surrogate would not come back from UTF-8 as it was. */
  private readonly wide: boolean;

  constructor(text: string) {
    this.lines = new LineTable(new LineIndex(text));
    this.wide = LONE_SURROGATE.test(text);
    const packed = deflateRawSync(Buffer.from(text, this.wide ? 'utf16le' : 'utf8'));
    // A copy of its own: zlib's result may be a view into a larger buffer that it would keep alive.
    this.bytes = new Uint8Array(packed);
  }

  unpack(): string {
    return inflateRawSync(this.bytes).toString(this.wide ? 'utf16le' : 'utf8');
  }
}
