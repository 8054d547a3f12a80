/**
 * Shapes the schema accepts but that cannot work:
 *  CL106  an `array` property without `items`: nothing says what the elements are, so nothing can check them;
 *  CL129  a library quality rule (no `type`, or `type: library`) with no `metric` (v3.0 `rule`) and no `query`:
 *         there is nothing to run;
 *  CL135  a `schedule` (on a quality rule or an SLA) without `scheduler`: nobody knows which syntax it is in.
 */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { getPair, type YMap } from '../syntax/ast.js';
import { entriesOf } from './entries.js';
import { findingAt } from './util.js';

export function checkShapes(_ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  const e = entriesOf(contract);
  for (const prop of e.properties) {
    const t = prop.logicalType;
    if (t && t.value === 'array' && !prop.items && !getPair(prop.node, 'items')) {
      out.push(findingAt('CL106', `Array property \`${prop.path}\` has no \`items\`: declare what its elements are, e.g. \`items: { logicalType: string }\`.`, t.node));
    }
  }
  for (const rule of e.quality) {
    const type = rule.type?.value;
    if ((type === undefined || type === 'library') && !rule.metric && !rule.query && !getPair(rule.node, 'rule')) {
      const first = rule.node.pairs[0];
      out.push(findingAt('CL129', 'This quality rule has no `metric`, no `query` and no `rule`: there is nothing to run. Name a library metric (`metric: nullValues`), write a `type: sql` query, or make it `type: text`.', first ? first.key : rule.node));
    }
    scheduleWithoutScheduler(rule.node, 'quality rule', out);
  }
  for (const sla of contract.sla) scheduleWithoutScheduler(sla.node, 'SLA', out);
}

function scheduleWithoutScheduler(node: YMap, what: string, out: Finding[]): void {
  const schedule = getPair(node, 'schedule');
  if (!schedule || getPair(node, 'scheduler')) return;
  out.push(findingAt('CL135', `This ${what} has a \`schedule\` but no \`scheduler\`: say which scheduler reads it (e.g. \`scheduler: cron\` for \`0 20 * * *\`).`, schedule.key));
}
