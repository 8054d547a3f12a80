/**
 * Trends of one rule over its recorded runs: the series of failing rows, a text sparkline of it, and the change since
 * the previous run. The CLI's `history` text, the hover and the Test Explorer message all print these.
 */
import type { HistoryRecord } from './record.js';

export interface RulePoint {
  time: string;
  runId: string;
  status: HistoryRecord['status'];
  failedRows: number | null;
  observed: number | null;
  /** What a chart of the trend plots: failing rows where the rule counts rows, else the observed value. */
  value: number | null;
}

export interface RuleTrend {
  rule: string;
  contract: string;
  schema: string;
  property: string | null;
  kind: string;
  dimension: string;
  /** Oldest first. */
  points: RulePoint[];
  /** Last value minus the one before (failing rows, else the observed value); null with fewer than two runs. */
  change: number | null;
  sparkline: string;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per value, scaled between the series' min and max; a run without a number is a space. */
export function sparkline(values: readonly (number | null)[]): string {
  const nums = values.filter((v): v is number => v !== null);
  if (!nums.length) return ' '.repeat(values.length);
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  return values.map((v) => (v === null ? ' ' : max === min ? (max === 0 ? BARS[0] : BARS[3]) : BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))])).join('');
}

/** The value a trend follows: failing rows where the rule counts rows, else the observed value. */
export function pointValue(p: { failedRows: number | null; observed: number | null }): number | null {
  return p.failedRows ?? p.observed;
}

/** Groups records by rule (first-seen order) into trends, keeping the newest `lastRuns` points of each. */
export function ruleTrends(records: readonly HistoryRecord[], lastRuns = Infinity): RuleTrend[] {
  const byRule = new Map<string, RuleTrend>();
  for (const r of records) {
    // The contract's id when recorded (a moved file keeps its trend), else its path as recorded.
    const key = `${r.contractId ?? r.contract}\u0000${r.rule}\u0000${r.against ?? ''}`;
    let t = byRule.get(key);
    if (!t) byRule.set(key, (t = { rule: r.rule, contract: r.contract, schema: r.schema, property: r.property, kind: r.kind, dimension: r.dimension, points: [], change: null, sparkline: '' }));
    t.points.push({ time: r.time, runId: r.runId, status: r.status, failedRows: r.failedRows, observed: r.observed, value: pointValue(r) });
  }
  for (const t of byRule.values()) {
    if (t.points.length > lastRuns) t.points = t.points.slice(-lastRuns);
    const values = t.points.map(pointValue);
    const [prev, last] = values.slice(-2);
    t.change = values.length >= 2 && prev !== null && last !== null ? last - prev : null;
    t.sparkline = sparkline(values);
  }
  return [...byRule.values()];
}

/** "+118 since the previous run", "no change since the previous run", "first run". */
export function describeChange(t: Pick<RuleTrend, 'change' | 'points'>): string {
  if (t.points.length < 2) return 'first recorded run';
  if (t.change === null) return 'no comparable value in the previous run';
  if (t.change === 0) return 'no change since the previous run';
  return `${t.change > 0 ? '+' : ''}${Number(t.change.toFixed(6))} since the previous run`;
}
