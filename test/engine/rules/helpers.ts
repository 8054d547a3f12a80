/** Runs fixtures through the real pipeline (analyzeDocument with a real WorkspaceIndex) and reports 1-based positions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument, type AnalyzeOptions } from '../../../server/src/engine/analyze.ts';
import type { Finding } from '../../../server/src/engine/findings.ts';
import { LineIndex } from '../../../server/src/engine/text/lineIndex.ts';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index.ts';
import { ROOT } from '../../helpers/paths.ts';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');

export interface Located {
  code: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The text under the range, to make failures readable. */
  text: string;
  message: string;
  finding: Finding;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}

export function locate(text: string, f: Finding): Located {
  const li = new LineIndex(text);
  const s = li.positionAt(f.range.start);
  const e = li.positionAt(f.range.end);
  return { code: f.code, severity: f.severity, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, text: text.slice(f.range.start, f.range.end), message: f.message, finding: f };
}

/** Analyses `file` (a fixture name or absolute path) with the other files indexed too; returns its findings. */
export async function lint(file: string, others: string[] = [], options: AnalyzeOptions = {}, index = new WorkspaceIndex()): Promise<Located[]> {
  const path = file.startsWith('/') ? file : join(FIXTURES, file);
  for (const o of others) {
    const p = o.startsWith('/') ? o : join(FIXTURES, o);
    index.set(uriOf(p), readFileSync(p, 'utf8'));
  }
  const text = readFileSync(path, 'utf8');
  const doc = index.set(uriOf(path), text);
  const findings = await analyzeDocument(doc, index, options);
  return findings.map((f) => locate(text, f));
}

/** Only the semantic findings (CL1xx): other passes (schema) are other people's business. */
export function semantic(found: Located[], code?: string): Located[] {
  return found.filter((f) => (code ? f.code === code : /^CL1\d\d$/.test(f.code)));
}

/** `[code, severity, line, column, endLine, endColumn, text]` tuples: compact and readable in assertions. */
export function tuples(found: Located[]): [string, string, number, number, number, number, string][] {
  return found.map((f) => [f.code, f.severity, f.line, f.column, f.endLine, f.endColumn, f.text]);
}

/** Analyses an in-memory version of a document (e.g. after applying a fix) in the given index. */
export async function lintText(uri: string, text: string, index = new WorkspaceIndex(), options: AnalyzeOptions = {}): Promise<Located[]> {
  const doc = index.set(uri, text);
  return (await analyzeDocument(doc, index, options)).map((f) => locate(text, f));
}

/** Applies edits of one document (non-overlapping), last first so offsets stay valid. */
export function applyEdits(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
