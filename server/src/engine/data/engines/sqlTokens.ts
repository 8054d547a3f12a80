/**
 * What the token-level sandboxes of the database engines (PostgreSQL, MySQL) share: the token shape their tokenizers
 * produce, and the statement-shape check that comes before each engine's own refusals (keywords, functions,
 * variables). Each engine keeps its own tokenizer, because quoting and comments differ between the two.
 */
import { UntrustedSqlRejected } from '../sandbox.js';

export interface SqlToken {
  kind: 'word' | 'quoted' | 'string' | 'symbol' | 'number';
  text: string;
  at: number;
}

/**
 * Throws UntrustedSqlRejected unless the tokens are ONE query (SELECT / WITH … SELECT / VALUES / TABLE). Returns the
 * text and tokens without a trailing semicolon.
 */
export function singleReadOnlyQuery(sql: string, tokenize: (sql: string) => SqlToken[]): { text: string; tokens: SqlToken[] } {
  if (!sql.trim()) throw new UntrustedSqlRejected('The SQL query is empty.');
  let tokens = tokenize(sql);
  let text = sql;
  while (tokens.length && tokens[tokens.length - 1].text === ';') {
    text = text.slice(0, tokens[tokens.length - 1].at);
    tokens = tokens.slice(0, -1);
  }
  if (!tokens.length) throw new UntrustedSqlRejected('The SQL query is empty.');
  if (tokens.some((t) => t.kind === 'symbol' && t.text === ';')) {
    throw new UntrustedSqlRejected('Only one SQL statement is allowed in a contract query; this text holds more than one.');
  }
  const first = tokens.find((t) => !(t.kind === 'symbol' && t.text === '('));
  if (!first || first.kind !== 'word' || !['select', 'with', 'values', 'table'].includes(first.text)) {
    const word = first?.text.toUpperCase() ?? '';
    throw new UntrustedSqlRejected(`Only a read-only query (SELECT, WITH, VALUES) is allowed in a contract; this is ${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word || 'different'} statement.`);
  }
  return { text, tokens };
}

/** What an engine refuses inside a query that has the right shape. */
export interface TokenRefusals {
  /** Words that write, lock or change the session (`INTO`, `FOR UPDATE`…), lower case. */
  keywords: ReadonlySet<string>;
  /** Whether a function (name in lower case) reaches the server's files, other servers or other sessions. */
  refusedFunction: (name: string) => boolean;
  /** Why a refused function is refused, on this engine. */
  functionReason: string;
  /** `@name` / `@@setting` variables (MySQL). */
  refuseVariables?: boolean;
}

/** Throws UntrustedSqlRejected at the first token the engine refuses. */
export function refuseTokens(tokens: readonly SqlToken[], refusals: TokenRefusals): void {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'word' && refusals.keywords.has(t.text)) {
      throw new UntrustedSqlRejected(`Only a read-only query is allowed in a contract; ${t.text.toUpperCase()} is refused.`);
    }
    if (refusals.refuseVariables && t.kind === 'symbol' && t.text === '@') {
      throw new UntrustedSqlRejected('Variables (@name, @@setting) are not allowed in a contract query.');
    }
    if ((t.kind === 'word' || t.kind === 'quoted') && tokens[k + 1]?.text === '(') {
      const name = t.text.toLowerCase();
      if (refusals.refusedFunction(name)) throw new UntrustedSqlRejected(`The function ${name}() ${refusals.functionReason}: it is refused in contract SQL.`);
    }
  }
}
