/**
 * `--fail-on error|warning|never` for the reporting commands (lint, drift, check, reconcile): which findings make
 * the run exit 1. Without the option each command keeps its documented default (lint: errors; drift: any drift;
 * check/reconcile: a failed rule of severity error). `diff` has its own levels (breaking|warning|never).
 */
import { exitCodeOf, type CheckResult } from '../engine/data/checks/results.js';
import type { Severity } from '../engine/findings.js';
import { choiceOption } from './args.js';
import { EXIT } from './command.js';

export type FailOn = 'error' | 'warning' | 'never';

export const FAIL_ON_OPTIONS = { 'fail-on': { type: 'string' } } as const;

export const FAIL_ON_USAGE = `  --fail-on LEVEL              exit 1 on findings at or above LEVEL: error, warning or never`;

export function failOnOption(values: Record<string, unknown>): FailOn | undefined {
  return choiceOption(values, 'fail-on', ['error', 'warning', 'never'] as const);
}

/** Findings (lint, drift) at a failure level: errors; warnings too at `warning`; nothing at `never`. */
export function failsAt(severities: Severity[], level: FailOn): boolean {
  if (level === 'never') return false;
  return severities.some((s) => s === 'error' || (level === 'warning' && s === 'warning'));
}

/** Check results at a failure level (default `error`: the documented exit code of check and reconcile). */
export function checkExitCode(results: CheckResult[], level: FailOn = 'error'): 0 | 1 {
  if (level === 'never') return EXIT.clean;
  if (level === 'warning') return results.some((r) => r.status === 'failed' || r.status === 'warning' || r.status === 'error') ? EXIT.findings : EXIT.clean;
  return exitCodeOf(results);
}
