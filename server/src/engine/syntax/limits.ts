/**
 * Analysis limits: what one document may cost.
 *
 * The `yaml` parser is linear for ordinary text but not for a long line full of flow syntax (a pasted minified JSON
 * example): its lexer looks ahead to the line end at every token, so 0.8 MB of `[{"k": 1}, …]` on one line takes
 * ~10 s. Very deep flow nesting (`[[[[…]]]]`) recurses once per level and can exhaust the stack. Nobody types either
 * into a contract; they arrive by paste, and then they must not freeze the editor.
 *
 * So before parsing, the content of a line longer than MAX_LINE_CHARS, or with flow brackets nested deeper than
 * MAX_FLOW_DEPTH, is blanked: its indentation, list dashes and `key:` stay, the rest becomes `x #` and spaces of the
 * same length (offsets of everything else are unchanged, and the line stays valid YAML in any context). Each such
 * line is reported once (CL019) and findings inside it are dropped (analyze.ts): the value is not analysed.
 */
import type { SyntaxIssue } from './parse.js';

/** 16 KB: 100× the longest line of the ODCS examples; a one-line SQL query of 16 KB is still analysed. */
export const MAX_LINE_CHARS = 16 * 1024;
/** Flow brackets nested on one line beyond this depth (the deepest ODCS example nests 3). */
export const MAX_FLOW_DEPTH = 128;
/**
 * Block nesting (by indentation) beyond this depth: the parser recurses per level and overflows the stack at a few
 * hundred. The deepest ODCS example nests 12 levels.
 */
export const MAX_BLOCK_DEPTH = 100;

/**
 * What a blanked value becomes: a plain `x`, then a comment holding the rest of the line (the parser skips a comment
 * to its line end in one step, where it would read spaces of a value one by one).
 */
const PLACEHOLDER = 'x #';

const NL = 10, CR = 13, SPACE = 32, HASH = 35, OPEN_SQ = 91, CLOSE_SQ = 93, OPEN_CURLY = 123, CLOSE_CURLY = 125;

/** What stays of a blanked line: indentation, dashes and a short key. */
const KEEP = /^[ \t]*(?:-[ \t]+)*(?:(?:"[^"\n]{0,256}"|'[^'\n]{0,256}'|[^\s#:'"{}[\],-][^:#\n]{0,256}?)[ \t]*:[ \t]+)?/;

export interface GuardedText {
  /** The text the parser sees (same length as the input). */
  text: string;
  /** One CL019 per blanked line, offsets relative to the input. */
  issues: SyntaxIssue[];
}

export function guardText(input: string): GuardedText {
  // YAML 1.2 breaks lines at a lone CR too; the `yaml` parser does not, and would read a CR-only file as one
  // line (wrong structure, and deep recursion on a large file). Same length: offsets are unchanged.
  const text = input.includes('\r') ? input.replace(/\r(?!\n)/g, '\n') : input;
  let parts: string[] | undefined;
  let copied = 0;
  const issues: SyntaxIssue[] = [];
  const len = text.length;
  let start = 0;
  /** Indentations of the enclosing block levels; lines deeper than MAX_BLOCK_DEPTH are blanked whole. */
  const indents: number[] = [];
  let deepRun = false;
  while (start <= len) {
    // Lines end at LF, CR or CRLF (YAML's line breaks), so a CR-only file is not one long line.
    let end = start;
    let depth = 0;
    let maxDepth = 0;
    for (; end < len; end++) {
      const c = text.charCodeAt(end);
      if (c === NL || c === CR) break;
      if (c === OPEN_SQ || c === OPEN_CURLY) {
        if (++depth > maxDepth) maxDepth = depth;
      } else if ((c === CLOSE_SQ || c === CLOSE_CURLY) && depth > 0) depth--;
    }
    let indent = 0;
    while (start + indent < end && text.charCodeAt(start + indent) === SPACE) indent++;
    const content = start + indent < end && text.charCodeAt(start + indent) !== HASH;
    if (content) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    if (content && indents.length > MAX_BLOCK_DEPTH) {
      parts ??= [];
      parts.push(text.slice(copied, start), ' '.repeat(end - start));
      copied = end;
      if (!deepRun) {
        issues.push({
          code: 'CL019',
          severity: 'warning',
          message: `Lines here are nested more than ${MAX_BLOCK_DEPTH} levels deep: Contract Lens does not analyse deeper nesting, so this part is not checked.`,
          start: start + indent,
          end,
        });
      }
      deepRun = true;
      if (end >= len) break;
      start = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === NL ? 2 : 1);
      continue;
    }
    if (content) deepRun = false;
    const long = end - start > MAX_LINE_CHARS;
    if (long || maxDepth > MAX_FLOW_DEPTH) {
      const keep = KEEP.exec(text.slice(start, start + 1024))![0].length;
      const from = start + keep;
      parts ??= [];
      parts.push(text.slice(copied, from), PLACEHOLDER.slice(0, end - from), end - from > PLACEHOLDER.length ? ' '.repeat(end - from - PLACEHOLDER.length) : '');
      copied = end;
      const what = long ? `This line is ${Math.round((end - start) / 1024)} KB long` : `Brackets on this line nest ${maxDepth} levels deep`;
      const limit = long ? `lines longer than ${MAX_LINE_CHARS / 1024} KB` : `flow nesting deeper than ${MAX_FLOW_DEPTH} levels`;
      issues.push({
        code: 'CL019',
        severity: 'warning',
        message: `${what}: Contract Lens does not analyse ${limit}, so this value is not checked. Move a pasted blob (a JSON example, a long query) into a file and link it, or break it over several lines.`,
        start: from,
        end,
      });
    }
    if (end >= len) break;
    start = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === NL ? 2 : 1);
  }
  if (!parts) return { text, issues };
  parts.push(text.slice(copied));
  return { text: parts.join(''), issues };
}

/** True when a finding's range lies in a blanked part of the text (it is about the placeholder, not the user's value). */
export function insideLimited(limited: readonly { start: number; end: number }[], range: { start: number; end: number }): boolean {
  return limited.some((l) => range.start <= l.end && range.end >= l.start);
}
