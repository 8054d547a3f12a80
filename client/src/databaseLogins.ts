/**
 * Database passwords in VS Code's SecretStorage, never in settings.json. The server asks for a server's login when it
 * connects (DatabaseLoginRequest, keyed by the server's key: contract server name + database, computed by the
 * server); "Contract Lens: Set Database Password" stores one. A status bar item names the database server of the
 * contract in the editor and its state as the server reports it (connected, failed, untrusted); a failed connection
 * is one notification with a "Set Database Password" action, not a message per rule.
 */
import * as vscode from 'vscode';
import {
  ConnectionStatusNotification,
  DatabaseLoginRequest,
  DatabaseServersRequest,
  type DatabaseLogin,
  type DatabaseServerStatus,
} from '../../server/src/shared/protocol.js';
import { isContractDocument } from './contractContext.js';
import type { ServerClient } from './serverClient.js';

export const SET_PASSWORD_COMMAND = 'contractlens.setDatabasePassword';
const SET_PASSWORD_ACTION = 'Set Database Password';
const SECRET_PREFIX = 'contractlens.databaseLogin:';

/** What the command may be given instead of asking (other extensions, the e2e suite): a server key and the login. */
export interface SetPasswordArgs {
  server?: string;
  password?: string;
  user?: string;
}

const ICONS: Record<DatabaseServerStatus['state'], string> = { connected: 'database', failed: 'error', untrusted: 'shield', 'not connected': 'debug-disconnect' };

export class DatabaseLogins implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('contractlens.database', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  /** The last failure shown per server key: the same failure again is not shown twice in a row. */
  private readonly shownFailures = new Map<string, string>();
  /** What the item shows, for the e2e tests. */
  shown: DatabaseServerStatus | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly server: ServerClient,
  ) {
    this.item.name = 'Contract Lens Database';
    this.item.command = SET_PASSWORD_COMMAND;
    this.disposables.push(
      this.item,
      server.onRequest(DatabaseLoginRequest, (params) => this.login(params?.server?.key)),
      server.onNotification(ConnectionStatusNotification, (status) => this.connectionChanged(status)),
      server.onDidChangeState((s) => s === 'running' && void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.update()),
      vscode.commands.registerCommand(SET_PASSWORD_COMMAND, (args?: SetPasswordArgs) => this.setPassword(args)),
    );
  }

  /** The login the user stored for a server key, or null: the server then uses the environment's. */
  private async login(key: unknown): Promise<DatabaseLogin | null> {
    if (typeof key !== 'string') return null;
    const stored = await this.secrets.get(SECRET_PREFIX + key);
    if (!stored) return null;
    try {
      return JSON.parse(stored) as DatabaseLogin;
    } catch {
      return null;
    }
  }

  async setPassword(args?: SetPasswordArgs): Promise<boolean> {
    const uri = activeContract();
    const servers = (await this.server.request(DatabaseServersRequest, { uri: uri?.toString() })).servers;
    let key = args?.server;
    if (!key) {
      if (!servers.length) {
        void vscode.window.showInformationMessage('Contract Lens: no PostgreSQL server is declared in this contract (or the workspace).');
        return false;
      }
      const picked =
        servers.length === 1
          ? servers[0]
          : (await vscode.window.showQuickPick(servers.map((s) => ({ label: s.server.label, description: s.state, status: s })), { placeHolder: 'The database server to set the password of' }))?.status;
      key = picked?.server.key;
    }
    if (!key) return false;
    const label = servers.find((s) => s.server.key === key)?.server.label ?? key;
    const password = args?.password ?? (await vscode.window.showInputBox({ title: `Password for ${label}`, prompt: 'Kept in VS Code\'s secret storage, never in settings. The user name comes from PGUSER (or DATACONTRACT_POSTGRES_USERNAME) unless given with the command.', password: true, ignoreFocusOut: true }));
    if (password === undefined) return false;
    const login: DatabaseLogin = { password, ...(args?.user ? { user: args.user } : {}) };
    await this.secrets.store(SECRET_PREFIX + key, JSON.stringify(login));
    this.shownFailures.delete(key);
    void vscode.window.setStatusBarMessage(`Contract Lens: password for ${label} saved`, 3000);
    return true;
  }

  private connectionChanged(status: DatabaseServerStatus): void {
    if (status?.state === 'failed' && status.message && this.shownFailures.get(status.server.key) !== status.message) {
      this.shownFailures.set(status.server.key, status.message);
      void vscode.window.showErrorMessage(`Contract Lens: ${status.message}`, SET_PASSWORD_ACTION).then((a) => a && vscode.commands.executeCommand(SET_PASSWORD_COMMAND, { server: status.server.key }));
    } else if (status?.state === 'connected') this.shownFailures.delete(status.server.key);
    void this.update();
  }

  /** Shows the first database server of the contract in the editor, with the state the server knows of. */
  async update(): Promise<void> {
    const uri = activeContract();
    let status: DatabaseServerStatus | undefined;
    if (uri && this.server.isRunning) status = (await this.server.request(DatabaseServersRequest, { uri: uri.toString() }).catch(() => undefined))?.servers[0];
    this.shown = status;
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = `$(${ICONS[status.state]}) ${status.server.name ?? status.server.label}: ${status.state}`;
    this.item.tooltip = `${status.server.label}: ${status.state}${status.message ? ` — ${status.message}` : ''}\nClick to set the database password.`;
    this.item.backgroundColor = status.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function activeContract(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isContractDocument(doc) ? doc.uri : undefined;
}
