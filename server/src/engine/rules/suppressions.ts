/**
 * Suppression comments:
 *   # contractlens-disable-next-line CL123 CL124   the next line that is not a comment (no codes: every finding)
 *   key: value  # contractlens-disable-line CL110  this line
 *   # contractlens-disable CL110                  the whole file
 * Codes may be separated by spaces or commas; `--` ends the list (a reason may follow). A suppression that
 * suppresses nothing is reported (CL140, hint) with a fix that removes it, so stale comments do not pile up.
 *
 * The YAML tree keeps no comments, so they are found in the text: only where `contractlens-disable` occurs (one
 * indexOf scan), and only when the `#` starts a YAML comment (not inside a quoted string).
 */
import { ruleInfo } from './catalog.js';
import type { Finding } from '../findings.js';
import { LineIndex } from '../text/lineIndex.js';
import { findingAt } from './util.js';

export type SuppressionKind = 'next-line' | 'line' | 'file';

export interface Suppression {
  kind: SuppressionKind;
  /** 0-based line the suppression applies to (the comment's own line for `file`). */
  line: number;
  /** Codes with their offsets in the text; empty means every code. */
  codes: { code: string; start: number; end: number }[];
  /** The comment, from `#` to the end of the directive. */
  start: number;
  end: number;
  /** Whether the comment is alone on its line (then removing it removes the line). */
  ownLine: boolean;
}

const MARKER = 'contractlens-disable';
const DIRECTIVE = /^#\s*contractlens-disable(-next-line|-line)?(?=\s|$)/;

export function parseSuppressions(text: string, lineIndex?: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  let lines = lineIndex;
  for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + MARKER.length)) {
    lines ??= new LineIndex(text);
    const line = lines.positionAt(at).line;
    const lineStart = lines.lineStart(line);
    const lineText = lines.lineText(line);
    const hash = commentStart(lineText);
    if (hash < 0 || lineStart + hash > at) continue;
    const comment = lineText.slice(hash);
    const m = DIRECTIVE.exec(comment);
    if (!m) continue;
    const kind: SuppressionKind = m[1] === '-next-line' ? 'next-line' : m[1] === '-line' ? 'line' : 'file';
    const codes: Suppression['codes'] = [];
    const rest = comment.slice(m[0].length);
    const tokenRe = /[^\s,]+/g;
    for (let t = tokenRe.exec(rest); t; t = tokenRe.exec(rest)) {
      if (t[0] === '--' || !/^CL\d{3}$/i.test(t[0])) break;
      const start = lineStart + hash + m[0].length + t.index;
      codes.push({ code: t[0].toUpperCase(), start, end: start + t[0].length });
    }
    let target = line;
    if (kind === 'next-line') {
      target = line + 1;
      while (target < lines.lineCount && /^\s*#/.test(lines.lineText(target))) target++;
    }
    const ownLine = lineText.slice(0, hash).trim() === '';
    out.push({ kind, line: target, codes, start: lineStart + hash, end: lineStart + lineText.trimEnd().length, ownLine });
    at = lineStart + lineText.length;
  }
  return out;
}

/** Index of the `#` that starts a YAML comment on this line, or -1 (a `#` must follow whitespace, outside quotes). */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
    else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{\-?]/.test(line[i - 1]))) quote = c;
  }
  return -1;
}

export interface SuppressionOptions {
  /**
   * Which codes this call can judge "unused": only codes this pipeline produces. Drift (CL2xx) and diff (CL3xx)
   * findings are computed elsewhere, so a comment naming them is never called unused here. Default: CL0xx/CL1xx.
   */
  reportsUnused?: (code: string) => boolean;
  /** Set false when applying suppressions to a partial list of findings (no CL140 at all). */
  reportUnused?: boolean;
}

const LINT_CODE = /^CL[01]\d\d$/;
const SQL_CODES = new Set(['CL123', 'CL126']);

/** Lint codes (CL0xx, CL1xx) are all in the catalog; data (CL2xx) and git (CL3xx) codes register when their area loads. */
function isKnownCode(code: string): boolean {
  return LINT_CODE.test(code) ? ruleInfo(code) !== undefined : /^CL[23]\d\d$/.test(code);
}

/**
 * The options the lint pipeline uses: only codes whose pass really ran can be called unused. Without a contract
 * (empty file, not a mapping, unreadable) the rules did not run at all; without a SQL parser (untrusted workspace,
 * a front end without DuckDB) CL123/CL126 were not checked.
 */
export function lintSuppressionOptions(ran: { rules: boolean; sql: boolean }): SuppressionOptions {
  if (!ran.rules) return { reportUnused: false };
  return { reportsUnused: (code) => LINT_CODE.test(code) && (ran.sql || !SQL_CODES.has(code)) };
}

export function applySuppressions(text: string, findings: Finding[], options: SuppressionOptions = {}): Finding[] {
  if (text.indexOf(MARKER) === -1) return findings;
  const lines = new LineIndex(text);
  const sups = parseSuppressions(text, lines);
  if (sups.length === 0) return findings;
  const used = new Set<string>(); // `${supIndex}` for code-less, `${supIndex}:${code}` per code
  const byLine = new Map<number, number[]>();
  const fileWide: number[] = [];
  sups.forEach((s, i) => {
    if (s.kind === 'file') fileWide.push(i);
    else byLine.set(s.line, [...(byLine.get(s.line) ?? []), i]);
  });
  const matches = (i: number, code: string): boolean => {
    const s = sups[i];
    if (s.codes.length === 0) {
      used.add(`${i}`);
      return true;
    }
    if (!s.codes.some((c) => c.code === code)) return false;
    used.add(`${i}:${code}`);
    return true;
  };
  const kept: Finding[] = [];
  for (const f of findings) {
    if (f.code === 'CL140') {
      kept.push(f);
      continue;
    }
    const line = lines.positionAt(f.range.start).line;
    let suppressed = false;
    for (const i of byLine.get(line) ?? []) if (matches(i, f.code)) suppressed = true;
    for (const i of fileWide) if (matches(i, f.code)) suppressed = true;
    if (!suppressed) kept.push(f);
  }
  if (options.reportUnused === false) return kept;
  const judged = options.reportsUnused ?? ((c: string) => LINT_CODE.test(c));
  sups.forEach((s, i) => {
    const removeComment = { title: 'Remove this unused suppression comment', edits: [{ range: commentRemoval(text, lines, s), newText: '' }], preferred: true };
    if (s.codes.length === 0) {
      if (!used.has(`${i}`)) kept.push(unused(`This suppression comment suppresses nothing: no finding on ${where(s)}.`, s, removeComment));
      return;
    }
    // A code no rule has (a typo such as CL0123 or CL199) would silently suppress nothing forever.
    for (const c of s.codes.filter((c) => !isKnownCode(c.code))) {
      kept.push(findingAt('CL140', `${c.code} is not a Contract Lens rule code, so this suppresses nothing (codes look like CL110; see docs/rules/).`, c));
    }
    const unusedCodes = s.codes.filter((c) => isKnownCode(c.code) && judged(c.code) && !used.has(`${i}:${c.code}`));
    if (unusedCodes.length === 0) return;
    if (unusedCodes.length === s.codes.length) {
      kept.push(unused(`This suppression comment suppresses nothing: no ${s.codes.map((c) => c.code).join(' / ')} finding on ${where(s)}.`, s, removeComment));
      return;
    }
    for (const c of unusedCodes) {
      const before = text.slice(Math.max(s.start, c.start - 8), c.start);
      const sep = /[\s,]*$/.exec(before)![0].length;
      kept.push(findingAt('CL140', `${c.code} is suppressed here but no ${c.code} finding is on ${where(s)}.`, c, {
        fixes: [{ title: `Remove ${c.code} from this suppression`, edits: [{ range: { start: c.start - sep, end: c.end }, newText: '' }], preferred: true }],
      }));
    }
  });
  return kept;
}

function where(s: Suppression): string {
  return s.kind === 'file' ? 'this file' : `line ${s.line + 1}`;
}

function unused(message: string, s: Suppression, fix: NonNullable<Finding['fixes']>[number]): Finding {
  const f = findingAt('CL140', message, s, { fixes: [fix] });
  f.tags = ['unnecessary'];
  return f;
}

/** The whole line for a comment alone on its line; else the comment and the spaces before it. */
function commentRemoval(text: string, lines: LineIndex, s: Suppression): { start: number; end: number } {
  const line = lines.positionAt(s.start).line;
  const lineEnd = lines.lineEnd(line);
  if (s.ownLine) {
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : lineEnd;
    return { start: lines.lineStart(line), end: next };
  }
  let start = s.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: lineEnd };
}
