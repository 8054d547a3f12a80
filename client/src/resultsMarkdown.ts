/** A check-style result list (reconciliation) as a Markdown report: one table row per rule, then the samples. */
import type { CheckResponse } from '../../server/src/shared/protocol.js';

const ICON: Record<string, string> = { passed: '✅', failed: '❌', warning: '⚠️', error: '💥', skipped: '⏭️' };

function cell(v: unknown): string {
  return String(v ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function resultsMarkdown(title: string, res: CheckResponse): string {
  const lines = [`## ${title}`, '', '| | Rule | Failing rows | Message |', '|---|---|---|---|'];
  for (const r of res.results) {
    const rows = r.failedRows === null || r.failedRows === undefined ? '' : `${r.failedRows}${r.totalRows ? ` of ${r.totalRows}` : ''}`;
    lines.push(`| ${ICON[r.status] ?? r.status} ${r.status} | ${cell(r.name || r.rule)} | ${rows} | ${cell(r.message)} |`);
  }
  for (const e of res.errors ?? []) lines.push('', `> ${cell(e.message)}`);
  const withSamples = res.results.filter((r) => r.samples?.length);
  if (withSamples.length) {
    lines.push('', '### Samples');
    for (const r of withSamples) lines.push('', `**${cell(r.name || r.rule)}**`, '', '```json', ...r.samples!.map((s) => JSON.stringify(s)), '```');
  }
  return lines.join('\n') + '\n';
}
