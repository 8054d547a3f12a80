/**
 * GitHub Actions workflow commands: each line becomes an annotation on the pull request's diff, at the line.
 *
 *   ::error file=contracts/orders.odcs.yaml,line=12,col=9,endLine=12,endColumn=14,title=CL304::Property orders.total removed…
 *
 * Escaping follows the runner (actions/toolkit `command.ts`): in the message `%`, CR and LF are percent-encoded;
 * in property values also `:` and `,`, which would otherwise end the value. Info and hint become `::notice`.
 */
import type { Severity } from '../findings.js';
import type { Report, ReportEntry } from './model.js';

export function githubCommand(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(report: Report): string {
  const lines: string[] = [];
  for (const e of report.entries) {
    if (e.status === 'passed' || e.status === 'skipped') continue;
    lines.push(commandFor(e));
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function commandFor(e: ReportEntry): string {
  const props: [string, string | number][] = [];
  if (e.location) {
    const l = e.location;
    props.push(['file', l.path], ['line', l.line], ['col', l.column], ['endLine', l.endLine], ['endColumn', l.endColumn]);
  }
  props.push(['title', e.code]);
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${githubCommand(e.severity)} ${list}::${escapeData(e.message)}`;
}
