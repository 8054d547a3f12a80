/**
 * What the connecting MySQL/MariaDB user may do, for `contractlens doctor --server NAME` (rights.ts is the PostgreSQL
 * twin): Contract Lens only ever reads, so a user that can write, has SUPER, or FILE (the server's files through
 * LOAD_FILE and INTO OUTFILE) has more than it needs. The sandbox refuses those anyway; least privilege is the second
 * wall. Privileges come from information_schema (global, database and table level, for CURRENT_USER()); the grants
 * themselves from SHOW GRANTS, with any password hash removed.
 */
import type { CatalogQuery } from './catalog.js';

export interface MysqlGrants {
  /** CURRENT_USER(): the account the server matched, `user@host`. */
  user: string;
  serverVersion: string;
  /** SHOW GRANTS FOR CURRENT_USER(), password hashes replaced by `<secret>`. */
  grants: string[];
  /** Privileges on every database (`*.*`), as information_schema names them (`SELECT`, `SUPER`, `FILE`…). */
  global: string[];
  /** Privileges on the contract's database. */
  database: string[];
  /** The contract's tables, with the privileges that apply to each (global, database and table level together). */
  tables: { table: string; exists: boolean; privileges: string[] }[];
  sessionReadOnly: boolean;
}

/** Privileges that change data or schema: a reader needs none of them. */
const WRITES = ['INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'CREATE VIEW', 'TRIGGER', 'REFERENCES', 'LOCK TABLES', 'DELETE HISTORY', 'CREATE ROUTINE', 'ALTER ROUTINE', 'EXECUTE', 'EVENT', 'CREATE TEMPORARY TABLES'];
/** Privileges over the server itself. */
const ADMIN = ['SHUTDOWN', 'RELOAD', 'PROCESS', 'CREATE USER', 'GRANT OPTION', 'REPLICATION SLAVE', 'REPLICATION CLIENT', 'BINLOG ADMIN', 'CONNECTION ADMIN', 'READ_ONLY ADMIN', 'SET USER', 'FEDERATED ADMIN'];

export async function userGrants(run: CatalogQuery, database: string, tables: string[]): Promise<MysqlGrants> {
  const [who] = await run('SELECT CURRENT_USER() AS u, VERSION() AS v', []);
  const user = String(who.u);
  const at = user.lastIndexOf('@');
  const grantee = `'${user.slice(0, at)}'@'${user.slice(at + 1)}'`;
  // MariaDB before 11.1 names it tx_read_only; MySQL 8 only transaction_read_only.
  const ro = await run('SELECT @@session.transaction_read_only AS ro', []).catch(() => run('SELECT @@session.tx_read_only AS ro', []));
  const grants = (await run('SHOW GRANTS FOR CURRENT_USER()', [])).map((r) => redact(String(Object.values(r)[0])));
  const privileges = async (sql: string, values: unknown[]) =>
    (await run(sql, values)).flatMap((r) => [String(r.p), ...(r.g === 'YES' ? ['GRANT OPTION'] : [])]);
  const global = unique(await privileges('SELECT privilege_type AS p, is_grantable AS g FROM information_schema.user_privileges WHERE grantee = ?', [grantee]));
  const onDb = unique(await privileges('SELECT privilege_type AS p, is_grantable AS g FROM information_schema.schema_privileges WHERE grantee = ? AND table_schema = ?', [grantee, database]));
  const out: MysqlGrants['tables'] = [];
  for (const table of tables) {
    const exists = (await run('SELECT 1 AS e FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [database, table])).length > 0;
    const own = await privileges('SELECT privilege_type AS p, is_grantable AS g FROM information_schema.table_privileges WHERE grantee = ? AND table_schema = ? AND table_name = ?', [grantee, database, table]);
    const all = unique([...global, ...onDb, ...own]).filter((p) => p === 'SELECT' || WRITES.includes(p));
    out.push({ table, exists, privileges: exists ? all : [] });
  }
  return { user, serverVersion: String(who.v), grants, global, database: onDb, tables: out, sessionReadOnly: Number(ro[0]?.ro) === 1 };
}

/** Warnings a person should act on, most serious first. Empty: the user can read these tables and nothing more. */
export function grantsWarnings(g: MysqlGrants): string[] {
  const w: string[] = [];
  if (g.global.includes('SUPER')) w.push(`user ${g.user} has SUPER: it can change global settings, bypass read_only and stop other sessions; connect with a user that can only read these tables`);
  if (g.global.includes('FILE')) w.push(`user ${g.user} has FILE: it may read and write the server's files (LOAD_FILE, SELECT … INTO OUTFILE); the sandbox refuses both, but the user should not hold it`);
  const admin = g.global.filter((p) => ADMIN.includes(p));
  if (admin.length) w.push(`user ${g.user} may administer the server: ${admin.join(', ')}`);
  for (const t of g.tables) {
    const writes = t.privileges.filter((p) => p !== 'SELECT');
    if (writes.length) w.push(`user ${g.user} can ${writes.join(', ')} on ${t.table}: Contract Lens needs SELECT only`);
  }
  if (!g.sessionReadOnly) w.push('the session is not read-only (it should be: report this)');
  return w;
}

/** `IDENTIFIED BY PASSWORD '*A1B2…'` and `USING '…'` (auth plugin strings) never reach the terminal. */
function redact(grant: string): string {
  return grant.replace(/(IDENTIFIED BY PASSWORD|PASSWORD|USING)\s+'(?:[^'\\]|\\.|'')*'/gi, "$1 '<secret>'");
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
