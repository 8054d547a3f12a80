/** The text summary of a clean run (printed by the CLI, written as clean-report.txt), rendered from the report. */
import { PLAIN, type TextStyle } from '../../report/style.js';
import { CHANGE_TEXT, type CleanReport, type ValueExample } from './types.js';

const fmt = (n: number) => n.toLocaleString('en-US');
const val = (v: string | null | undefined) => (v === null || v === undefined ? '∅' : JSON.stringify(v.length > 40 ? v.slice(0, 39) + '…' : v));

function example(e: ValueExample): string {
  return e.after !== undefined ? `row ${e.row}: ${val(e.before)} → ${val(e.after)}` : `row ${e.row}: ${val(e.before)}`;
}

export function renderCleanText(report: CleanReport, options: { style?: TextStyle } = {}): string {
  const { bold, dim } = options.style ?? PLAIN;
  const out: string[] = [];
  out.push(bold(`Clean${report.dryRun ? ' (dry run: nothing written)' : ''}`) + dim(`  format ${report.format}${report.outDir ? ` → ${report.outDir}` : ''}${report.options.limit !== null ? `, first ${fmt(report.options.limit)} rows of each source` : ''}`), '');
  // A contract-level problem is also each of its tables' error: said once, under the table.
  for (const e of report.errors) if (!report.tables.some((t) => t.error === e)) out.push(`ERROR ${e}`);
  for (const t of report.tables) {
    out.push(bold(`${t.contract} › ${t.schema}`) + dim(`  ${t.source}`));
    if (t.error) {
      out.push(`  ERROR ${t.error}`, '');
      continue;
    }
    const r = t.rows;
    out.push(`  ${fmt(r.read)} read = ${fmt(r.written)} written + ${fmt(r.quarantined)} quarantined + ${fmt(r.deduplicated)} duplicates removed`);
    if (t.output) out.push(dim(`  → ${t.output.cleaned}`), dim(`  → ${t.output.quarantine}`));
    if (t.rowOrder) out.push(dim(`  _source_row numbers the rows in ${t.rowOrder}`));
    for (const w of t.warnings) out.push(`  warning: ${w}`);
    const changed = t.columns.filter((c) => c.changes.length || c.formatsFound?.length || c.decisions.length);
    if (changed.length) out.push('  columns:');
    for (const c of changed) {
      out.push(`    ${c.name} ${dim(`(${c.type})`)}`);
      for (const d of c.decisions) out.push(dim(`      · ${d}`));
      if (c.formatsFound?.length) out.push(`      formats found: ${c.formatsFound.map((f) => `${f.format} ×${fmt(f.rows)}`).join(', ')}`);
      for (const ch of c.changes) out.push(`      ${fmt(ch.rows)} ${CHANGE_TEXT[ch.kind]}${ch.examples.length ? `, e.g. ${ch.examples.map(example).join('; ')}` : ''}`);
    }
    if (t.deduplication) {
      const d = t.deduplication;
      out.push(`  duplicates on (${d.key.join(', ')}): ${fmt(d.removed)} removed, keeping ${d.keep}${d.examples.length ? `; e.g. ${d.examples.map((e) => `key ${e.key}: kept row ${e.kept}, removed row ${e.removed}`).join('; ')}` : ''}`);
    }
    for (const u of t.uniqueKeys) if (u.quarantined) out.push(`  unique (${u.key.join(', ')}): ${fmt(u.quarantined)} later rows with a taken value quarantined (the first in source order is kept)`);
    if (t.quarantine.length) out.push('  quarantined rows by rule (a row may break several):');
    for (const q of t.quarantine) out.push(`    ${q.rule.padEnd(44)} ${fmt(q.rows).padStart(8)}  ${q.name}${q.examples.length ? dim(`  e.g. ${q.examples.map(example).join('; ')}`) : ''}`);
    for (const ref of t.references) out.push(`  reference ${ref.rule} → ${ref.target} (${ref.against} rows): ${fmt(ref.dangling)} dangling${ref.dangling ? `, ${ref.action}` : ''}`);
    if (t.extraColumns.length) out.push(`  columns not in the contract: ${t.extraColumns.map((x) => `${x.name} (${x.kept ? 'kept' : 'dropped'})`).join(', ')}`);
    if (t.notEnforced.length) out.push(dim(`  not enforced row by row: ${t.notEnforced.map((n) => `${n.rule} (${n.why})`).join('; ')}`));
    out.push('');
  }
  const s = report.totals;
  out.push(bold(`${fmt(s.read)} rows read: ${fmt(s.written)} written, ${fmt(s.quarantined)} quarantined, ${fmt(s.deduplicated)} duplicates removed`));
  return out.join('\n') + '\n';
}
