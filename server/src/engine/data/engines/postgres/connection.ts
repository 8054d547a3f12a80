/**
 * Where and as whom to connect for a `type: postgres` (or `postgresql`) server. The contract gives only the place
 * (host, port, database, schema); who connects never comes from the contract: the standard libpq variables (PGHOST,
 * PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, and ~/.pgpass through the driver), the reference tool's
 * DATACONTRACT_POSTGRES_USERNAME / _PASSWORD, or a password the editor keeps in its secret storage. `${VAR}` in a
 * server field (ODCS v3.2 variables) is read from the environment. CONTRACTLENS_PG_ROLE names a role to switch to
 * after logging in (a login that may do more than read can still run the checks as a read-only role).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_ROLE_ENV } from '../../../../shared/dataAccess.js';

export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  /** The PostgreSQL schema holding the tables (server `schema`, default `public`). */
  schema: string;
}

export interface PostgresCredentials {
  user?: string;
  password?: string;
  sslmode?: string;
  /** A role to SET ROLE to right after logging in (queries run with its rights only); default: the login's own. */
  role?: string;
}

/** What the contract's server entry says, `${VAR}` expanded; a missing variable is an error naming it. */
export function expandVariables(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) throw new Error(`the environment variable ${name} (used as \${${name}} in the server) is not set`);
    return v;
  });
}

export function targetOf(fields: { host?: string; port?: string; database?: string; schema?: string }, env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  const host = fields.host ? expandVariables(fields.host, env) : env.PGHOST ?? 'localhost';
  const portText = fields.port ? expandVariables(fields.port, env) : env.PGPORT ?? '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`port ${portText} is not a TCP port`);
  const database = fields.database ? expandVariables(fields.database, env) : env.PGDATABASE;
  if (!database) throw new Error('the server names no `database` (and PGDATABASE is not set)');
  const schema = fields.schema ? expandVariables(fields.schema, env) : 'public';
  return { host, port, database, schema };
}

/**
 * Who connects: an explicit password (the editor's secret storage) first, then DATACONTRACT_POSTGRES_* (what users of
 * the reference tool already export), then libpq's PGUSER/PGPASSWORD, then ~/.pgpass (or PGPASSFILE).
 */
export function credentialsFor(target: PostgresTarget, explicit: PostgresCredentials = {}, env: NodeJS.ProcessEnv = process.env): PostgresCredentials {
  const user = explicit.user ?? env.DATACONTRACT_POSTGRES_USERNAME ?? env.PGUSER ?? env.USER;
  let password = explicit.password ?? env.DATACONTRACT_POSTGRES_PASSWORD ?? env.PGPASSWORD;
  if (password === undefined && user) password = pgpassLookup(target, user, env);
  const role = explicit.role ?? (env[POSTGRES_ROLE_ENV] || undefined);
  return { user, password, sslmode: explicit.sslmode ?? env.PGSSLMODE, role };
}

/** libpq's password file: `host:port:database:user:password` lines, `*` wildcards, `\:` escapes. */
export function pgpassLookup(target: PostgresTarget, user: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let text: string;
  try {
    text = readFileSync(env.PGPASSFILE ?? join(homedir(), '.pgpass'), 'utf8');
  } catch {
    return undefined;
  }
  const want = [target.host, String(target.port), target.database, user];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const fields = line.split(/(?<!\\):/).map((f) => f.replace(/\\(.)/g, '$1'));
    if (fields.length < 5) continue;
    if (want.every((w, i) => fields[i] === '*' || fields[i] === w)) return fields.slice(4).join(':');
  }
  return undefined;
}

/** The `ssl` option of the driver for a libpq sslmode (disable/allow/prefer connect without; require and up verify less or more). */
export function sslOption(sslmode: string | undefined): false | { rejectUnauthorized: boolean } {
  switch (sslmode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}

/** The database a session connects to (one engine per database; schemas are parts of relation names). */
export function describeDatabase(t: PostgresTarget): string {
  return `postgres://${t.host}:${t.port}/${t.database}`;
}

/** How a server is named in messages: `postgres://host:port/database (schema shop)`, never with credentials. */
export function describeTarget(t: PostgresTarget): string {
  return `postgres://${t.host}:${t.port}/${t.database}${t.schema !== 'public' ? ` (schema ${t.schema})` : ''}`;
}
