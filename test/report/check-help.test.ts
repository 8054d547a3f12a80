/**
 * SARIF rules link to our docs (issue 4), for data checks too: `check` and `reconcile` rules carry a helpUri to
 * their kind's section of docs/checks.md, and that page has a section for every rule kind the engine plans.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resultEntries } from '../../server/src/engine/data/checks/report.ts';
import type { CheckResult } from '../../server/src/engine/data/checks/results.ts';
import type { RuleKind } from '../../server/src/engine/data/checks/plan.ts';
import { renderSarif } from '../../server/src/engine/report/sarif.ts';
import { ROOT } from '../helpers/paths.ts';

const KINDS: Record<RuleKind, true> = { presence: true, type: true, required: true, unique: true, primaryKey: true, option: true, enum: true, metric: true, sql: true, relationship: true, latency: true, retention: true };

const DOC = readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8');
const anchors = new Set([...DOC.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\w -]/g, '').replace(/ /g, '-')));

function result(kind: RuleKind, rule: string): CheckResult {
  return { contract: 'c.odcs.yaml', contractUri: 'file:///c.odcs.yaml', schema: 'orders', property: 'status', rule, kind, name: rule, severity: 'error', status: 'failed', failedRows: 1, totalRows: 2, observed: 1, threshold: 0, message: 'broken', samples: [] } as unknown as CheckResult;
}

test('every check and reconcile rule in SARIF has a helpUri to its section of docs/checks.md', () => {
  const results = (Object.keys(KINDS) as RuleKind[]).map((k) => result(k, `orders.status.${k}`));
  const runs: ['check' | 'reconcile', CheckResult[]][] = [['check', results], ['reconcile', [result('metric', 'orders.reconcile.missing')]]];
  for (const [tool, rs] of runs) {
    const log = JSON.parse(renderSarif(resultEntries(tool, rs, () => ({ path: 'c.odcs.yaml', line: 1, column: 1, endLine: 1, endColumn: 2 }), ['c.odcs.yaml'])));
    const rules = log.runs[0].tool.driver.rules as { id: string; helpUri?: string }[];
    assert.equal(rules.length, rs.length);
    for (const r of rules) {
      const m = /\/docs\/checks\.md#([\w-]+)$/.exec(r.helpUri ?? '');
      assert.ok(m, `${r.id}: helpUri ${r.helpUri}`);
      assert.ok(anchors.has(m[1]!), `${r.id}: docs/checks.md has a section #${m[1]} (has ${[...anchors].join(', ')})`);
      if (tool === 'reconcile') assert.equal(m[1], 'reconcile');
    }
  }
});
