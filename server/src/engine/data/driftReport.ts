/**
 * A readable drift report of one contract (Markdown): per schema object, each column of the data next to the
 * property that declares it, then the findings with their lines. The editor shows it for "Check Drift"; the
 * findings themselves are the same as the diagnostics.
 */
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { LineIndex } from '../text/lineIndex.js';
import type { DriftData } from './drift.js';
import { sourceLabel } from './drift.js';
import { matchColumn } from './predicates.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function driftMarkdown(contract: Contract, text: string, data: DriftData, findings: Finding[], schemaName?: string): string {
  const lines = new LineIndex(text);
  const title = contract.name?.value ?? contract.id?.value ?? contract.uri.split('/').pop() ?? 'contract';
  const out: string[] = [`# Drift: ${title}`, ''];
  const schemas = contract.schemas.filter((s) => s.name?.value && (schemaName === undefined || s.name.value === schemaName));
  for (const schema of schemas) {
    const name = schema.name!.value;
    const source = data.source(contract.uri, name);
    const columns = data.columns(contract.uri, name);
    out.push(`## ${name}${source ? ` — ${sourceLabel(source)}${source.serverName ? ` (server ${source.serverName})` : ''}` : ''}`, '');
    if (!columns) {
      out.push('The data of this schema object could not be read: see the findings below.', '');
      continue;
    }
    out.push('| Column | Data type | Property | Declared type |', '|---|---|---|---|');
    const used = new Set<string>();
    for (const c of columns) {
      const prop = schema.properties.find((p) => matchColumn(p, [c]) === c);
      if (prop) used.add(prop.path);
      const declared = prop ? [prop.logicalType?.value, prop.physicalType?.value].filter(Boolean).join(' / ') : '';
      out.push(`| ${cell(c.name)} | ${cell(c.type)} | ${prop ? cell(prop.path) : '— (not in the contract)'} | ${cell(declared)} |`);
    }
    for (const p of schema.properties) if (p.name?.value && !used.has(p.path)) out.push(`| — (missing) |  | ${cell(p.path)} | ${cell(String(p.logicalType?.value ?? ''))} |`);
    out.push('');
  }
  const relevant = findings.filter((f) => schemaName === undefined || !schemas.length || schemas.some((s) => f.range.start >= s.node.start && f.range.end <= s.node.end) || f.code === 'CL210');
  if (relevant.length === 0) out.push('**No drift**: every declared column is in the data with a compatible type.');
  else {
    out.push(`## Findings (${relevant.length})`, '', '| Line | Code | Severity | Message |', '|---|---|---|---|');
    for (const f of relevant) out.push(`| ${lines.positionAt(f.range.start).line + 1} | ${f.code} | ${f.severity} | ${cell(f.message)} |`);
  }
  return out.join('\n') + '\n';
}
