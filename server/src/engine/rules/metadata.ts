/**
 * Contract metadata the schema cannot judge:
 *  CL133  a `support` channel without `url`: nobody can follow it;
 *  CL134  `price` with a negative `priceAmount`, or an amount without `priceCurrency`;
 *  CL107  the same key twice in one `customProperties` list: tools read one of them, and which is undefined.
 */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { asMap, asScalar, asSeq, getNode, getPair, type YNode } from '../syntax/ast.js';
import { entriesOf } from './entries.js';
import { findingAt } from './util.js';

export function checkMetadata(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  if (contract.format === 'odcs') {
    supportChannels(contract, out);
    price(contract, out);
  }
  for (const list of entriesOf(contract).customProperties) duplicateKeys(ctx, list.items, out);
}

function supportChannels(contract: Contract, out: Finding[]): void {
  for (const item of asSeq(getNode(contract.root, 'support'))?.items ?? []) {
    const m = asMap(item);
    if (!m || getPair(m, 'url')) continue;
    const channel = getPair(m, 'channel');
    const name = asScalar(channel?.value)?.value;
    out.push(findingAt('CL133', `Support channel${name ? ` \`${String(name)}\`` : ''} has no \`url\`: add the link (chat channel, e-mail \`mailto:\`, ticket queue) so people can reach it.`, channel ? channel.key : m));
  }
}

function price(contract: Contract, out: Finding[]): void {
  const m = asMap(getNode(contract.root, 'price'));
  if (!m) return;
  const amount = getPair(m, 'priceAmount');
  const value = asScalar(amount?.value)?.value;
  if (amount && typeof value === 'number' && value < 0) out.push(findingAt('CL134', `The price amount is negative (${value}): a price is 0 or more.`, amount.value));
  if (amount && !getPair(m, 'priceCurrency')) out.push(findingAt('CL134', 'The price has an amount but no `priceCurrency`: add the ISO 4217 code, e.g. `USD` or `EUR`.', amount.key));
}

function duplicateKeys(ctx: AnalysisContext, items: YNode[], out: Finding[]): void {
  const seen = new Map<string, YNode>();
  for (const item of items) {
    const keyNode = getPair(asMap(item), 'property')?.value;
    const key = asScalar(keyNode)?.value;
    if (typeof key !== 'string' || !key) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, keyNode!);
      continue;
    }
    out.push(findingAt('CL107', `Custom property \`${key}\` is declared twice in this list: tools read one of the values, and which one is undefined.`, keyNode!, {
      related: [{ uri: ctx.uri, range: { start: first.start, end: first.end }, message: `first \`${key}\`` }],
    }));
  }
}
