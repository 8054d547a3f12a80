/**
 * Contract SQL is untrusted; on MySQL/MariaDB it runs only after these checks, in a READ ONLY session with
 * multipleStatements off and LOCAL INFILE not offered (connection.ts). What a read-only SELECT can still do there is
 * read the server's files (`LOAD_FILE`), write them (`SELECT … INTO OUTFILE / DUMPFILE` is allowed in a read-only
 * transaction: it writes no table), hold the server (`SLEEP`, `BENCHMARK`, `GET_LOCK`) or run user-defined functions
 * (`sys_exec`…), and executable comments (`/*! … *\/`) would hide any of that from a reader. All are refused here,
 * on MySQL's lexical tokens (comments, strings with backslash escapes, back-quoted names), before anything runs.
 */
import { UntrustedSqlRejected } from '../../sandbox.js';
import { refuseTokens, singleReadOnlyQuery, type SqlToken } from '../sqlTokens.js';
import { parseContractSql } from '../../../sql/parse.js';

const REFUSED_FUNCTIONS = new Set([
  'load_file', 'sleep', 'benchmark', 'get_lock', 'release_lock', 'release_all_locks', 'is_free_lock', 'is_used_lock',
  'master_pos_wait', 'source_pos_wait', 'master_gtid_wait', 'wait_for_executed_gtid_set', 'wait_until_sql_thread_after_gtids',
  'sys_exec', 'sys_eval', 'sys_get', 'sys_set', 'lib_mysqludf_sys_info', 'des_decrypt', 'des_encrypt', 'load_data',
  'column_create', 'uuid_short', 'last_insert_id', 'row_count', 'found_rows', 'nextval', 'setval', 'lastval',
]);

/** Keywords that only appear in statements that write, lock, reach files or change the session. */
const REFUSED_KEYWORDS = new Set([
  'insert', 'update', 'delete', 'replace', 'merge', 'create', 'alter', 'drop', 'truncate', 'rename', 'grant', 'revoke',
  'call', 'do', 'set', 'into', 'outfile', 'dumpfile', 'load', 'lock', 'unlock', 'handler', 'prepare', 'execute',
  'deallocate', 'begin', 'commit', 'rollback', 'savepoint', 'xa', 'flush', 'kill', 'shutdown', 'install', 'uninstall',
  'purge', 'reset', 'analyze', 'optimize', 'repair', 'procedure',
]);

type Token = SqlToken;

export function tokenizeMysql(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#' || (sql.startsWith('--', i) && (i + 2 >= sql.length || /\s/.test(sql[i + 2])))) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      // `/*! … */` and `/*M! … */` are EXECUTED by MySQL/MariaDB: hidden SQL, refused.
      if (sql[i + 2] === '!' || /^\/\*M!/.test(sql.slice(i))) throw new UntrustedSqlRejected('Executable comments (/*! … */) are not allowed in a contract query.');
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new UntrustedSqlRejected('The SQL query has an unterminated comment.');
      i = end + 2;
    } else if (ch === "'" || ch === '"') {
      // Strings in either quote (unless ANSI_QUOTES); a backslash escapes the next character.
      const start = i++;
      for (;;) {
        if (i >= sql.length) throw new UntrustedSqlRejected('The SQL query has an unterminated string.');
        if (sql[i] === '\\') i += 2;
        else if (sql[i] === ch && sql[i + 1] === ch) i += 2;
        else if (sql[i] === ch) break;
        else i++;
      }
      i++;
      out.push({ kind: 'string', text: sql.slice(start, i), at: start });
    } else if (ch === '`') {
      const start = i;
      let name = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new UntrustedSqlRejected('The SQL query has an unterminated quoted name.');
        if (sql[i] === '`' && sql[i + 1] === '`') (name += '`', (i += 2));
        else if (sql[i] === '`') break;
        else name += sql[i++];
      }
      i++;
      out.push({ kind: 'quoted', text: name, at: start });
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(ch)) {
      const m = /^[A-Za-z_$\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(sql.slice(i))!;
      out.push({ kind: 'word', text: m[0].toLowerCase(), at: i });
      i += m[0].length;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?/.exec(sql.slice(i))!;
      out.push({ kind: 'number', text: m[0], at: i });
      i += m[0].length;
    } else {
      out.push({ kind: 'symbol', text: ch, at: i });
      i++;
    }
  }
  return out;
}

/**
 * Throws UntrustedSqlRejected unless the text is ONE query (SELECT / WITH … SELECT / VALUES / TABLE) that reaches
 * no file, takes no lock and calls no refused function. Returns the text without a trailing semicolon.
 */
export function checkUntrustedMysql(sql: string): string {
  const { text, tokens } = singleReadOnlyQuery(sql, tokenizeMysql);
  // `INTO OUTFILE/DUMPFILE/@var` writes files or session state; `FOR UPDATE`/`LOCK IN SHARE MODE` lock rows.
  refuseTokens(tokens, {
    keywords: REFUSED_KEYWORDS,
    refusedFunction: (name) => REFUSED_FUNCTIONS.has(name),
    functionReason: "reaches the database server's files, holds the server or changes its state",
    refuseVariables: true,
  });
  return text;
}

/**
 * The second wall, as for PostgreSQL: the statement as MySQL's (or MariaDB's) grammar reads it must be one SELECT
 * calling no refused function. A statement the grammar cannot read is left to the token check and the read-only
 * session (the grammar lags the servers), never run unchecked.
 */
export async function checkWithMysqlParser(sql: string, mariadb = true): Promise<void> {
  const parsed = await parseContractSql(sql, mariadb ? 'mariadb' : 'mysql');
  if (!parsed.ok) return;
  if (parsed.statements.length !== 1 || parsed.statements[0] !== 'select') {
    throw new UntrustedSqlRejected(`Only one read-only query is allowed in a contract; the ${mariadb ? 'MariaDB' : 'MySQL'} parser reads ${parsed.statements.join(', ').toUpperCase() || 'no statement'}.`);
  }
  const refused = parsed.functions.map((f) => f.toLowerCase()).find((f) => REFUSED_FUNCTIONS.has(f));
  if (refused) throw new UntrustedSqlRejected(`The function ${refused}() reaches the database server's files, holds the server or changes its state: it is refused in contract SQL.`);
}
