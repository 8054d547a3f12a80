/**
 * Engine findings (offsets) → report entries (1-based line/column), the one conversion every command that reports
 * findings shares (lint, drift, diff). Offsets become positions through the document's LineIndex, never a re-scan.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '../../engine/findings.js';
import type { ReportEntry, ReportLocation } from '../../engine/report/model.js';
import { ruleDocUrl, ruleInfo } from '../../engine/rules/catalog.js';
import type { LineIndex } from '../../engine/text/lineIndex.js';

/** A path as printed: relative to the working folder when inside it (what CI annotations expect), with `/`. */
export function displayPath(absPath: string, cwd: string): string {
  const rel = relative(cwd, absPath);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absPath;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

export function locate(path: string, lines: LineIndex, range: { start: number; end: number }): ReportLocation {
  const s = lines.positionAt(range.start);
  const e = lines.positionAt(range.end);
  return { path, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function findingEntry(tool: ReportEntry['tool'], finding: Finding, location: ReportLocation): ReportEntry {
  const rule = ruleInfo(finding.code);
  return {
    tool,
    code: finding.code,
    title: rule?.title ?? finding.code,
    severity: finding.severity,
    message: finding.message,
    location,
    group: location.path,
    helpUri: ruleDocUrl(finding.code),
  };
}
