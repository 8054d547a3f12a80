/**
 * How many findings one document shows in an editor. A pasted blob or a broken indentation can make every line a
 * finding (the fuzz harness found documents with ~23,000); an editor cannot show them usefully, and each one costs
 * a position conversion, JSON on the wire and the client's work on every publish, so the publish of such a document
 * stalled everything behind it. The first MAX_SHOWN_FINDINGS by position are kept (the top of a file is where a
 * reader starts, and the first error often causes the rest) and one CL018 says how many more there are.
 */
import { compareFindings, type Finding } from './findings.js';
import { finding } from './analyze.js';

export const MAX_SHOWN_FINDINGS = 1000;

export function limitFindings(findings: readonly Finding[], max = MAX_SHOWN_FINDINGS): Finding[] {
  if (findings.length <= max) return findings as Finding[];
  const sorted = [...findings].sort(compareFindings);
  const shown = sorted.slice(0, max);
  const firstHidden = sorted[max].range.start;
  const hidden = sorted.length - max;
  shown.push(
    finding(
      'CL018',
      `${hidden.toLocaleString('en-US')} more findings in this document are not shown: the editor shows the first ${max.toLocaleString('en-US')} by position. Fix those first, or run \`contractlens lint\` on the file to list them all.`,
      firstHidden,
      firstHidden,
    ),
  );
  return shown;
}
