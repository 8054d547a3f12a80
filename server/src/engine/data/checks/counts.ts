/**
 * Counting check results by status, and the sentence that says it ("12 rules · 2 failed · 1 warning"). The language
 * server sends these with every check response, so the code lenses, the status item and the Test Explorer's summary
 * show the server's counts and never count themselves.
 */
import type { CheckCounts, CheckStatus, CheckSummary } from '../../../shared/checkCounts.js';

export type { CheckCounts, CheckSummary };

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

/** Counts with their wording. */
export function countResults(results: readonly { status: CheckStatus }[]): CheckCounts {
  const s = summarize(results);
  return { ...s, text: describeCounts(s) };
}

/** The counts of each (contract, schema object) pair among the results, in the order they first appear. */
export function countsPerSchema<R extends { status: CheckStatus; schema: string }>(results: readonly R[], contractOf: (r: R) => string): { uri: string; schema: string; counts: CheckCounts }[] {
  const groups = new Map<string, { uri: string; schema: string; results: R[] }>();
  for (const r of results) {
    const uri = contractOf(r);
    const key = `${uri}\u0000${r.schema}`;
    const g = groups.get(key) ?? { uri, schema: r.schema, results: [] };
    g.results.push(r);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ uri: g.uri, schema: g.schema, counts: countResults(g.results) }));
}
