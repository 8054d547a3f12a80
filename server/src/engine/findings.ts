/**
 * What the engine reports. A finding knows nothing of who prints it: the LSP layer turns it into a Diagnostic,
 * the CLI into a code frame, JSON, SARIF… Ranges are UTF-16 offsets into the document text (what JS strings index),
 * so converting to LSP positions (UTF-16 by default) or to 1-based line/column is a lookup, never a re-scan.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Range {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character (end == start for an empty range). */
  end: number;
}

/** A location in another (or the same) document, e.g. the first of two duplicates or a dangling relationship's target file. */
export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

/** A text replacement; `uri` absent means the finding's own document. */
export interface TextEdit {
  uri?: string;
  range: Range;
  newText: string;
}

/** A quick fix computed by the rule that raised the finding, so no front end has to understand the rule. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (VS Code offers it with Ctrl+. and "fix all"). */
  preferred?: boolean;
}

/** A finding code of the catalog (rules/catalog.ts), declared by the family that raises it. */
export interface RuleInfo {
  code: string;
  /** Short kebab-case name, also the doc file name: docs/rules/<code>-<slug>.md */
  slug: string;
  title: string;
  severity: Severity;
}

export interface Finding {
  /** Stable rule code, e.g. `CL110`. See rules/catalog.ts and docs/rules/. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Rendered faded (unused/unknown) or struck through (deprecated) by editors that support it. */
  tags?: ('unnecessary' | 'deprecated')[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code);
}
