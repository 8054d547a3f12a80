/**
 * Renderers of check (and reconciliation) results: the human text report, and the normalized Report entries the CI
 * formats (SARIF, JUnit, GitHub, Markdown) are written from.
 */
import type { Report, ReportEntry, ReportLocation } from '../../report/model.js';
import { PLAIN, type TextStyle } from '../../report/style.js';
import { DOCS_BASE_URL } from '../../rules/catalog.js';
import { summarize, type CheckResult } from './results.js';

const MARK: Record<CheckResult['status'], string> = { passed: 'ok  ', failed: 'FAIL', warning: 'WARN', error: 'ERR ', skipped: 'skip' };

function cell(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

/** Per contract and schema object: a table of rules (status, failing rows, %), then the samples of failed rules. */
export function renderCheckText(results: CheckResult[], options: { title?: string; style?: TextStyle } = {}): string {
  const c = options.style ?? PLAIN;
  const paint = (r: CheckResult, s: string) => (r.status === 'failed' || r.status === 'error' ? c.red(s) : r.status === 'warning' ? c.yellow(s) : r.status === 'passed' ? c.green(s) : c.dim(s));
  const out: string[] = [];
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) {
    const k = `${r.contract}\u0000${r.schema}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  for (const [, rs] of groups) {
    const total = rs.find((r) => r.totalRows !== null)?.totalRows;
    out.push(c.bold(`${rs[0].contract} › ${rs[0].schema}`) + (total !== undefined && total !== null ? c.dim(`  (${total} rows)`) : ''));
    // A source that cannot be read: one line, not the same message once per rule.
    if (rs.every((r) => r.status === 'error' && r.message === rs[0].message)) {
      out.push(`  ${paint(rs[0], MARK.error)}   ${rs.length} rules could not run: ${rs[0].message}`, '');
      continue;
    }
    // Passed presence/type checks are many and dull: one line says they hold.
    const quiet = rs.filter((r) => r.status === 'passed' && (r.kind === 'presence' || r.kind === 'type'));
    const shown = rs.filter((r) => !quiet.includes(r));
    const width = Math.min(52, Math.max(20, ...shown.map((r) => r.rule.length)));
    out.push(c.dim(`  ${'STATUS'.padEnd(6)} ${'RULE'.padEnd(width)} ${'FAILING'.padStart(9)} ${'%'.padStart(8)}  DETAILS`));
    if (quiet.length) out.push(`  ${c.green('ok  ')}   ${`${quiet.length} column presence/type checks`.padEnd(width)} ${''.padStart(9)} ${''.padStart(8)}  ${c.dim('every declared column is present with a compatible type')}`);
    for (const r of shown) {
      const failing = r.failedRows === null ? '' : String(r.failedRows);
      const pct = r.failedRows !== null && r.totalRows ? `${((100 * r.failedRows) / r.totalRows).toFixed(2)} %` : '';
      out.push(`  ${paint(r, MARK[r.status])}   ${r.rule.padEnd(width)} ${failing.padStart(9)} ${pct.padStart(8)}  ${r.message}`);
    }
    for (const r of shown.filter((x) => x.samples.length)) {
      out.push(c.dim(`  samples of ${r.rule}${r.failedRowsFile ? ` (all failing rows: ${r.failedRowsFile})` : ''}:`));
      for (const row of r.samples) out.push('    ' + Object.entries(row).map(([k, v]) => `${k}=${cell(v)}`).join('  '));
    }
    out.push('');
  }
  const s = summarize(results);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`${s.passed} passed`, `${s.failed} failed`, plural(s.warning, 'warning'), plural(s.error, 'error'), `${s.skipped} skipped`];
  out.push(c.bold(`${options.title ?? 'Checks'}: ${s.total} rules: ${parts.join(', ')}`));
  return out.join('\n') + '\n';
}

/** The section of docs/checks.md about a rule's kind (its heading's GitHub anchor). */
export function checkDocUrl(tool: 'check' | 'reconcile', r: CheckResult): string {
  return `${DOCS_BASE_URL.replace(/rules\/$/, '')}checks.md#${tool === 'reconcile' ? 'reconcile' : r.kind.toLowerCase()}`;
}

/** Result → normalized report entry (passed results too, so JUnit counts them). */
export function resultEntries(tool: 'check' | 'reconcile', results: CheckResult[], locate: (r: CheckResult) => ReportLocation | undefined, files: string[]): Report {
  const entries: ReportEntry[] = results.map((r) => ({
    tool,
    code: r.rule,
    title: r.name,
    severity: r.status === 'failed' || r.status === 'error' ? (r.severity === 'info' ? 'info' : r.severity) : r.status === 'warning' ? 'warning' : 'info',
    message: `${r.schema}${r.property ? '.' + r.property : ''}: ${r.message}`,
    location: locate(r),
    status: r.status,
    group: `${r.contract} › ${r.schema}`,
    helpUri: checkDocUrl(tool, r),
  }));
  return { tool, entries, files };
}
