/**
 * Who logs in to a database server, when the front end keeps logins of its own (the editor's secret storage), and
 * what became of each connection (the editor's status item). The engine asks for a login when it connects and says
 * once per server whether it connected; the CLI passes nothing (the environment and ~/.pgpass apply).
 *
 * A server is keyed by the contract's server name AND where it is (`name@postgres://host:port/database`): two
 * contracts naming the same server share one login, and a server renamed or moved asks again.
 */
import type { Contract, Server } from '../model/types.js';
import { describeDatabase, targetOf, type PostgresCredentials, type PostgresTarget } from './engines/postgres/connection.js';

export type { PostgresCredentials };

export interface DatabaseServerRef {
  /** Where a login is kept: `name@postgres://host:port/database`. */
  key: string;
  /** The contract's server name. */
  name?: string;
  /** How to show it: `shop-pg (postgres://127.0.0.1:5432/shop)`. */
  label: string;
  type: 'postgres';
}

export type ConnectionOutcome =
  | { state: 'connected'; /** The role queries run as (after SET ROLE). */ role: string }
  | { state: 'failed'; message: string };

export interface DatabaseLogins {
  /** The login to use (undefined: the environment's); may ask the user's editor. */
  credentials?(server: DatabaseServerRef): Promise<PostgresCredentials | undefined> | PostgresCredentials | undefined;
  /** Told once per connection attempt of a session. */
  report?(server: DatabaseServerRef, outcome: ConnectionOutcome): void;
}

export function postgresServerRef(serverName: string | undefined, target: PostgresTarget): DatabaseServerRef {
  const where = describeDatabase(target);
  return { key: `${serverName ?? ''}@${where}`, name: serverName, label: serverName ? `${serverName} (${where})` : where, type: 'postgres' };
}

/** A `type: postgres` server entry's target (`${VAR}` expanded); throws naming what is missing. */
export function postgresTargetOf(server: Server, env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  const text = (key: string): string | undefined => {
    const v = server.fields.get(key)?.value;
    return v === null || v === undefined || typeof v === 'object' ? undefined : String(v);
  };
  return targetOf({ host: text('host'), port: text('port'), database: text('database'), schema: text('schema') }, env);
}

export function isPostgresServer(server: Server): boolean {
  const type = String(server.type?.value ?? '');
  return type === 'postgres' || type === 'postgresql';
}

/** The database servers of a contract that take a login, each with its key; entries that do not resolve are left out. */
export function databaseServersOf(contract: Contract): DatabaseServerRef[] {
  const out: DatabaseServerRef[] = [];
  for (const server of contract.servers) {
    if (!isPostgresServer(server)) continue;
    try {
      out.push(postgresServerRef(server.name?.value, postgresTargetOf(server)));
    } catch {
      // A server entry with a missing ${VAR} or port: lint and check say why; there is nothing to log in to.
    }
  }
  return out;
}
