/**
 * JUnit XML, the format CI dashboards (GitLab, Jenkins, Azure DevOps, CircleCI…) read as test results.
 *
 *   <testsuites>                  one per run
 *     <testsuite name=GROUP>      one per group: a contract file (lint, drift, diff) or a contract's schema object (check)
 *       <testcase name=…>         checks: one per check; findings: one per rule code in that group
 *         <failure/> | <error/> | <skipped/>
 *
 * A finding of severity error fails its testcase; warnings and infos pass but are listed in <system-out>, so the
 * dashboard shows them without failing the build (the exit code is what fails it). A file with no findings is a
 * suite with one passing testcase, so a clean run still counts as tests.
 */
import type { Report, ReportEntry } from './model.js';

interface Case {
  name: string;
  classname: string;
  outcome?: { tag: 'failure' | 'error' | 'skipped'; message: string; type: string; body: string };
  out: string[];
}

export function renderJunit(report: Report): string {
  const suites = new Map<string, Case[]>();
  const suite = (name: string) => suites.get(name) ?? suites.set(name, []).get(name)!;
  const findingCases = new Map<string, Case>();

  for (const e of report.entries) {
    const group = e.group ?? e.location?.path ?? report.tool;
    if (e.status) {
      suite(group).push(checkCase(e, group));
      continue;
    }
    const key = `${group}\u0000${e.code}`;
    let c = findingCases.get(key);
    if (!c) {
      c = { name: `${e.code} ${e.title}`.trim(), classname: classname(report.tool, group), out: [] };
      findingCases.set(key, c);
      suite(group).push(c);
    }
    const line = `${where(e)}: ${e.severity}: ${e.message}`;
    if (e.severity === 'error') {
      c.outcome ??= { tag: 'failure', message: e.message, type: e.code, body: '' };
      c.outcome.body += line + '\n';
    } else {
      c.out.push(line);
    }
  }
  const covered = new Set(report.entries.flatMap((e) => [e.group, e.location?.path]));
  for (const f of report.files) {
    if (!suites.has(f) && !covered.has(f)) suite(f).push({ name: `${report.tool}: no problems`, classname: classname(report.tool, f), out: [] });
  }

  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const [name, cases] of suites) {
    const f = cases.filter((c) => c.outcome?.tag === 'failure').length;
    const er = cases.filter((c) => c.outcome?.tag === 'error').length;
    const sk = cases.filter((c) => c.outcome?.tag === 'skipped').length;
    tests += cases.length;
    failures += f;
    errors += er;
    skipped += sk;
    body.push(`  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${f}" errors="${er}" skipped="${sk}" time="0">`);
    for (const c of cases) body.push(...caseXml(c));
    body.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contractlens ${attr(report.tool)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function checkCase(e: ReportEntry, group: string): Case {
  const c: Case = { name: e.title && e.title !== e.code ? `${e.code} ${e.title}` : e.code, classname: classname(e.tool, group), out: [] };
  const detail = `${where(e)}: ${e.message}`;
  switch (e.status) {
    case 'failed':
      c.outcome = { tag: 'failure', message: e.message, type: e.code, body: detail };
      break;
    case 'error':
      c.outcome = { tag: 'error', message: e.message, type: e.code, body: detail };
      break;
    case 'skipped':
      c.outcome = { tag: 'skipped', message: e.message, type: e.code, body: '' };
      break;
    case 'warning':
      c.out.push(`warning: ${detail}`);
      break;
    default:
      if (e.message) c.out.push(detail);
  }
  return c;
}

function caseXml(c: Case): string[] {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="0"`;
  if (!c.outcome && c.out.length === 0) return [`${open}/>`];
  const lines = [`${open}>`];
  if (c.outcome) {
    const o = c.outcome;
    if (o.tag === 'skipped') lines.push(`      <skipped message="${attr(o.message)}"/>`);
    else lines.push(`      <${o.tag} message="${attr(o.message)}" type="${attr(o.type)}">${text(o.body)}</${o.tag}>`);
  }
  if (c.out.length) lines.push(`      <system-out>${text(c.out.join('\n'))}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

function classname(tool: string, group: string): string {
  return `contractlens.${tool}.${group}`;
}

function where(e: ReportEntry): string {
  return e.location ? `${e.location.path}:${e.location.line}:${e.location.column}` : (e.group ?? e.tool);
}

/** XML 1.0 cannot carry most control characters at all, even escaped: they are replaced. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
