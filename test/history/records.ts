/** History records for store tests: one rule, a given failing-row count, at a given minute. */
import type { HistoryRecord } from '../../server/src/engine/history/record.ts';

export function record(run: number, failedRows: number, rule = 'orders.user_id.relationship'): HistoryRecord {
  return {
    runId: `run-${String(run).padStart(4, '0')}`, time: new Date(Date.UTC(2026, 0, 1) + run * 60_000).toISOString(), commit: null, tool: 'check',
    contract: 'orders.odcs.yaml', schema: 'orders', property: 'user_id', rule, kind: 'relationship', dimension: 'consistency', server: 'local-parquet',
    status: failedRows ? 'failed' : 'passed', severity: 'error', failedRows, totalRows: 2000, observed: null, threshold: null, durationMs: 5, contractId: 'urn:test:orders', against: null,
  };
}
