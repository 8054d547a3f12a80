/**
 * Starts, restarts and stops the Contract Lens language server (dist/contractlens.js lsp --node-ipc) and keeps one
 * LanguageClient for the window. Crashes restart the server a few times, with a message, as vscode-eslint does;
 * settings are pulled by the server per resource (the client answers workspace/configuration); workspace trust
 * goes in initializationOptions and as a notification when it changes.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  WorkDoneProgress,
  type ErrorHandler,
  type LanguageClientOptions,
  type NotificationType,
  type RequestType,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { WorkspaceTrustNotification, type InitializationOptions } from '../../server/src/shared/protocol.js';
import { serverEnvironment } from '../../server/src/shared/serverEnvironment.js';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

export class ServerClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly crashes: number[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<'starting' | 'running' | 'stopped' | 'failed'>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly output: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];
  /** Handlers of server → client messages, wired again on every start. */
  private readonly handlers: ((c: LanguageClient) => void)[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Contract Lens', { log: true });
    this.disposables.push(
      this.output,
      this.stateEmitter,
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.notifyTrust()),
    );
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  get isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const module = this.context.asAbsolutePath('dist/contractlens.js');
    // The allocator settings the server's memory depends on (server/src/shared/serverEnvironment.ts).
    const env = serverEnvironment(process.env);
    const serverOptions: ServerOptions = {
      run: { module, args: ['lsp'], transport: TransportKind.ipc, options: { env } },
      debug: { module, args: ['lsp'], transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted, client: 'vscode', databaseLogins: true };
    const clientOptions: LanguageClientOptions = {
      // Every YAML file on disk: the server decides which ones are contracts (by name or content).
      documentSelector: [{ scheme: 'file', language: 'yaml' }],
      synchronize: { configurationSection: 'contractlens' },
      initializationOptions,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: this.errorHandler(),
      markdown: { isTrusted: false, supportHtml: false },
    };
    this.client = new LanguageClient('contractlens', 'Contract Lens', serverOptions, clientOptions);
    this.stateEmitter.fire('starting');
    try {
      await this.client.start();
      for (const wire of this.handlers) wire(this.client);
      this.stateEmitter.fire('running');
    } catch (err) {
      this.output.appendLine(`The Contract Lens language server did not start: ${String(err)}`);
      this.stateEmitter.fire('failed');
      throw err;
    }
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.stop(5000);
      } catch (err) {
        this.output.appendLine(`Stopping the language server: ${String(err)}`);
      }
    }
    this.stateEmitter.fire('stopped');
  }

  async restart(): Promise<void> {
    await this.stop();
    this.crashes.length = 0;
    await this.start();
  }

  /** Sends a custom request; fails with a readable error when the server is not running. */
  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R> {
    const c = this.client;
    if (!c || !c.isRunning()) throw new Error('The Contract Lens language server is not running (Contract Lens: Restart Server).');
    // `as never`: RequestParam<P> is P for every params type of shared/protocol.ts, but TypeScript cannot see it generically.
    return token ? c.sendRequest(type, params as never, token) : c.sendRequest(type, params as never);
  }

  /** Answers a request the server sends (on this server and every restarted one). */
  onRequest<P, R>(type: RequestType<P, R, void>, handler: (params: P) => Promise<R> | R): vscode.Disposable {
    return this.addHandler((c) => c.onRequest(type, handler as never));
  }

  /** Listens to a notification of the server (on this server and every restarted one). */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): vscode.Disposable {
    return this.addHandler((c) => c.onNotification(type, handler as never));
  }

  private addHandler(wire: (c: LanguageClient) => { dispose(): void }): vscode.Disposable {
    let current: { dispose(): void } | undefined;
    const apply = (c: LanguageClient) => {
      current?.dispose();
      current = wire(c);
    };
    this.handlers.push(apply);
    if (this.client?.isRunning()) apply(this.client);
    return new vscode.Disposable(() => {
      current?.dispose();
      this.handlers.splice(this.handlers.indexOf(apply), 1);
    });
  }

  /** Progress the server reports on a work-done token the client put in a request's params. */
  onProgress(token: string, handler: (message: string | undefined, percentage: number | undefined) => void): vscode.Disposable {
    const c = this.client;
    if (!c || !c.isRunning()) return new vscode.Disposable(() => undefined);
    return c.onProgress(WorkDoneProgress.type, token, (v) => {
      if (v.kind === 'report') handler(v.message, v.percentage);
    });
  }

  private async notifyTrust(): Promise<void> {
    if (this.client?.isRunning()) {
      await this.client.sendNotification(WorkspaceTrustNotification, { trusted: vscode.workspace.isTrusted });
    }
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        const now = Date.now();
        this.crashes.push(now);
        while (this.crashes.length && now - this.crashes[0]! > RESTART_WINDOW_MS) this.crashes.shift();
        if (this.crashes.length <= MAX_RESTARTS) {
          const msg = `The Contract Lens language server stopped unexpectedly and was restarted (${this.crashes.length}/${MAX_RESTARTS}).`;
          this.output.appendLine(msg);
          void vscode.window.showWarningMessage(msg, 'Show Output').then((a) => a && this.output.show(true));
          return { action: CloseAction.Restart, handled: true };
        }
        const msg = `The Contract Lens language server crashed ${this.crashes.length} times in 3 minutes and will not be restarted. Use "Contract Lens: Restart Server" after fixing the cause.`;
        this.output.appendLine(msg);
        void vscode.window.showErrorMessage(msg, 'Show Output').then((a) => a && this.output.show(true));
        this.stateEmitter.fire('failed');
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
