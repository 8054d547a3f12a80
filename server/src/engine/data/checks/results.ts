/**
 * Check results: the one list the text report, the JSON output and the CI formats (Report entries) are rendered
 * from. Also the operator logic of ODCS quality rules (mustBe, mustBeBetween, …).
 */
import type { QualityOperator } from '../../model/types.js';
import type { CheckStatus } from '../../report/model.js';
import { dimensionOf, type Rule, type RuleKind, type RuleSeverity } from './plan.js';

export interface CheckResult {
  /** Contract file path (as given on the command line, or the URI). */
  contract: string;
  contractUri: string;
  schema: string;
  property: string | null;
  /** The stable rule id, e.g. `orders.user_id.required`. */
  rule: string;
  kind: RuleKind;
  /** ODCS quality dimension (written on the rule, else implied by its kind). */
  dimension: string;
  name: string;
  severity: RuleSeverity;
  status: CheckStatus;
  /** Rows that break the rule (null for rules about the whole table: rowCount, latency, presence). */
  failedRows: number | null;
  totalRows: number | null;
  observed: number | string | null;
  threshold: unknown;
  /** Unit of observed and threshold when it is not a row count: the SLA time unit of latency (`h`, `d`…). */
  unit?: string;
  /** latency: age of the newest row in seconds, unrounded (observed is rounded in the SLA unit). */
  ageSeconds?: number;
  message: string;
  samples: Record<string, unknown>[];
  /** Parquet file holding every failing row, when --failed-rows was given. */
  failedRowsFile?: string;
  /** Offset range of the rule in the contract (for report locations). */
  range?: { start: number; end: number };
}

export function baseResult(rule: Rule, contract: string): CheckResult {
  return {
    contract,
    contractUri: rule.contractUri,
    schema: rule.schema,
    property: rule.property ?? null,
    rule: rule.id,
    kind: rule.kind,
    dimension: dimensionOf(rule),
    name: rule.name,
    severity: rule.severity,
    status: 'skipped',
    failedRows: null,
    totalRows: null,
    observed: null,
    threshold: null,
    message: '',
    samples: [],
    range: rule.node ? { start: rule.node.start, end: rule.node.end } : undefined,
  };
}

/** A failed rule is `failed` when its severity is error, `warning` otherwise. */
export function failStatus(rule: Rule): CheckStatus {
  return rule.severity === 'error' ? 'failed' : 'warning';
}

/** Whether an observed value satisfies an ODCS operator; undefined when the threshold is malformed. */
export function satisfies(observed: number, operator: QualityOperator, threshold: unknown): boolean | undefined {
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
  if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
    if (!Array.isArray(threshold) || threshold.length !== 2) return undefined;
    const [lo, hi] = threshold.map(num);
    if (lo === undefined || hi === undefined) return undefined;
    const inside = observed >= Math.min(lo, hi) && observed <= Math.max(lo, hi);
    return operator === 'mustBeBetween' ? inside : !inside;
  }
  const t = num(threshold);
  if (t === undefined) return undefined;
  switch (operator) {
    case 'mustBe': return observed === t;
    case 'mustNotBe': return observed !== t;
    case 'mustBeGreaterThan': return observed > t;
    case 'mustBeGreaterOrEqualTo': return observed >= t;
    case 'mustBeLessThan': return observed < t;
    case 'mustBeLessOrEqualTo': return observed <= t;
  }
}

export function describeThreshold(operator: QualityOperator | undefined, threshold: unknown, unit?: string): string {
  if (!operator) return '';
  const words: Record<QualityOperator, string> = {
    mustBe: '=', mustNotBe: '≠', mustBeGreaterThan: '>', mustBeGreaterOrEqualTo: '≥', mustBeLessThan: '<', mustBeLessOrEqualTo: '≤', mustBeBetween: 'between', mustNotBeBetween: 'not between',
  };
  const value = Array.isArray(threshold) ? threshold.join(' and ') : String(threshold);
  return `${words[operator]} ${value}${unit === 'percent' ? ' %' : ''}`;
}

export { summarize, type CheckSummary } from './counts.js';

/** Exit code of check / reconcile: 1 when a rule of severity error failed or could not run, else 0. */
export function exitCodeOf(results: CheckResult[]): 0 | 1 {
  return results.some((r) => r.status === 'failed' || (r.status === 'error' && r.severity === 'error')) ? 1 : 0;
}
