/**
 * The names, labels and status values of Contract Lens's metric families (families.ts builds them with prom-client).
 * Apart so that what only needs the names (the alert rules and the dashboard, which every CLI start and the language
 * server load) does not load prom-client, its push gateway and its HTTP stack at start.
 */
export const RULE_LABELS = ['contract', 'schema', 'property', 'rule', 'kind', 'dimension', 'server'] as const;
export const SOURCE_LABELS = ['contract', 'schema', 'server'] as const;
export const RECONCILE_LABELS = ['contract', 'schema', 'server', 'against', 'kind'] as const;
export const DUPLICATE_LABELS = ['contract', 'schema', 'server', 'against', 'copy'] as const;

/** `contractlens_rule_status` values: the order alert rules compare against (status >= 2 is a failure). */
export const STATUS_VALUES = { passed: 0, warning: 1, failed: 2, error: 3, skipped: 4 } as const;

export const METRIC_NAMES = {
  ruleFailedRows: 'contractlens_rule_failed_rows',
  ruleTotalRows: 'contractlens_rule_total_rows',
  ruleStatus: 'contractlens_rule_status',
  ruleObserved: 'contractlens_rule_observed_value',
  freshness: 'contractlens_source_freshness_seconds',
  reconcileRows: 'contractlens_reconcile_rows',
  reconcileDuplicateRows: 'contractlens_reconcile_duplicate_rows',
  checkDuration: 'contractlens_check_duration_seconds',
  lastRun: 'contractlens_last_run_timestamp_seconds',
  runs: 'contractlens_runs_total',
} as const;
