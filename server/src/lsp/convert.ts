/**
 * Engine terms ↔ protocol terms. The engine speaks UTF-16 offsets into a document's text; LSP speaks
 * line/character (UTF-16 by default, which is what we announce). Nothing else in lsp/ does arithmetic on positions.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from './languageServer.js';
import type { Finding, Fix, Range, Severity, TextEdit } from '../engine/findings.js';
import { ruleDocUrl } from '../engine/rules/catalog.js';
import { LineIndex } from '../engine/text/lineIndex.js';

/** Anything that maps offsets to positions and back: an LSP TextDocument or the engine's LineIndex. */
export interface PositionMapper {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

export function toLspRange(doc: PositionMapper, range: Range): LspRange {
  return { start: doc.positionAt(range.start), end: doc.positionAt(range.end) };
}

export function toOffsetRange(doc: PositionMapper, range: LspRange): Range {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}

/** Finds the mapper for another document (an open buffer or the indexed text of a file). */
export type MapperLookup = (uri: string) => PositionMapper | undefined;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a diagnostic's `data` carries: the rule's fixes in engine terms and the document version they were computed
 * for, so that a code action never applies offsets to a newer text.
 */
export interface DiagnosticData {
  version: number;
  fixes?: Fix[];
}

export const DIAGNOSTIC_SOURCE = 'contractlens';

export function toDiagnostic(doc: PositionMapper, finding: Finding, version: number, others: MapperLookup): Diagnostic {
  const d: Diagnostic = {
    range: toLspRange(doc, finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  const href = ruleDocUrl(finding.code);
  if (href) d.codeDescription = { href };
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of finding.related ?? []) {
    const mapper = others(r.uri);
    if (mapper) related.push({ location: { uri: r.uri, range: toLspRange(mapper, r.range) }, message: r.message });
  }
  if (related.length) d.relatedInformation = related;
  const tags = (finding.tags ?? []).map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (tags.length) d.tags = tags;
  const data: DiagnosticData = { version };
  if (finding.fixes?.length) data.fixes = finding.fixes;
  d.data = data;
  return d;
}

export function isDiagnosticData(v: unknown): v is DiagnosticData {
  return typeof v === 'object' && v !== null && typeof (v as DiagnosticData).version === 'number' && (!('fixes' in v) || Array.isArray((v as DiagnosticData).fixes));
}

/** Engine edits (offsets; `uri` absent = `defaultUri`) → a WorkspaceEdit. Edits on documents we cannot map are dropped. */
export function toWorkspaceEdit(edits: readonly TextEdit[], defaultUri: string, mappers: MapperLookup): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const uri = e.uri ?? defaultUri;
    const mapper = mappers(uri);
    if (!mapper) continue;
    (changes[uri] ??= []).push({ range: toLspRange(mapper, e.range), newText: e.newText });
  }
  return { changes };
}

/** A LineIndex as a PositionMapper, for texts that are not open in the editor. */
export function mapperForText(text: string): PositionMapper {
  return new LineIndex(text);
}

export type { TextDocument };
