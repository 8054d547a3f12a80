// A history writer for the crash test: appends runs of `size` records forever and prints "appended N" after each
// committed run, until the test kills it with SIGKILL (possibly in the middle of a transaction).
import { appendHistory } from '../../server/src/engine/history/store.ts';
import type { HistoryRecord } from '../../server/src/engine/history/record.ts';

const [path, sizeArg] = process.argv.slice(2);
const size = Number(sizeArg);
for (let run = 0; ; run++) {
  const records: HistoryRecord[] = Array.from({ length: size }, (_, i) => ({
    runId: `crash-${String(run).padStart(5, '0')}`, time: new Date(Date.UTC(2026, 0, 1) + run * 1000).toISOString(), commit: null, tool: 'check',
    contract: 'orders.odcs.yaml', schema: 'orders', property: 'user_id', rule: `orders.rule_${i}`, kind: 'metric', dimension: 'accuracy', server: 'local',
    status: 'failed', severity: 'error', failedRows: run, totalRows: 1000, observed: run, threshold: '0', durationMs: 1,
  }));
  await appendHistory(path, records);
  process.stdout.write(`appended ${run + 1}\n`);
}
