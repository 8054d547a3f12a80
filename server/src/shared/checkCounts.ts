/**
 * The shape of check counts as they cross from the server to the client: per status, and the one sentence that says
 * them. The server counts and words them (engine/data/checks/counts.ts); the client only shows them.
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

/** Counts of some results and their wording: "12 rules · 2 failed · 1 warning", "3 rules · all passed". */
export interface CheckCounts extends CheckSummary {
  text: string;
}
