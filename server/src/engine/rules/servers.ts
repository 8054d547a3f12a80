/**
 * Servers:
 *   CL130  a reference to a server that the contract does not declare. ODCS has no reference field of its own; the
 *          places tools use are read: a quality rule's `server` / `servers` key, and `customProperties` entries
 *          named `server` or `servers` (on the contract, a schema object, a property or a quality rule).
 *   CL132  two servers with the same name: `--server NAME` (CLI) and references become ambiguous.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Server } from '../model/types.js';
import { asMap, asScalar, asSeq, getNode, stringValue, type YMap, type YNode } from '../syntax/ast.js';
import { allQualityRules } from './quality.js';
import { allProperties, closest, didYouMean, findingAt, replaceFix } from './util.js';

export function checkServers(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  const byName = new Map<string, Server>();
  for (const s of contract.servers) {
    if (!s.name) continue;
    const first = byName.get(s.name.value);
    if (!first) byName.set(s.name.value, s);
    else {
      out.push(findingAt('CL132', `Duplicate server name \`${s.name.value}\`: \`--server ${s.name.value}\` and references to it become ambiguous. Give each server its own name.`, s.name.node, {
        related: [{ uri: ctx.uri, range: { start: first.name!.node.start, end: first.name!.node.end }, message: `first server named \`${s.name.value}\`` }],
      }));
    }
  }
  const check = (node: YNode) => {
    const name = stringValue(node);
    if (name === undefined || byName.has(name)) return;
    const s = closest(name, byName.keys());
    const declared = byName.size ? `Declared servers: ${[...byName.keys()].join(', ')}.` : 'This contract declares no servers.';
    out.push(findingAt('CL130', `No server \`${name}\` in this contract${didYouMean(s)}. ${declared}`, node, { fixes: s ? [replaceFix(`Change to \`${s}\``, node, ctx.text, s)] : undefined }));
  };
  const checkValue = (node: YNode | undefined) => {
    if (!node) return;
    const seq = asSeq(node);
    for (const item of seq ? seq.items : [node]) if (asScalar(item)) check(item);
  };
  const checkCustom = (owner: YMap) => {
    for (const item of asSeq(getNode(owner, 'customProperties'))?.items ?? []) {
      const m = asMap(item);
      const prop = stringValue(getNode(m, 'property'));
      if (prop === 'server' || prop === 'servers') checkValue(getNode(m, 'value'));
    }
  };
  for (const rule of allQualityRules(contract)) {
    checkValue(getNode(rule.node, 'server'));
    checkValue(getNode(rule.node, 'servers'));
    checkCustom(rule.node);
  }
  checkCustom(contract.root);
  for (const s of contract.schemas) {
    checkCustom(s.node);
    for (const p of allProperties(s.properties)) checkCustom(p.node);
  }
}
