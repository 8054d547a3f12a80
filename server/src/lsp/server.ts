/**
 * Language server entry: wires the engine to an LSP connection (`contractlens lsp --stdio` or `--node-ipc`).
 * This file owns the lifecycle only (initialize, workspace folders, settings, watched files, trust); the features
 * live in handlers/ and the engine. Nothing but protocol may reach stdout: console output goes to the client's log.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from './languageServer.js';
import { serverSqlParser } from './sqlParserProcess.js';
import { defaultKnowledge } from '../engine/features/schemaInfo.js';
import { warmUpAnalysis } from '../engine/warmup.js';
import type { ServerContext } from './context.js';
import { wireCustomRequests } from './customRequests.js';
import { DiagnosticsScheduler } from './diagnostics.js';
import { createDiagnosticsProviders } from './diagnosticsProviders.js';
import { OpenDocuments } from './documents.js';
import './extensions.js';
import { registerCodeActions, OPEN_RULE_DOC_COMMAND } from './handlers/codeActions.js';
import type { HandlerDeps } from './handlers/common.js';
import { registerEditing } from './handlers/editing.js';
import { registerNavigation } from './handlers/navigation.js';
import { registerStructure } from './handlers/structure.js';
import { startMemoryKeeper, type MemoryKeeper } from './memory.js';
import { SettingsStore } from './settings.js';
import { LspDatabaseLogins } from './databaseLogins.js';
import { dataAccessFromSettings } from '../shared/dataAccess.js';
import { WorkspaceTrustNotification } from '../shared/protocol.js';
import { codeCacheCheckpoint } from '../shared/codeCache.js';
import { VERSION } from '../shared/version.js';
import { PendingChanges, transportFromArgv } from './transport.js';
import { WorkspaceState } from './workspace.js';

/** Contracts are found by content too, so every YAML file is watched. */
const CONTRACT_WATCH_GLOBS = ['**/*.{yaml,yml}'];

/**
 * Rounds of the warm-up (engine/warmup.ts) after `initialized`, each a macrotask of its own so that a didOpen arriving
 * meanwhile waits for one round at most; the rounds stop once a document is open.
 */
const WARM_UP_ROUNDS = 6;

/** The complete diagnostics wait for the workspace scan (cross-file targets), but not longer than this (diagnostics.ts). */
const SCAN_WAIT_MS = 3000;

export function startServer(): void {
  const pending = new PendingChanges();
  const memory = startMemoryKeeper();
  const { reader, writer } = transportFromArgv(process.argv, pending, memory && (() => memory.activity()));
  const connection = createConnection(reader, writer);
  redirectConsole(connection);
  // Without the client there is nothing to serve: stop when the input ends or the IPC channel closes.
  process.stdin.on('end', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
  // One failed background task must not take the editor's server down: log it and keep serving.
  process.on('unhandledRejection', (e) => connection.console.error(`Unhandled error: ${(e as Error)?.stack ?? e}`));
  serve(connection, pending, memory);
}

/**
 * Serves the protocol on a connection whose reader reports didChange arrivals to `pending` (see transport.ts).
 * startServer() uses it with stdio/IPC; tests use it in-process with stream pairs.
 */
export function serve(connection: Connection, pending: PendingChanges, memory?: MemoryKeeper): void {
  const server = new ContractLensServer(connection, pending);
  if (memory) {
    memory.beforeSettledCollect(() => server.compact());
    server.afterWarmUp = () => memory.startUpDone();
  }
  server.listen();
}

class ContractLensServer {
  private readonly open = new OpenDocuments();
  private readonly workspace: WorkspaceState;
  private readonly settings: SettingsStore;
  private readonly scheduler: DiagnosticsScheduler;
  private readonly ctx: ServerContext;
  private readonly logins: LspDatabaseLogins;
  private readonly deps: HandlerDeps;
  private trusted = true;
  private dynamicWatchers = false;
  private dynamicConfiguration = false;
  private clientHasFolderEvents = false;
  private readonly extraWatchers: { globs: string[]; listener: (events: FileEvent[]) => void }[] = [];
  /** Called once, when the warm-up has run all its rounds or stopped because a document was opened. */
  afterWarmUp?: () => void;
  private warmUpEnded = false;
  private initialized = false;

  constructor(
    private readonly connection: Connection,
    private readonly pending: PendingChanges,
  ) {
    const log = (m: string) => connection.console.log(m);
    this.workspace = new WorkspaceState(this.open, log);
    this.settings = new SettingsStore(connection);
    this.logins = new LspDatabaseLogins(connection, log);
    this.ctx = {
      connection,
      index: this.workspace.index,
      settings: (uri) => this.settings.get(uri),
      workspaceTrusted: () => this.trusted,
      // An untrusted workspace runs no SQL at all, not even DuckDB's parser on contract text.
      sqlParser: () => (this.trusted ? serverSqlParser() : undefined),
      mapper: (uri) => this.workspace.mapperFor(uri),
      dataRoot: (path) => this.workspace.dataRoot(path),
      dataAccess: (settings, path) => ({ ...dataAccessFromSettings(settings, this.workspace.dataRoot(path)), logins: this.logins }),
      logins: this.logins,
      refreshDiagnostics: (uri) => (uri ? this.scheduler.request(uri) : this.scheduler.requestAll()),
      watchFiles: (globs, listener) => {
        this.extraWatchers.push({ globs, listener });
        if (this.initialized) void this.registerWatchers(globs);
      },
      log,
    };
    this.scheduler = new DiagnosticsScheduler(connection, this.ctx, this.open, pending);
    this.workspace.onNoLongerContract = (uri) => this.scheduler.refreshDependentsOf([uri]);
    this.deps = {
      open: this.open,
      workspace: this.workspace,
      knowledge: defaultKnowledge,
      client: { snippets: false, markdown: false, hierarchicalSymbols: false, showDocument: false },
      workspaceTrusted: () => this.trusted,
    };
  }

  /** When idle: what only speeds up the next edit goes (lsp/memory.ts). */
  compact(): void {
    this.open.compact();
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.afterInitialized().catch((e) => this.ctx.log(`Setup after initialize failed: ${(e as Error)?.stack ?? e}`)));
    c.onShutdown(async () => {
      await serverSqlParser()
        .close()
        .catch(() => undefined);
    });
    this.open.listen(c, this.pending, {
      opened: (doc) => this.bufferChanged(doc.uri),
      changed: (doc) => this.bufferChanged(doc.uri),
      closed: (uri) => void this.bufferClosed(uri).catch((e) => this.ctx.log(`Closing ${uri} failed: ${(e as Error)?.stack ?? e}`)),
    });
    c.onDidChangeConfiguration(() => {
      this.settings.invalidate();
      this.scheduler.requestAll();
    });
    c.onDidChangeWatchedFiles(({ changes }) => void this.filesChanged(changes).catch((e) => this.ctx.log(`Watched-file update failed: ${(e as Error)?.stack ?? e}`)));
    c.onNotification(WorkspaceTrustNotification, (params) => {
      this.trusted = params?.trusted === true; // checked: a client may send anything
      this.scheduler.requestAll();
    });
    registerEditing(c, this.deps);
    registerNavigation(c, this.deps);
    registerStructure(c, this.deps);
    registerCodeActions(c, this.deps);
    wireCustomRequests(c, this.ctx);
    this.scheduler.setProviders(createDiagnosticsProviders(this.ctx));
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    // Once the answer is on its way: the code cache (launcher/codeCache.ts) holds what the start compiled.
    setImmediate(codeCacheCheckpoint);
    const caps = params.capabilities;
    const options = (params.initializationOptions ?? {}) as { workspaceTrusted?: unknown; databaseLogins?: unknown };
    // Editors without a trust model (Neovim, Helix) run the server on the user's own files, like the CLI does.
    this.trusted = options.workspaceTrusted !== false;
    this.logins.clientKeepsLogins = options.databaseLogins === true;
    this.settings.setClientSupportsConfiguration(caps.workspace?.configuration === true);
    this.dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.clientHasFolderEvents = caps.workspace?.workspaceFolders === true;
    this.deps.client = {
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      markdown: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? false,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      showDocument: caps.window?.showDocument?.support === true,
    };
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const scan = Promise.all(folders.map((f) => this.workspace.addFolder(f).catch((e) => this.ctx.log(`Workspace scan of ${f} failed: ${e}`)))).then(() => {
      // Open buffers were validated against what was indexed so far: now every target is known.
      this.scheduler.requestAll();
    });
    this.scheduler.waitForScan(scan, SCAN_WAIT_MS);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['.', '#', ':'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: [OPEN_RULE_DOC_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'contractlens', version: VERSION },
    };
  }

  private async afterInitialized(): Promise<void> {
    this.initialized = true;
    const c = this.connection;
    this.warmUp(0);
    if (this.dynamicConfiguration) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: 'contractlens' }).catch(() => undefined);
    }
    await this.registerWatchers([...CONTRACT_WATCH_GLOBS, ...this.extraWatchers.flatMap((w) => w.globs)]);
    // vscode-languageserver throws here when the client did not announce workspace-folder support (minimal clients):
    // that must not kill the server.
    if (this.clientHasFolderEvents) {
      c.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.scheduler.refreshDependentsOf(this.workspace.removeFolder(f.uri));
        for (const f of e.added) void this.workspace.addFolder(f.uri).then(() => this.scheduler.requestAll());
      });
    }
  }

  /**
   * Loads and compiles what the first validation needs while the editor is still starting (docs/ARCHITECTURE.md,
   * "The first open"). A document opened meanwhile does that work itself: the warm-up stops.
   */
  private warmUp(round: number): void {
    if (round >= WARM_UP_ROUNDS || this.open.all().length > 0) return this.endWarmUp();
    setImmediate(() => {
      if (this.open.all().length > 0) return this.endWarmUp();
      try {
        // The global `performance` compiles node:perf_hooks on first use (80 ms on a loaded machine), and the first
        // validation's scheduler (diagnostics.ts, burst.ts) is its first user.
        if (round === 0) performance.now();
        warmUpAnalysis(round);
      } catch (e) {
        this.ctx.log(`Warm-up failed: ${(e as Error)?.stack ?? e}`);
        return this.endWarmUp();
      }
      this.warmUp(round + 1);
    }).unref();
  }

  private endWarmUp(): void {
    if (this.warmUpEnded) return;
    this.warmUpEnded = true;
    this.afterWarmUp?.();
  }

  private async registerWatchers(globs: string[]): Promise<void> {
    if (!this.dynamicWatchers || globs.length === 0) return;
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
    } catch (e) {
      this.ctx.log(`Could not register file watchers: ${e}`);
    }
  }

  /**
   * An edit or an open costs only applying the text (documents.ts): parsing happens when the index is next read
   * (workspace.ts), validation after the edits already read have been applied (diagnostics.ts). rust-analyzer's
   * model: apply every pending change, then analyse once.
   */
  private bufferChanged(uri: string): void {
    this.workspace.edited(uri);
    this.scheduler.request(uri);
  }

  private async bufferClosed(uri: string): Promise<void> {
    this.scheduler.clear(uri);
    this.settings.forget(uri);
    await this.workspace.closed(uri);
    // Unsaved edits others depended on are gone: they see the file on disk again.
    this.scheduler.refreshDependentsOf([uri]);
  }

  private async filesChanged(events: FileEvent[]): Promise<void> {
    const changed = await this.workspace.applyFileEvents(events);
    if (changed.length) this.scheduler.refreshDependentsOf(changed);
    for (const w of this.extraWatchers) {
      try {
        w.listener(events);
      } catch (e) {
        this.ctx.log(`A file watcher listener failed: ${(e as Error)?.stack ?? e}`);
      }
    }
  }
}

/** Whatever a module prints must not corrupt the protocol stream on stdout. */
function redirectConsole(connection: Connection): void {
  const fmt = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  console.log = (...a: unknown[]) => connection.console.log(fmt(a));
  console.info = (...a: unknown[]) => connection.console.info(fmt(a));
  console.warn = (...a: unknown[]) => connection.console.warn(fmt(a));
  console.error = (...a: unknown[]) => connection.console.error(fmt(a));
  console.debug = (...a: unknown[]) => connection.console.log(fmt(a));
}
