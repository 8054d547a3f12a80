/**
 * CL122: a `pattern` that is not a valid regular expression, in `logicalTypeOptions` (DCS: the field's `pattern`)
 * or in an `invalidValues` rule's `arguments.pattern`. ODCS says patterns follow ECMA-262, so they are compiled as
 * JavaScript regular expressions (cached by text). The finding points at the offending character when it can.
 * CL127: a valid pattern that uses lookaround or back-references, which DuckDB (RE2) cannot run in data checks.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Located } from '../model/types.js';
import { allQualityRules } from './quality.js';
import { allSchemaProperties, compileRegex, findingAt, valueIndexToOffset } from './util.js';

export function checkPatterns(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  for (const [, prop] of allSchemaProperties(contract)) {
    const p = prop.options.get('pattern');
    if (p) checkOne(ctx, p, `\`${prop.path}\``, out);
  }
  for (const rule of allQualityRules(contract)) {
    const p = rule.arguments.get('pattern');
    if (p) checkOne(ctx, p, 'this quality rule', out);
  }
}

function checkOne(ctx: AnalysisContext, loc: Located<unknown>, owner: string, out: Finding[]): void {
  if (typeof loc.value !== 'string') return;
  const compiled = compileRegex(loc.value);
  if (compiled instanceof RegExp) {
    const np = nonPortable(loc.value);
    if (np) {
      const toOffset = valueIndexToOffset(ctx.text, loc.node);
      out.push(findingAt('CL127', `The pattern of ${owner} uses ${np.what}, which DuckDB's regular expressions (RE2) do not support: \`contractlens check\` and the preview cannot test it.`, { start: toOffset(np.start), end: toOffset(np.end) }));
    }
    return;
  }
  const reason = compiled.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  const at = locateRegexError(loc.value);
  const toOffset = valueIndexToOffset(ctx.text, loc.node);
  const range = at ? { start: toOffset(at[0]), end: toOffset(at[1]) } : loc.node;
  out.push(findingAt('CL122', `The pattern of ${owner} is not a valid regular expression: ${reason}.`, range.end > range.start ? range : loc.node));
}

/** Valid ECMAScript that RE2 (the engine behind DuckDB's regexp functions, used by data checks) rejects. */
export function nonPortable(p: string): { what: string; start: number; end: number } | undefined {
  const m = /\(\?<?[=!]|\\[1-9]|\\k</.exec(p);
  if (!m) return undefined;
  // Skip a match that is itself escaped (`\\(?=` is a literal backslash then a group).
  let backslashes = 0;
  for (let i = m.index - 1; i >= 0 && p[i] === '\\'; i--) backslashes++;
  if (backslashes % 2 === 1) return undefined;
  const what = m[0].startsWith('(') ? (m[0].includes('<') ? 'a lookbehind' : 'a lookahead') : 'a back-reference';
  return { what, start: m.index, end: m.index + m[0].length };
}

/**
 * Finds the character span of the most common regex mistakes, so the editor can underline it: an unclosed group or
 * character class, an unmatched `)`, a quantifier with nothing to repeat, `{5,2}`, `[z-a]`, a trailing backslash.
 * Returns undefined when the mistake is something else (the whole pattern is then underlined).
 */
export function locateRegexError(p: string): [number, number] | undefined {
  const groups: number[] = [];
  let classStart = -1;
  // What precedes the current position: 'none' (start, after `(` or `|`), 'atom', 'quantifier', 'lazy'.
  let prev: 'none' | 'atom' | 'quantifier' | 'lazy' = 'none';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i === p.length - 1) return [i, i + 1];
      if (classStart < 0) prev = 'atom';
      i++;
      continue;
    }
    if (classStart >= 0) {
      if (c === ']' && i > classStart + 1 && !(i === classStart + 2 && p[classStart + 1] === '^')) classStart = -1;
      else if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']' && p[i + 2] !== '\\' && c > p[i + 2]) return [i, i + 3];
      if (classStart < 0) prev = 'atom';
      continue;
    }
    if (c === '[') classStart = i;
    else if (c === '(') {
      groups.push(i);
      prev = 'none';
      if (p[i + 1] === '?') i += p[i + 2] === '<' && p[i + 3] !== '=' && p[i + 3] !== '!' ? 2 : p[i + 2] === '<' ? 3 : 2;
    } else if (c === ')') {
      if (groups.length === 0) return [i, i + 1];
      groups.pop();
      prev = 'atom';
    } else if (c === '|') prev = 'none';
    else if (c === '*' || c === '+' || c === '?') {
      if (c === '?' && prev === 'quantifier') prev = 'lazy';
      else if (prev !== 'atom') return [i, i + 1];
      else prev = 'quantifier';
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m) {
        if (prev !== 'atom') return [i, i + m[0].length];
        if (m[3] !== undefined && m[3] !== '' && Number(m[1]) > Number(m[3])) return [i, i + m[0].length];
        prev = 'quantifier';
        i += m[0].length - 1;
      } else prev = 'atom';
    } else prev = c === '^' || c === '$' ? (prev === 'none' ? 'none' : 'atom') : 'atom';
  }
  if (classStart >= 0) return [classStart, p.length];
  if (groups.length) return [groups[groups.length - 1], groups[groups.length - 1] + 1];
  return undefined;
}
