/**
 * The language server's side of database logins: when the engine connects to a database server, the password comes
 * from the client (VS Code's secret storage, through DatabaseLoginRequest) when the client keeps logins; else from
 * the environment as for the CLI. Every connection's outcome is remembered per server and sent to the client
 * (ConnectionStatusNotification), which shows it in its status item; DatabaseServersRequest answers with it.
 */
import type { Connection } from './languageServer.js';
import type { ConnectionOutcome, DatabaseLogins, DatabaseServerRef, PostgresCredentials } from '../engine/data/logins.js';
import { ConnectionStatusNotification, DatabaseLoginRequest, type DatabaseServerStatus } from '../shared/protocol.js';

/** A client that never answers must not hold a check forever: then the environment's login applies. */
const LOGIN_TIMEOUT_MS = 10_000;

export class LspDatabaseLogins implements DatabaseLogins {
  private readonly states = new Map<string, DatabaseServerStatus>();
  /** Set at initialize: whether the client answers DatabaseLoginRequest. */
  clientKeepsLogins = false;

  constructor(
    private readonly connection: Connection,
    private readonly log: (message: string) => void,
  ) {}

  async credentials(server: DatabaseServerRef): Promise<PostgresCredentials | undefined> {
    if (!this.clientKeepsLogins) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), LOGIN_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const login = await Promise.race([this.connection.sendRequest(DatabaseLoginRequest, { server }), late]);
      if (!login || typeof login !== 'object') return undefined;
      // Checked: a client may send anything. Absent fields fall back to the environment (credentialsFor).
      const user = typeof login.user === 'string' && login.user ? login.user : undefined;
      const password = typeof login.password === 'string' ? login.password : undefined;
      return user === undefined && password === undefined ? undefined : { user, password };
    } catch (e) {
      this.log(`The client did not give a login for ${server.label}: ${(e as Error)?.message ?? e}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  report(server: DatabaseServerRef, outcome: ConnectionOutcome): void {
    const status: DatabaseServerStatus =
      outcome.state === 'connected' ? { server, state: 'connected', message: `as role ${outcome.role}` } : { server, state: 'failed', message: outcome.message };
    this.states.set(server.key, status);
    void this.connection.sendNotification(ConnectionStatusNotification, status).catch(() => undefined);
  }

  /** What is known of a server: its last outcome, else "not connected" (or "untrusted": nothing connects). */
  status(server: DatabaseServerRef, trusted: boolean): DatabaseServerStatus {
    if (!trusted) return { server, state: 'untrusted', message: 'the workspace is not trusted: Contract Lens connects to no database' };
    return this.states.get(server.key) ?? { server, state: 'not connected' };
  }
}
