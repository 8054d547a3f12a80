/**
 * CL123 / CL126: quality `sql` queries parsed with DuckDB's own parser (no data needed; see data/sqlParser.ts).
 * Placeholders (`${table}`, `${column}`, `{model}`, `{schema}`…) are replaced by identifiers of the same length
 * before parsing, so a position DuckDB reports is a position in the query as written, which is then mapped back
 * into the YAML scalar (block indentation, quotes, folded lines) for an exact range.
 */
import type { Finding } from '../findings.js';
import type { Contract, Located } from '../model/types.js';
import type { YNode } from '../syntax/ast.js';
import { withStandIns } from '../sql/placeholders.js';
import { allQualityRules } from './quality.js';
import { findingAt, valueIndexToOffset } from './util.js';

export interface SqlParseError {
  message: string;
  /** Index in the SQL text (UTF-16 code units) where the parser stopped, when it says. */
  offset?: number;
  /** `syntax`: does not parse; `not-a-query`: parses but is not one SELECT (DELETE, COPY, several statements…); `empty`. */
  kind?: 'syntax' | 'not-a-query' | 'empty';
}

/** Parses one SQL text; resolves to undefined when it parses as a single SELECT, else the error. */
export interface SqlParser {
  parse(sql: string): Promise<SqlParseError | undefined>;
}

/** `${table}` → `p0______`: a harmless identifier of exactly the same length (see sql/placeholders.ts). */
export function substitutePlaceholders(sql: string): string {
  return withStandIns(sql).sql;
}

/**
 * Checks every `sql` quality query of a contract. `text` is the document text; without it the findings cover the
 * whole query instead of the offending token.
 */
export async function checkSqlSyntax(contract: Contract, parser: SqlParser, text?: string): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const rule of allQualityRules(contract)) {
    const q = rule.query;
    if (!q || (rule.type && rule.type.value !== 'sql')) continue;
    let err: SqlParseError | undefined;
    try {
      err = await parser.parse(substitutePlaceholders(q.value));
    } catch {
      // The parser itself failed (DuckDB unavailable): say nothing rather than blame the query.
      continue;
    }
    if (!err) continue;
    try {
      out.push(sqlFinding(err, q, text));
    } catch {
      // Mapping the position failed on a scalar shape nobody foresaw: the finding on the whole query still helps.
      out.push(findingAt('CL123', `SQL syntax error: ${err.message}`, q.node));
    }
  }
  return out;
}

function sqlFinding(err: SqlParseError, q: Located<string>, text: string | undefined): Finding {
  const whole = { start: q.node.start, end: q.node.end };
  if (err.kind === 'not-a-query') return findingAt('CL126', `A quality query must be a single read-only SELECT statement: ${err.message}`, whole);
  if (err.kind === 'empty') return findingAt('CL123', 'The SQL query is empty: write a SELECT that returns the value the operator (mustBe, mustBeLessThan…) compares.', whole);
  return findingAt('CL123', `SQL syntax error: ${err.message.replace(/\.?$/, '.')}`, text && err.offset !== undefined ? tokenRange(text, q.node, q.value, err.offset) : whole);
}

/** The token at `offset` in the SQL (the last token when the parser ran off the end), as a document range. */
function tokenRange(text: string, node: YNode, sql: string, offset: number): { start: number; end: number } {
  const toOffset = valueIndexToOffset(text, node);
  let start = Math.max(0, Math.min(offset, sql.length));
  if (start >= sql.trimEnd().length) {
    // "syntax error at end of input": underline the last token, where the query stops short.
    const trimmed = sql.trimEnd();
    const m = /(\w+|\S)$/.exec(trimmed);
    start = m ? trimmed.length - m[0].length : Math.max(0, trimmed.length - 1);
  }
  while (start < sql.length && /\s/.test(sql[start])) start++;
  const m = /^(\w+|'[^'\n]*'?|"[^"\n]*"?|\S)/.exec(sql.slice(start, start + 200));
  const end = start + (m ? m[0].length : 1);
  return { start: toOffset(start), end: toOffset(end) };
}
