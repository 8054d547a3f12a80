/**
 * Code actions for findings: the fixes the rule computed (add a missing key, remove an unknown key, use the
 * suggested value…), "disable CLxxx for this line" (a suppression comment above, at the line's indentation) and
 * "open the rule's documentation". Findings are matched by code and carried fixes, never by message text.
 */
import type { Finding, Fix, Range, TextEdit } from '../findings.js';
import { ruleDocUrl, ruleInfo } from '../rules/catalog.js';
import { pathAtOffset, type YNode } from '../syntax/ast.js';
import { lineStartOf } from '../text/lines.js';
import type { DocumentView } from '../workspace/document.js';

/** What the code-action service needs of a finding: the LSP layer rebuilds this from a diagnostic's code and data. */
export type FindingRef = Pick<Finding, 'code' | 'range'> & { fixes?: Fix[] };

export interface CodeActionEntry {
  title: string;
  kind: 'quickfix';
  /** The finding the action resolves (becomes the action's `diagnostics`). */
  finding: FindingRef;
  /** Edits; an edit without `uri` applies to the document the finding is in. */
  edits?: TextEdit[];
  preferred?: boolean;
  /** A command the server itself carries out. */
  command?: { name: 'openRuleDoc'; code: string; url: string };
}

export const SUPPRESSION_PREFIX = '# contractlens-disable-next-line';

/** Codes that a comment cannot or should not silence: the file is unreadable or not YAML at that place. */
const NOT_SUPPRESSIBLE = new Set(['CL001', 'CL004', 'CL005']);

export function codeActions(doc: DocumentView, findings: FindingRef[]): CodeActionEntry[] {
  const out: CodeActionEntry[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) out.push({ title: fix.title, kind: 'quickfix', finding, edits: fix.edits, preferred: fix.preferred });
    if (!NOT_SUPPRESSIBLE.has(finding.code) && !doc.readError) {
      // A comment line inside a block scalar (a `query: |` SQL text) would become part of the text: there only a
      // file-wide suppression at the top is possible.
      if (insideMultilineScalar(doc.parsed.root, doc.text, finding.range.start)) {
        out.push({ title: `Disable ${finding.code} in this file`, kind: 'quickfix', finding, edits: [fileSuppressionEdit(doc.text, finding.code)] });
      } else {
        out.push({ title: `Disable ${finding.code} for this line`, kind: 'quickfix', finding, edits: [suppressionEdit(doc.text, finding.range, finding.code)] });
      }
    }
    const url = ruleDocUrl(finding.code);
    if (url) out.push({ title: `Open documentation for ${finding.code} (${ruleInfo(finding.code)?.title ?? 'rule'})`, kind: 'quickfix', finding, command: { name: 'openRuleDoc', code: finding.code, url } });
  }
  return out;
}

/** True when the offset is on a line after the first line of a multi-line scalar (block, or wrapped quoted/plain). */
function insideMultilineScalar(root: YNode, text: string, offset: number): boolean {
  const steps = pathAtOffset(root, offset);
  const node = steps[steps.length - 1].node;
  if (node.kind !== 'scalar' || offset < node.start || offset > node.end) return false;
  const firstLineEnd = text.indexOf('\n', node.start);
  return firstLineEnd !== -1 && offset > firstLineEnd;
}

/** `# contractlens-disable CODE` as the first line of the file. */
export function fileSuppressionEdit(text: string, code: string): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: 0, end: 0 }, newText: `# contractlens-disable ${code}${eol}` };
}

/**
 * Inserts `# contractlens-disable-next-line CODE` above the finding's line with the same indentation. When the line
 * above is already such a comment, the code is added to it instead of stacking a second comment.
 */
export function suppressionEdit(text: string, range: Range, code: string): TextEdit {
  const lineStart = lineStartOf(text, range.start);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prev = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    const m = /^([ \t]*# contractlens-disable-next-line)((?:[ ,]+CL\d+)*)[ \t]*$/.exec(prev);
    if (m) {
      const end = prevStart + m[1].length + m[2].length;
      return { range: { start: end, end }, newText: ` ${code}` };
    }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: lineStart, end: lineStart }, newText: `${indent}${SUPPRESSION_PREFIX} ${code}${eol}` };
}
