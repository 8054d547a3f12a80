/**
 * Mutations of a contract, as a hostile editor (or a careless paste) would produce them. Each operator returns the
 * new text; `mutate` applies a few at random and names them, so a saved failure says what was done.
 */
import type { Rng } from './random.ts';

export interface MutationOptions {
  /** Upper bound for generated long lines (characters). */
  maxLongLine: number;
  /** Upper bound for generated nesting depth. */
  maxDepth: number;
}

type Operator = (text: string, rng: Rng, o: MutationOptions) => string;

const lines = (t: string) => t.split('\n');
const join = (ls: string[]) => ls.join('\n');
const at = (t: string, rng: Rng) => rng.int(t.length + 1);
const insert = (t: string, i: number, s: string) => t.slice(0, i) + s + t.slice(i);

const UNICODE = ['é', 'ß', '中文', '🙂', '👩‍👩‍👧', '\u202E', '\u200B', 'e\u0301', '\uFFFD', '\u2028', '\u2029', '𝔘'];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\u000B', '\f', '\u001B', '\u007F', '\u0085'];
const SURROGATES = ['\uD800', '\uDFFF', '\uDBFF', 'a\uDC00b'];
const HUGE = ['1e400', '-1e400', '123456789012345678901234567890123456789', '0x' + 'f'.repeat(40), '.inf', '-.nan', '1_000_000', '0o777777777777777777777', '9'.repeat(400)];
const TAGS = ['!!str', '!!int', '!!binary', '!!map', '!!seq', '!custom', '!<tag:yaml.org,2002:str>', '!!timestamp', '!!set', '!!omap'];
const KEYS = ['name', 'type', 'logicalType', 'required', 'schema', 'properties', 'quality', 'servers', 'relationships', 'to', 'query', 'path', 'kind', 'apiVersion', 'id'];

export const OPERATORS: Record<string, Operator> = {
  deleteLines: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    ls.splice(i, 1 + rng.int(3));
    return join(ls);
  },
  duplicateLines: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    const n = 1 + rng.int(4);
    ls.splice(i, 0, ...ls.slice(i, i + n));
    return join(ls);
  },
  swapLines: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    const j = rng.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return join(ls);
  },
  indent: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    const n = 1 + rng.int(3);
    for (let k = i; k < Math.min(ls.length, i + n); k++) {
      const r = rng.int(4);
      ls[k] = r === 0 ? ls[k].replace(/^ {1,2}/, '') : r === 1 ? '  ' + ls[k] : r === 2 ? ' ' + ls[k] : '\t' + ls[k];
    }
    return join(ls);
  },
  truncate: (t, rng) => t.slice(0, at(t, rng)),
  unicode: (t, rng) => insert(t, at(t, rng), rng.pick(UNICODE)),
  control: (t, rng) => insert(t, at(t, rng), rng.pick(CONTROL)),
  nul: (t, rng) => insert(t, at(t, rng), '\u0000'.repeat(1 + rng.int(3))),
  loneSurrogate: (t, rng) => insert(t, at(t, rng), rng.pick(SURROGATES)),
  bom: (t, rng) => (rng.chance(0.7) ? '\uFEFF' + t : insert(t, at(t, rng), '\uFEFF')),
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  cr: (t) => t.replace(/\r?\n/g, '\r'),
  mixedLineEnds: (t, rng) => t.replace(/\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\n'])),
  emptyFirstLine: (t) => '\n' + t,
  longLine: (t, rng, o) => {
    const ls = lines(t);
    const n = 1000 + rng.int(Math.max(1, o.maxLongLine - 1000));
    const unit = rng.pick(['ab cd ', 'x', '{"k": [1, 2, "v"]}, ', '- ', 'a: b, ', '#', '"', ' ']);
    const blob = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    const i = rng.int(ls.length);
    ls.splice(i, 0, rng.pick([`description: ${blob}`, `    ${blob}`, blob, `  - name: ${blob}`, `        query: ${blob}`]));
    return join(ls);
  },
  deepNesting: (t, rng, o) => {
    const depth = 10 + rng.int(Math.max(1, o.maxDepth - 10));
    const ls = lines(t);
    const r = rng.int(3);
    const nested = r === 0 ? `customProperties: ${'['.repeat(depth)}${']'.repeat(depth)}` : r === 1 ? `customProperties: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}` : Array.from({ length: Math.min(depth, 300) }, (_, k) => `${' '.repeat(k)}k${k}:`).join('\n') + ' x';
    ls.splice(rng.int(ls.length), 0, nested);
    return join(ls);
  },
  anchorsAliases: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    const m = /^(\s*(?:- )?[\w$]+:)(.*)$/.exec(ls[i]);
    if (m) ls[i] = `${m[1]} &a${i}${m[2]}`;
    const j = rng.int(ls.length);
    const r = rng.int(3);
    ls.splice(j, 0, r === 0 ? `${' '.repeat(rng.int(8))}<<: *a${i}` : r === 1 ? `${' '.repeat(rng.int(8))}alias: *a${i}` : `${' '.repeat(rng.int(8))}- *a${rng.int(ls.length)}`);
    return join(ls);
  },
  aliasBomb: (t) => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let k = 1; k < 9; k++) bomb += `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]\n`;
    return t + '\n' + bomb;
  },
  tags: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    ls[i] = ls[i].replace(/: /, `: ${rng.pick(TAGS)} `);
    return join(ls);
  },
  hugeNumbers: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    ls[i] = /:\s*\S/.test(ls[i]) ? ls[i].replace(/:\s*.*$/, `: ${rng.pick(HUGE)}`) : `${ls[i]} ${rng.pick(HUGE)}`;
    return join(ls);
  },
  duplicateKey: (t, rng) => {
    const ls = lines(t);
    const keyed = ls.map((l, k) => [l, k] as const).filter(([l]) => /^\s*[\w$]+:/.test(l));
    if (keyed.length === 0) return t;
    const [l, k] = rng.pick(keyed);
    ls.splice(k + 1, 0, l.replace(/^(\s*)- /, '$1  '));
    return join(ls);
  },
  randomKey: (t, rng) => {
    const ls = lines(t);
    const i = rng.int(ls.length);
    const indent = /^\s*/.exec(ls[i])![0];
    ls.splice(i, 0, `${indent}${rng.pick(['', '- '])}${rng.pick(KEYS)}:${rng.pick(['', ' ', ' x', ' [', ' {', ' |', ' >-', ' "', " '", ' *nope', ' null', ' ~'])}`);
    return join(ls);
  },
  syntaxChars: (t, rng) => insert(t, at(t, rng), rng.pick([':', ': ', '- ', '#', '"', "'", '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '---\n', '...\n', '? '])),
  deleteChars: (t, rng) => {
    const i = at(t, rng);
    return t.slice(0, i) + t.slice(i + 1 + rng.int(20));
  },
  manyKeys: (t, rng) => t + '\ncustomProperties:\n' + Array.from({ length: 100 + rng.int(3000) }, (_, k) => `  k${k}: ${k}`).join('\n') + '\n',
  multiDocument: (t) => t + '\n---\n' + t,
  notAMapping: (t, rng) => rng.pick(['', ' ', '- a\n- b\n', 'just text', '~', '[1, 2', '{', '\u0000', '\uFEFF', '\n', '\r\n', '\r']) + (rng.chance(0.3) ? t : ''),
};

const NAMES = Object.keys(OPERATORS);

/** One to four mutations of `base`; the names of the operators applied, in order. */
export function mutate(base: string, rng: Rng, options: MutationOptions): { text: string; ops: string[] } {
  let text = base;
  const ops: string[] = [];
  const n = 1 + rng.int(4);
  for (let k = 0; k < n; k++) {
    const name = rng.pick(NAMES);
    text = OPERATORS[name](text, rng, options);
    ops.push(name);
  }
  return { text, ops };
}

/** A small random edit of `text` (what typing does): [start, end) replaced by `insert`. */
export function randomEdit(text: string, rng: Rng): { start: number; end: number; insert: string } {
  const start = rng.int(text.length + 1);
  const end = Math.min(text.length, start + (rng.chance(0.5) ? 0 : rng.int(30)));
  const insertText = rng.chance(0.3) ? '' : rng.pick(['a', ' ', '\n', '\r\n', ':', '- ', '  ', 'name: x\n', '\n  - ', '#', '"', '\u0000', '🙂', '\uD800', rng.pick(KEYS)]);
  return { start, end, insert: insertText };
}
