/**
 * Shapes shared by the feature services. Everything is in engine terms: UTF-16 offsets into a document's text and
 * document URIs; the LSP layer (lsp/convert.ts) turns them into protocol positions.
 */
import type { Range } from '../findings.js';
import { keyText, type PathStep } from '../syntax/ast.js';

export type { Range };

/** A range in some document. */
export interface Location {
  uri: string;
  range: Range;
}

/** Text replacements grouped by document, as a rename or a cross-file fix produces them. */
export type EditsByUri = Map<string, { range: Range; newText: string }[]>;

/** A JSON-pointer-like path: what JSON Schema tooling (and schemaInfoAt) speaks. */
export type JsonPath = (string | number)[];

/** The JSON path of the last step of a pathAtOffset/walkPath chain (the root step has none). */
export function jsonPathOf(steps: readonly PathStep[]): JsonPath {
  const out: JsonPath = [];
  for (const s of steps) {
    if (s.pair) out.push(keyText(s.pair));
    else if (s.index !== undefined) out.push(s.index);
  }
  return out;
}
