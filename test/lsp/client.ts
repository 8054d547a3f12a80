/**
 * A small LSP client for tests: starts the built server (`node dist/contractlens.js lsp --stdio`) as a child
 * process and speaks JSON-RPC over its stdio with vscode-jsonrpc's stream reader/writer. It answers the requests
 * a real editor answers (workspace/configuration, client/registerCapability, window/showDocument) and records
 * what the server publishes, so tests can wait for diagnostics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ensureBuilt } from '../cli/cliRunner.ts';
import { CLI, ROOT } from '../helpers/paths.ts';
import { serverEnvironment } from '../../server/src/shared/serverEnvironment.ts';

let built = false;

/**
 * Builds dist/ when a server source is newer than the bundle (shared with the CLI tests: rebuilding a fresh bundle
 * would rewrite the file while other test files run it).
 */
export function buildOnce(): void {
  if (built) return;
  ensureBuilt();
  built = true;
}

export interface StartOptions {
  rootDir?: string;
  initializationOptions?: unknown;
  /** Answer to workspace/configuration for section `contractlens`. */
  settings?: Record<string, unknown>;
}

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** How many times diagnostics were published per document. */
  readonly publishCount = new Map<string, number>();
  /** Called with every publishDiagnostics, in order (tests that look at each publish, not only the latest). */
  readonly onPublish: ((p: PublishDiagnosticsParams) => void)[] = [];
  /** What workspace/configuration answers for `contractlens` (tests may change it, then notify the server). */
  settings: Record<string, unknown> = {};
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly shownDocuments: unknown[] = [];
  /** Anything that broke the protocol stream (e.g. a stray console.log on stdout). */
  readonly streamErrors: string[] = [];
  readonly logs: string[] = [];
  stderr = '';
  /** What the server answered to `initialize`. */
  initializeResult: unknown;
  /** Settles when the last didChange sent has been written to the server's stdin (writes go out in order). */
  written: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestClient> {
    buildOnce();
    // CONTRACTLENS_TEST_SERVER_NODE_ARGS: node flags for the server under test, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`.
    const nodeArgs = process.env.CONTRACTLENS_TEST_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    // Started as the VS Code client starts it: with the allocator settings of shared/serverEnvironment.ts.
    const child = spawn(process.execPath, [...nodeArgs, CLI, 'lsp', '--stdio'], { cwd: options.rootDir ?? ROOT, env: serverEnvironment(process.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new StreamMessageReader(child.stdout!);
    const writer = new StreamMessageWriter(child.stdin!);
    const connection = createMessageConnection(reader, writer);
    const client = new TestClient(child, connection);
    client.settings = options.settings ?? {};
    child.stderr!.on('data', (d) => (client.stderr += String(d)));
    reader.onError((e) => client.streamErrors.push(String(e)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.set(p.uri, p);
      client.publishCount.set(p.uri, (client.publishCount.get(p.uri) ?? 0) + 1);
      for (const f of client.onPublish) f(p);
      client.notify();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'contractlens' ? client.settings : null)));
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('window/showDocument', (p: unknown) => {
      client.shownDocuments.push(p);
      return { success: true };
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const rootUri = options.rootDir ? pathToFileURL(options.rootDir).toString() : null;
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'test' }] : null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
        },
        window: { showDocument: { support: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until the latest diagnostics published for `uri` satisfy `accept`. */
  async waitForDiagnostics(uri: string, accept: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.diagnostics.get(uri);
      if (p && accept(p.diagnostics, p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(p?.diagnostics.map((d) => [d.code, d.message, d.range.start]))}\nstderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until `check` holds (registrations arrive asynchronously after `initialized`). */
  async waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  open(uri: string, text: string, languageId = 'yaml'): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  openFile(path: string): string {
    const uri = pathToFileURL(path).toString();
    this.open(uri, readFileSync(path, 'utf8'));
    return uri;
  }

  /** Sends incremental changes; returns the new version. */
  change(uri: string, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.written = this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notifyServer(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      void this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

/** Offset → LSP position in a text (tests compute expected positions from the fixture text itself). */
export function positionOf(text: string, needle: string, delta = 0, from = 0): { line: number; character: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
