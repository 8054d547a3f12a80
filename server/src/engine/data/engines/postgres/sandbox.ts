/**
 * Contract SQL is untrusted; on PostgreSQL it runs only after these checks, and then only inside a READ ONLY
 * transaction as the query of a cursor (engine.ts), so PostgreSQL itself refuses a second statement (extended
 * protocol), anything but SELECT/VALUES (DECLARE CURSOR), and writes (read-only transaction). What a read-only
 * SELECT can still do is call functions that reach the server's files, other servers or other sessions — even more
 * so as a superuser — so every function call is matched against the list below and refused before anything runs.
 *
 * The check works on PostgreSQL's lexical tokens (comments, strings, dollar quotes, quoted identifiers), so
 * `pg_read_file/**\/(…)` and `"pg_read_file"(…)` are caught as well as the plain spelling.
 */
import { UntrustedSqlRejected } from '../../sandbox.js';
import { refuseTokens, singleReadOnlyQuery, type SqlToken } from '../sqlTokens.js';
import { parseContractSql } from '../../../sql/parse.js';

/** Functions no contract query may call: files, large objects, other servers, other sessions, settings, XML eval. */
export function isRefusedFunction(name: string): boolean {
  const bare = name.toLowerCase().split('.').pop() ?? '';
  return REFUSED_FUNCTIONS.some((re) => re.test(bare));
}

const REFUSED_FUNCTIONS: RegExp[] = [
  /^pg_read_(binary_)?file$/, /^pg_ls_/, /^pg_stat_file$/, /^pg_file_/, /^pg_logdir_ls$/,
  /^lo_/, /^lo(read|write|open|close|creat|seek|tell|unlink|truncate)/,
  /^dblink/, /^postgres_fdw/,
  /^pg_(terminate|cancel)_backend$/, /^pg_reload_conf$/, /^pg_rotate_logfile/, /^pg_promote$/, /^pg_switch_wal$/,
  /^pg_(start|stop)_backup$/, /^pg_backup_/, /^pg_create_/, /^pg_drop_replication_slot$/, /^pg_replication_/,
  /^pg_logical_/, /^pg_copy_/, /^pg_advisory_/, /^pg_try_advisory_/, /^pg_stat_reset/, /^pg_import_system_collations$/,
  /^set_config$/, /^nextval$/, /^setval$/,
  /^(query|cursor|table|schema|database)_to_xml/, /^(query|cursor|table|schema|database)_to_xmlschema/,
];

/** Keywords that only appear in statements that write, lock or change the session. */
const REFUSED_KEYWORDS = new Set(['insert', 'update', 'delete', 'merge', 'copy', 'create', 'alter', 'drop', 'truncate', 'grant', 'revoke', 'call', 'do', 'set', 'reset', 'into', 'lock', 'vacuum', 'analyze', 'cluster', 'reindex', 'listen', 'notify', 'load', 'prepare', 'execute', 'declare', 'fetch', 'move', 'begin', 'commit', 'rollback', 'savepoint', 'import', 'security', 'refresh']);

type Token = SqlToken;

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      // PostgreSQL block comments nest.
      let depth = 0;
      do {
        if (sql.startsWith('/*', i)) (depth++, (i += 2));
        else if (sql.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < sql.length);
      if (depth > 0) throw new UntrustedSqlRejected('The SQL query has an unterminated comment.');
    } else if (/[uU]/.test(ch) && sql[i + 1] === '&') {
      throw new UntrustedSqlRejected('Unicode-escaped names and strings (U&"…") are not allowed in a contract query.');
    } else if (ch === "'" || (/[eEbBxXnN]/.test(ch) && sql[i + 1] === "'")) {
      const start = i;
      i += ch === "'" ? 1 : 2;
      const escapes = /[eE]/.test(ch);
      for (;;) {
        if (i >= sql.length) throw new UntrustedSqlRejected('The SQL query has an unterminated string.');
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      out.push({ kind: 'string', text: sql.slice(start, i), at: start });
    } else if (ch === '"') {
      const start = i;
      let name = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new UntrustedSqlRejected('The SQL query has an unterminated quoted name.');
        if (sql[i] === '"' && sql[i + 1] === '"') (name += '"', (i += 2));
        else if (sql[i] === '"') break;
        else name += sql[i++];
      }
      i++;
      out.push({ kind: 'quoted', text: name, at: start });
    } else if (ch === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) throw new UntrustedSqlRejected('The SQL query has an unterminated dollar-quoted string.');
      out.push({ kind: 'string', text: sql.slice(i, end + tag.length), at: i });
      i = end + tag.length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(sql.slice(i))!;
      out.push({ kind: 'word', text: m[0].toLowerCase(), at: i });
      i += m[0].length;
    } else if (/[0-9.]/.test(ch) && /^[0-9.]/.test(sql.slice(i))) {
      const m = /^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?|^[0-9]+\.?/.exec(sql.slice(i));
      const len = m ? m[0].length : 1;
      out.push({ kind: m ? 'number' : 'symbol', text: sql.slice(i, i + len), at: i });
      i += len;
    } else {
      out.push({ kind: 'symbol', text: ch, at: i });
      i++;
    }
  }
  return out;
}

/**
 * Throws UntrustedSqlRejected unless the text is ONE query (SELECT / WITH … SELECT / VALUES / TABLE) that calls no
 * refused function. Returns the text without a trailing semicolon.
 */
export function checkUntrustedPostgres(sql: string): string {
  const { text, tokens } = singleReadOnlyQuery(sql, tokenize);
  // `FOR UPDATE` locks rows; `INTO` creates a table; the rest write or change the session.
  refuseTokens(tokens, { keywords: REFUSED_KEYWORDS, refusedFunction: isRefusedFunction, functionReason: "reaches the database server's files, other servers or other sessions" });
  return text;
}

/**
 * The second opinion of the shared SQL parser (engine/sql, node-sql-parser's PostgreSQL grammar): when it parses the
 * text, it must see one SELECT calling no refused function. Its grammar does not know every PostgreSQL construct, so a
 * text it cannot parse is left to the token check above and to PostgreSQL's own parser (DECLARE CURSOR accepts only
 * a query), never refused for that alone.
 */
export async function checkWithSqlParser(sql: string): Promise<void> {
  const parsed = await parseContractSql(sql, 'postgresql');
  if (!parsed.ok) return;
  if (parsed.statements.length !== 1 || parsed.statements[0] !== 'select') {
    throw new UntrustedSqlRejected(`Only one read-only query is allowed in a contract; the PostgreSQL parser reads ${parsed.statements.join(', ').toUpperCase() || 'no statement'}.`);
  }
  const refused = parsed.functions.find(isRefusedFunction);
  if (refused) throw new UntrustedSqlRejected(`The function ${refused}() reaches the database server's files, other servers or other sessions: it is refused in contract SQL.`);
}
