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

export class ContractDocument {
  private parser = new IncrementalParser();
  private parsedNow: ParsedYaml | undefined;
  text = '';
  version = 0;
  contract?: Contract;
  format?: ContractFormat;
  /** Set when the bytes on disk could not be decoded; then the text is empty and this is the only finding. */
  readError?: { message: string; line: number };

  constructor(readonly uri: string) {}

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
    this.text = text;
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
   * Keeps the model and the text, lets the rest of the tree go. The model's nodes stay valid for their offsets and
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
    if (this.contract) shareEmpty(this.contract);
    return this;
  }

  private rebuild(): void {
    const parsed = this.parser.parse(this.text);
    this.parsedNow = parsed;
    this.format = detectFormatFromText(this.text);
    this.contract = buildContract(this.uri, parsed.root, this.format, parsed.schemaChunks);
  }
}

/** One frozen empty list and one empty map stand in for every empty one of a compacted model (nobody edits it). */
const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_MAP: ReadonlyMap<never, never> = Object.freeze(new Map<never, never>());

/**
 * A compacted model of a 300-line contract holds ~200 empty lists (no quality rules, no relationships, no nested
 * properties, the pairs of emptied maps…) and ~20 empty option maps: with 500 contracts ~100,000 arrays and 10,000
 * maps, ~3 MB of heap for nothing. They are replaced by shared frozen ones; a compacted model is only read (an
 * editor opening the file gets a fresh one from expand()), and a stray write would throw instead of going unseen.
 */
function shareEmpty(contract: Contract): void {
  const seen = new Set<object>();
  const stack: object[] = [contract];
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    const fields = o as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      const v = fields[key];
      if (!v || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        if (v.length === 0) fields[key] = EMPTY_LIST;
        else for (const item of v) if (item && typeof item === 'object') stack.push(item);
      } else if (v instanceof Map) {
        if (v.size === 0) fields[key] = EMPTY_MAP;
        else for (const item of v.values()) if (item && typeof item === 'object') stack.push(item);
      } else stack.push(v);
    }
  }
}

/** A document as readers of the index see it: everything but the ways to change it (the index has one writer). */
export type DocumentView = Omit<ContractDocument, 'update' | 'setReadError' | 'compact' | 'expand'>;
