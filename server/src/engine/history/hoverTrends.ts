/**
 * The recorded runs shown in the hover of a property: its rules' sparklines and changes, as Markdown lines. The
 * history is read once per version of the store file (path, size, mtime), not at every hover.
 */
import { statSync } from 'node:fs';
import type { Contract } from '../model/types.js';
import { contractHistory, locateHistory, type ContractTrend } from './forContract.js';

/** The top-level property (and its schema object) whose YAML mapping holds the offset. */
export function propertyAt(contract: Contract, offset: number): { schema: string; property: string } | undefined {
  for (const s of contract.schemas) {
    if (offset < s.node.start || offset > s.node.end) continue;
    for (const p of s.properties) {
      if (!p.parent && p.name?.value && offset >= p.node.start && offset <= p.node.end) return { schema: s.name?.value ?? '', property: p.name.value };
    }
  }
  return undefined;
}

const cache = new Map<string, { key: string; trends: ContractTrend[] }>();

async function cachedTrends(contractPath: string, contractId: string | undefined): Promise<ContractTrend[]> {
  const history = locateHistory(contractPath);
  if (!history) return [];
  const st = statSync(history, { throwIfNoEntry: false });
  if (!st) return [];
  const key = `${history}\u0000${st.size}\u0000${st.mtimeMs}\u0000${contractId ?? ''}`;
  const hit = cache.get(contractPath);
  if (hit?.key === key) return hit.trends;
  const { trends } = await contractHistory(contractPath, contractId, { lastRuns: 10 });
  cache.set(contractPath, { key, trends });
  return trends;
}

/** Markdown for the hover of a property, or undefined when none of its rules has recorded runs. */
export async function propertyTrendsMarkdown(contractPath: string, contract: Contract, offset: number): Promise<string | undefined> {
  const at = propertyAt(contract, offset);
  if (!at) return undefined;
  const trends = (await cachedTrends(contractPath, contract.id?.value)).filter((t) => t.schema === at.schema && t.property === at.property && t.points.some((p) => p.value !== null));
  if (!trends.length) return undefined;
  const lines = trends.map((t) => {
    const last = t.points[t.points.length - 1];
    return `- \`${t.rule}\` \`${t.sparkline}\` ${last.value ?? '–'} (${last.status}), ${t.changeText}`;
  });
  return `**Recorded runs** (oldest left)\n\n${lines.join('\n')}`;
}
