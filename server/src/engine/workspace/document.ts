/**
 * One contract document as the engine holds it: its text, the incremental parser that keeps the previous version's
 * chunks, and the model built from the current version. Open editor buffers and files read from disk are alike.
 */
import { buildContract } from '../model/build.js';
import { detectFormatFromText } from '../model/detect.js';
import type { Contract, ContractFormat } from '../model/types.js';
import { IncrementalParser, type ParsedYaml } from '../syntax/parse.js';

export class ContractDocument {
  private readonly parser = new IncrementalParser();
  text = '';
  version = 0;
  parsed!: ParsedYaml;
  contract?: Contract;
  format?: ContractFormat;
  /** Set when the bytes on disk could not be decoded; then the text is empty and this is the only finding. */
  readError?: { message: string; line: number };

  constructor(readonly uri: string) {}

  update(text: string, version = this.version + 1): this {
    this.text = text;
    this.version = version;
    this.readError = undefined;
    this.parsed = this.parser.parse(text);
    this.format = detectFormatFromText(text);
    this.contract = buildContract(this.uri, this.parsed.root, this.format, this.parsed.schemaChunks);
    return this;
  }

  setReadError(message: string, line: number, version = this.version + 1): this {
    this.update('', version);
    this.readError = { message, line };
    return this;
  }
}
