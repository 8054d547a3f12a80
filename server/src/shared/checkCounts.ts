/**
 * Counting check results by status, and the one sentence that says it ("12 rules · 2 failed · 1 warning"): the CLI
 * summary, the code lenses and the status item all count and word results this way.
 */

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error' | 'skipped';

export interface CheckSummary {
  total: number;
  passed: number;
  failed: number;
  warning: number;
  error: number;
  skipped: number;
}

/** Counts per status; takes anything with a status. */
export function summarize(results: readonly { status: CheckStatus }[]): CheckSummary {
  const s: CheckSummary = { total: results.length, passed: 0, failed: 0, warning: 0, error: 0, skipped: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

/** "12 rules · 2 failed · 1 warning", "3 rules · all passed". */
export function describeCounts(c: CheckSummary): string {
  const parts = [`${c.total} rule${c.total === 1 ? '' : 's'}`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.warning) parts.push(`${c.warning} warning${c.warning === 1 ? '' : 's'}`);
  if (c.error) parts.push(`${c.error} could not run`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (!c.failed && !c.warning && !c.error && c.total) parts.push('all passed');
  return parts.join(' · ');
}
