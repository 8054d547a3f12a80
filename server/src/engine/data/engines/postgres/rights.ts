/**
 * What the connecting role may do, for `contractlens doctor --server NAME`: Contract Lens only ever reads, so a role
 * that can write, is a superuser, or may reach the server's files or programs is more than it needs (the sandbox
 * holds anyway; least privilege is the second wall).
 */
import type pg from 'pg';

export interface RoleRights {
  /** The role queries run as (current_user): the login's, or the one CONTRACTLENS_PG_ROLE switched to. */
  role: string;
  /** The role that logged in (session_user). */
  loginRole: string;
  superuser: boolean;
  createRole: boolean;
  createDb: boolean;
  /** Members of pg_read_server_files / pg_write_server_files / pg_execute_server_program. */
  fileRoles: string[];
  /** Tables of the contract with the privileges the role holds on each (SELECT, INSERT, UPDATE, DELETE, TRUNCATE). */
  tables: { table: string; exists: boolean; privileges: string[] }[];
  sessionReadOnly: boolean;
  serverVersion: string;
}

const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];

export async function roleRights(client: pg.ClientBase, schema: string, tables: string[]): Promise<RoleRights> {
  const role = (await client.query(`SELECT current_user AS u, session_user AS s, r.rolsuper, r.rolcreaterole, r.rolcreatedb, current_setting('transaction_read_only') AS ro, current_setting('server_version') AS v
                                      FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`)).rows[0];
  const fileRoles = (await client.query(`SELECT g FROM unnest(ARRAY['pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program']) AS g
                                          WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g) AND pg_has_role(current_user, g, 'USAGE')`)).rows.map((r) => String(r.g));
  const out: RoleRights['tables'] = [];
  for (const table of tables) {
    const rel = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
    const exists = (await client.query({ text: 'SELECT to_regclass($1) IS NOT NULL AS e', values: [rel] })).rows[0].e === true;
    const privileges: string[] = [];
    if (exists) {
      for (const p of PRIVILEGES) if ((await client.query({ text: 'SELECT has_table_privilege($1, $2) AS h', values: [rel, p] })).rows[0].h === true) privileges.push(p);
    }
    out.push({ table, exists, privileges });
  }
  return {
    role: String(role.u),
    loginRole: String(role.s),
    superuser: role.rolsuper === true,
    createRole: role.rolcreaterole === true,
    createDb: role.rolcreatedb === true,
    fileRoles,
    tables: out,
    sessionReadOnly: role.ro === 'on',
    serverVersion: String(role.v),
  };
}

/** Warnings a person should act on, most serious first. Empty: the role is read-only and unprivileged. */
export function rightsWarnings(r: RoleRights): string[] {
  const w: string[] = [];
  if (r.superuser) w.push(`role ${r.role} is a superuser: connect with a role that can only read these tables (the sandbox refuses file and server access anyway)`);
  if (r.fileRoles.length) w.push(`role ${r.role} is a member of ${r.fileRoles.join(', ')}: it may read or write the server's files or run programs`);
  if (r.createRole || r.createDb) w.push(`role ${r.role} may create ${[r.createRole ? 'roles' : '', r.createDb ? 'databases' : ''].filter(Boolean).join(' and ')}`);
  for (const t of r.tables) {
    const writes = t.privileges.filter((p) => p !== 'SELECT');
    if (writes.length) w.push(`role ${r.role} can ${writes.join(', ')} on ${t.table}: Contract Lens needs SELECT only`);
  }
  if (!r.sessionReadOnly) w.push('the session is not read-only (it should be: report this)');
  return w;
}
