/**
 * The one result shape every command can be rendered from. Each command (lint, drift, check, reconcile, diff) keeps
 * its own documented JSON, and also produces these entries so that the CI renderers (SARIF, JUnit, GitHub
 * annotations, Markdown) are written once: renderers of one result list.
 */
import type { Severity } from '../findings.js';

/** 1-based, inclusive start, exclusive end column (as editors and SARIF count). */
export interface ReportLocation {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type { CheckStatus } from '../../shared/checkCounts.js';
import type { CheckStatus } from '../../shared/checkCounts.js';

export interface ReportEntry {
  /** Which command produced it. */
  tool: 'lint' | 'drift' | 'check' | 'reconcile' | 'diff';
  /** A finding code (CL110) or a check's rule id. */
  code: string;
  /** Short title: the rule's title, or the check's name. */
  title: string;
  severity: Severity;
  message: string;
  /** Where to point in the contract; absent for results that belong to no line. */
  location?: ReportLocation;
  /** For checks and reconciliation: the outcome (a passed check is an entry too, so JUnit can count it). */
  status?: CheckStatus;
  /** Group for JUnit test suites and report sections: e.g. the contract path and schema object. */
  group?: string;
  /** Documentation page of the code. */
  helpUri?: string;
}

export interface Report {
  tool: ReportEntry['tool'];
  entries: ReportEntry[];
  /** Files looked at, so renderers can say "3 files, no problems". */
  files: string[];
}
