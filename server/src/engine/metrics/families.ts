/**
 * The Prometheus metric families of Contract Lens. Their names and labels are public interface (dashboards and
 * alert rules are written against them): docs/monitoring.md lists them, and a change here is a breaking change.
 *
 * prom-client writes the exposition format (label escaping, HELP/TYPE lines, counters' `_total`), so nothing here
 * formats text by hand.
 */
import { Counter, Gauge, Registry } from 'prom-client';

export * from './names.js';
import { DUPLICATE_LABELS, METRIC_NAMES, RECONCILE_LABELS, RULE_LABELS, SOURCE_LABELS } from './names.js';

export interface Families {
  registry: Registry;
  ruleFailedRows: Gauge<(typeof RULE_LABELS)[number]>;
  ruleTotalRows: Gauge<(typeof RULE_LABELS)[number]>;
  ruleStatus: Gauge<(typeof RULE_LABELS)[number]>;
  ruleObserved: Gauge<(typeof RULE_LABELS)[number]>;
  freshness: Gauge<(typeof SOURCE_LABELS)[number]>;
  reconcileRows: Gauge<(typeof RECONCILE_LABELS)[number]>;
  reconcileDuplicateRows: Gauge<(typeof DUPLICATE_LABELS)[number]>;
  checkDuration: Gauge<(typeof SOURCE_LABELS)[number]>;
  lastRun: Gauge<'contract'>;
  runs: Counter<'contract' | 'result'>;
}

/** A registry holding every family (and nothing else: no process metrics). */
export function createFamilies(): Families {
  // The Prometheus text format (0.0.4), not OpenMetrics 1.0: every Prometheus scrapes it, and it is the format
  // `promtool check metrics` validates (promtool reads OpenMetrics' bare counter family name as a missing HELP).
  const registry = new Registry();
  const registers = [registry];
  const rule = (name: string, help: string) => new Gauge({ name, help, labelNames: RULE_LABELS, registers });
  return {
    registry,
    ruleFailedRows: rule(METRIC_NAMES.ruleFailedRows, 'Rows that break the rule in its latest run.'),
    ruleTotalRows: rule(METRIC_NAMES.ruleTotalRows, 'Rows the rule looked at in its latest run.'),
    ruleStatus: rule(METRIC_NAMES.ruleStatus, 'Outcome of the rule in its latest run: 0 passed, 1 warning, 2 failed, 3 error, 4 skipped.'),
    ruleObserved: rule(METRIC_NAMES.ruleObserved, 'The value the rule compared with its threshold (metric value, SQL result, age in the SLA unit).'),
    freshness: new Gauge({ name: METRIC_NAMES.freshness, help: 'Age of the newest row of the SLA latency element, in seconds.', labelNames: SOURCE_LABELS, registers }),
    reconcileRows: new Gauge({ name: METRIC_NAMES.reconcileRows, help: 'Rows that differ between two copies: missing from the second, extra in it, or changed.', labelNames: RECONCILE_LABELS, registers }),
    reconcileDuplicateRows: new Gauge({ name: METRIC_NAMES.reconcileDuplicateRows, help: 'Rows beyond the first for a primary key that occurs more than once in one copy (`copy`: server or against), over the whole table.', labelNames: DUPLICATE_LABELS, registers }),
    checkDuration: new Gauge({ name: METRIC_NAMES.checkDuration, help: 'Duration of the latest run of the contract\'s checks, in seconds.', labelNames: SOURCE_LABELS, registers }),
    lastRun: new Gauge({ name: METRIC_NAMES.lastRun, help: 'Unix time at which the contract\'s latest run finished.', labelNames: ['contract'], registers }),
    runs: new Counter({ name: METRIC_NAMES.runs, help: 'Runs of the contract\'s checks by result: passed, failed (a rule of severity error failed) or error (a rule could not run).', labelNames: ['contract', 'result'], registers }),
  };
}
