/**
 * `reconcile --where PREDICATE`: one boolean expression applied on both copies (e.g. a time window, for tables that
 * change while they are compared). The text runs on two engines, so it is checked here, by tokens, independently of
 * any engine: no statement separator, no comment, no subquery or set operation, and only functions from a short list
 * of pure ones (dates, text, arithmetic), so `LOAD_FILE(…)`, `pg_read_file(…)` or `read_csv(…)` cannot appear.
 */

export class WherePredicateRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WherePredicateRejected';
  }
}

/** Functions a predicate may call: pure, available under these names on the engines we reconcile. */
const ALLOWED_FUNCTIONS = new Set([
  'abs', 'round', 'floor', 'ceil', 'ceiling', 'mod', 'coalesce', 'nullif', 'lower', 'upper', 'trim', 'length', 'char_length',
  'substring', 'substr', 'cast', 'date', 'now', 'current_date', 'current_timestamp', 'extract', 'date_trunc', 'greatest', 'least',
]);

/** Operators that may precede a parenthesis without being a function call: `x IN (1, 2)`, `NOT (a OR b)`. */
const OPERATOR_WORDS = new Set(['in', 'and', 'or', 'not', 'when', 'then', 'else', 'between', 'is', 'like', 'as']);

/** Words that would turn the expression into (part of) a statement. */
const FORBIDDEN_WORDS = new Set([
  'select', 'from', 'union', 'intersect', 'except', 'into', 'outfile', 'dumpfile', 'insert', 'update', 'delete', 'drop',
  'create', 'alter', 'grant', 'revoke', 'copy', 'attach', 'install', 'load', 'call', 'exec', 'execute', 'pragma', 'set',
  'with', 'returning', 'lock', 'sleep',
]);

/** The predicate, trimmed, or throws WherePredicateRejected with the reason. */
export function checkWherePredicate(text: string): string {
  const sql = text.trim();
  if (!sql) throw new WherePredicateRejected('--where is empty.');
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'") {
      // A string literal ('' escapes a quote); backslashes are refused inside, since MySQL reads them as escapes.
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new WherePredicateRejected('--where has an unterminated string literal.');
        if (sql[j] === '\\') throw new WherePredicateRejected('--where: backslashes in string literals read differently on each engine; leave them out.');
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
      continue;
    }
    if (ch === '"' || ch === '`') {
      const j = sql.indexOf(ch, i + 1);
      if (j < 0) throw new WherePredicateRejected('--where has an unterminated quoted identifier.');
      i = j + 1;
      continue;
    }
    if (ch === ';') throw new WherePredicateRejected('--where must be one expression, not statements (`;`).');
    if (sql.startsWith('--', i) || sql.startsWith('/*', i) || ch === '#') throw new WherePredicateRejected('--where must not contain comments.');
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) throw new WherePredicateRejected('--where has an unbalanced `)`.');
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      const word = m[0].toLowerCase();
      if (FORBIDDEN_WORDS.has(word)) throw new WherePredicateRejected(`--where must be one boolean expression over the table's columns; \`${m[0]}\` is not allowed there.`);
      const after = sql.slice(i + m[0].length).trimStart();
      if (after.startsWith('(') && !ALLOWED_FUNCTIONS.has(word) && !OPERATOR_WORDS.has(word)) {
        throw new WherePredicateRejected(`--where may call only ${[...ALLOWED_FUNCTIONS].join(', ')}; \`${m[0]}(…)\` is not one of them.`);
      }
      i += m[0].length;
      continue;
    }
    i++;
  }
  if (depth !== 0) throw new WherePredicateRejected('--where has an unbalanced `(`.');
  return sql;
}
