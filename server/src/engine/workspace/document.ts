/**
 * One contract document as the engine holds it: its text, the incremental parser that keeps the previous version's
 * chunks, and the model built from the current version. Open editor buffers and files read from disk are alike.
 *
 * A document nobody edits (a closed file in a large workspace) can be compacted: other contracts only need its model
 * (names, ids, types, relationship targets and their offsets), not its syntax tree, which is most of its memory.
 * Reading `parsed` of a compacted document parses its text again, transparently.
 */
import { buildContract } from '../model/build.js';
import { detectFormatFromText } from '../model/detect.js';
import type { Contract, ContractFormat } from '../model/types.js';
import type { YNode } from '../syntax/ast.js';
import { IncrementalParser, type ParsedYaml } from '../syntax/parse.js';
import type { LineTable } from '../text/lineIndex.js';
import { compactModel } from './compactModel.js';
import { PackedText } from './packedText.js';

export class ContractDocument {
  private parser = new IncrementalParser();
  private parsedNow: ParsedYaml | undefined;
  private textNow = '';
  /** The text of a compacted document, packed (then `textNow` is empty). */
  private packed: PackedText | undefined;
  version = 0;
  contract?: Contract;
  format?: ContractFormat;
  /** Set when the bytes on disk could not be decoded; then the text is empty and this is the only finding. */
  readError?: { message: string; line: number };

  constructor(readonly uri: string) {}

  /** The current text (unpacked on each read while compacted: read it once per use). */
  get text(): string {
    return this.packed ? this.packed.unpack() : this.textNow;
  }

  /** Offsets ↔ positions of a compacted document without unpacking its text (undefined when not compacted). */
  get lines(): LineTable | undefined {
    return this.packed?.lines;
  }

  /** The syntax tree of the current text (re-parsed on first use after `compact()`). */
  get parsed(): ParsedYaml {
    if (!this.parsedNow) this.rebuild();
    return this.parsedNow!;
  }

  /** Restores the full tree and model of a compacted document (an editor opened it). */
  expand(): this {
    if (!this.parsedNow) this.rebuild();
    return this;
  }

  get isCompacted(): boolean {
    return this.parsedNow === undefined;
  }

  update(text: string, version = this.version + 1): this {
    this.textNow = text;
    this.packed = undefined;
    this.version = version;
    this.readError = undefined;
    this.rebuild();
    return this;
  }

  setReadError(message: string, line: number, version = this.version + 1): this {
    this.update('', version);
    this.readError = { message, line };
    return this;
  }

  /**
   * Keeps the model and the text (packed), lets the rest of the tree go. The model's nodes stay valid for their offsets and
   * values; maps and lists no model field points into are emptied, so their pairs and keys can be collected.
   */
  compact(): this {
    const parsed = this.parsedNow;
    if (!parsed) return this;
    const stack: YNode[] = [parsed.root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.kind === 'map') {
        for (const p of n.pairs) stack.push(p.value);
        n.pairs = [];
      } else if (n.kind === 'seq') {
        stack.push(...n.items);
        n.items = [];
      }
    }
    this.parsedNow = undefined;
    this.parser = new IncrementalParser();
    this.packed = new PackedText(this.textNow);
    this.textNow = '';
    if (this.contract) compactModel(this.contract);
    return this;
  }

  private rebuild(): void {
    if (this.packed) {
      this.textNow = this.packed.unpack();
      this.packed = undefined;
    }
    const parsed = this.parser.parse(this.text);
    this.parsedNow = parsed;
    this.format = detectFormatFromText(this.text);
    this.contract = buildContract(this.uri, parsed.root, this.format, parsed.schemaChunks);
  }
}

/** A document as readers of the index see it: everything but the ways to change it (the index has one writer). */
export type DocumentView = Omit<ContractDocument, 'update' | 'setReadError' | 'compact' | 'expand'>;
