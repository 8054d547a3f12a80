/**
 * CL123 / CL126: quality `sql` queries parsed in the dialect of the servers they run on (sql/dialects.ts): DuckDB's
 * own parser for files and DuckDB databases, node-sql-parser's grammar for database servers. Placeholders are
 * replaced by identifiers of the same length first (sql/placeholders.ts), so a position a parser reports is a
 * position in the query as written, which is then mapped back into the YAML scalar for an exact range.
 *
 * A false error is worse than a missed one (the query may be valid for its engine and the grammar incomplete):
 *  - a contract with several servers: the query is an error only if it parses in none of their dialects;
 *  - a server type no parser covers (oracle, kafka…): nothing is said;
 *  - no server: DuckDB's parser, and an error only if no other dialect parses the text either;
 *  - a database dialect: an error only if DuckDB's parser rejects the text too.
 * The parse that succeeded also lists the tables the query reads, for CL128 (sqlTables.ts).
 */
import type { Finding } from '../findings.js';
import type { Contract, Located, QualityRule } from '../model/types.js';
import type { YNode } from '../syntax/ast.js';
import { dialectLabel, dialectOfServerType, FALLBACK_DIALECTS } from '../sql/dialects.js';
import { parseWithGrammar } from '../sql/nodeSqlParser.js';
import { withStandIns, type StandInSql } from '../sql/placeholders.js';
import type { ParsedSql, SqlDialect, SqlParseError } from '../sql/types.js';
import { allQualityRules } from './quality.js';
import { checkSqlTables, type KnownTables } from './sqlTables.js';
import { findingAt, valueIndexToOffset } from './util.js';

export type { SqlParseError } from '../sql/types.js';

/** DuckDB's parser (data/sqlParser.ts); injected so a front end without DuckDB can skip the SQL pass. */
export interface SqlParser {
  parse(sql: string): Promise<ParsedSql>;
}

/** Whether the contract has a `sql` quality query for the SQL pass to parse. */
export function hasSqlQueries(contract: Contract): boolean {
  for (const rule of allQualityRules(contract)) if (rule.query && (!rule.type || rule.type.value === 'sql')) return true;
  return false;
}

/** `${table}` → `p0______`: a harmless identifier of exactly the same length (see sql/placeholders.ts). */
export function substitutePlaceholders(sql: string): string {
  return withStandIns(sql).sql;
}

/** The dialects a contract's SQL may be written in; `undefined` when some server's dialect no parser covers. */
export function contractDialects(contract: Contract): SqlDialect[] | 'no-server' | undefined {
  const servers = contract.servers.filter((s) => s.type);
  if (servers.length === 0) return 'no-server';
  const out = new Set<SqlDialect>();
  for (const s of servers) {
    const d = dialectOfServerType(s.type!.value);
    if (!d) return undefined;
    out.add(d);
  }
  return [...out];
}

/**
 * Checks every `sql` quality query of a contract. `text` is the document text; without it the findings cover the
 * whole query instead of the offending token. `known` (the workspace's schema objects) enables CL128.
 */
export async function checkSqlSyntax(contract: Contract, parser: SqlParser, text?: string, known?: KnownTables): Promise<Finding[]> {
  const out: Finding[] = [];
  const dialects = contractDialects(contract);
  if (dialects === undefined) return out;
  for (const rule of allQualityRules(contract)) {
    const q = rule.query;
    if (!q || (rule.type && rule.type.value !== 'sql')) continue;
    const stand = withStandIns(q.value);
    let verdict: Verdict;
    try {
      verdict = await judge(stand.sql, dialects, parser);
    } catch {
      // The parser itself failed (DuckDB unavailable): say nothing rather than blame the query.
      continue;
    }
    if (verdict.error) {
      try {
        out.push(sqlFinding(verdict.error, verdict.dialect, q, text));
      } catch {
        // Mapping the position failed on a scalar shape nobody foresaw: the finding on the whole query still helps.
        out.push(findingAt('CL123', `SQL syntax error: ${verdict.error.message}`, q.node));
      }
    } else if (verdict.parsed?.ok && known && text !== undefined) {
      checkSqlTables(text, rule as QualityRule & { query: Located<string> }, stand as StandInSql, verdict.parsed, known, out);
    }
  }
  return out;
}

interface Verdict {
  error?: SqlParseError;
  /** The dialect the error is reported in (absent for DuckDB, the default). */
  dialect?: SqlDialect;
  parsed?: ParsedSql;
}

async function judge(sql: string, dialects: SqlDialect[] | 'no-server', duckdb: SqlParser): Promise<Verdict> {
  const verdict = await judgeParse(sql, dialects, duckdb);
  const p = verdict.parsed;
  if (p?.ok) {
    if (p.statements.length > 1) return { error: { kind: 'not-a-query', message: `the text holds ${p.statements.length} statements; write one SELECT per rule.` } };
    if (p.statements[0] !== 'select') return { error: { kind: 'not-a-query', message: `\`${p.statements[0].toUpperCase()}\` is not a query. Contract Lens runs only one SELECT (or WITH … SELECT) per rule.` } };
  }
  return verdict;
}

async function judgeParse(sql: string, dialects: SqlDialect[] | 'no-server', duckdb: SqlParser): Promise<Verdict> {
  const parse = (d: SqlDialect) => (d === 'duckdb' ? duckdb.parse(sql) : Promise.resolve(parseWithGrammar(sql, d)));
  if (dialects === 'no-server') {
    const p = await duckdb.parse(sql);
    if (p.ok || p.error.kind !== 'syntax') return p.ok ? { parsed: p } : { error: p.error };
    for (const d of FALLBACK_DIALECTS) {
      const other = parseWithGrammar(sql, d);
      if (other.ok && other.statements.length === 1 && other.statements[0] === 'select') return { parsed: other };
    }
    return { error: p.error };
  }
  let first: { error: SqlParseError; dialect: SqlDialect } | undefined;
  for (const d of dialects) {
    const p = await parse(d);
    if (p.ok) return { parsed: p };
    if (p.error.kind !== 'syntax') return { error: p.error, dialect: d };
    first ??= { error: p.error, dialect: d };
  }
  if (!first) return {};
  if (!dialects.includes('duckdb')) {
    // The grammars are incomplete: a text DuckDB's (very permissive) parser accepts is not called broken.
    const p = await duckdb.parse(sql);
    if (p.ok) return {};
  }
  return first;
}

function sqlFinding(err: SqlParseError, dialect: SqlDialect | undefined, q: Located<string>, text: string | undefined): Finding {
  const whole = { start: q.node.start, end: q.node.end };
  if (err.kind === 'not-a-query') return findingAt('CL126', `A quality query must be a single read-only SELECT statement: ${err.message}`, whole);
  if (err.kind === 'empty') return findingAt('CL123', 'The SQL query is empty: write a SELECT that returns the value the operator (mustBe, mustBeLessThan…) compares.', whole);
  const where = dialect && dialect !== 'duckdb' ? ` (${dialectLabel(dialect)})` : '';
  return findingAt('CL123', `SQL syntax error${where}: ${err.message.replace(/\.?$/, '.')}`, text && err.offset !== undefined ? tokenRange(text, q.node, q.value, err.offset) : whole);
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
