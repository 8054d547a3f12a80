/**
 * CL104: an `id` that is empty (`id:` or `id: ""`): it identifies nothing, and references to it cannot resolve.
 * CL105: the same `id` twice among the contract's roles, team members, quality rules or relationships: a tool that
 * looks an entry up by id (a reference, a result, an alert) gets the wrong one. The second occurrence is reported,
 * pointing at the first.
 */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { asMap, asScalar, getPair, type YMap, type YNode, type YPair } from '../syntax/ast.js';
import { entriesOf } from './entries.js';
import { findingAt } from './util.js';

export function checkIds(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  const e = entriesOf(contract);
  for (const p of e.ids) emptyId(p, out);
  if (contract.format !== 'odcs') return;
  const groups: [string, YNode[]][] = [
    ['role', e.roles],
    ['team member', e.teamMembers],
    ['quality rule', e.quality.map((r) => r.node)],
    ['relationship', e.relationships.map((r) => r.node)],
  ];
  for (const [what, nodes] of groups) duplicateIds(ctx, what, nodes, out);
}

function emptyId(p: YPair, out: Finding[]): void {
  const v = asScalar(p.value);
  if (v && (v.value === null || (typeof v.value === 'string' && v.value.trim() === ''))) {
    out.push(findingAt('CL104', 'This `id` is empty: give the entry a stable id (letters, digits, `_`, `-`) or remove the key.', v.end > v.start ? v : p.key));
  }
}
function duplicateIds(ctx: AnalysisContext, what: string, nodes: YNode[], out: Finding[]): void {
  const seen = new Map<string, YNode>();
  for (const n of nodes) {
    const idNode = getPair(asMap(n) as YMap | undefined, 'id')?.value;
    const id = asScalar(idNode)?.value;
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const key = String(id).trim();
    if (!key) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, idNode!);
      continue;
    }
    out.push(findingAt('CL105', `Duplicate ${what} id \`${key}\`: ids must be unique, or lookups by id find the other ${what}.`, idNode!, {
      related: [{ uri: ctx.uri, range: { start: first.start, end: first.end }, message: `first ${what} with id \`${key}\`` }],
    }));
  }
}
