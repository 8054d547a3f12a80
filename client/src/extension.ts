/**
 * Contract Lens for VS Code: a thin client over the Contract Lens language server. Everything shown here comes
 * from the server (diagnostics, quick fixes, completion… through standard LSP; preview, checks, drift through
 * custom requests); this file only wires the pieces together.
 */
import * as vscode from 'vscode';
import { ServerClient } from './serverClient.js';
import { isContractDocument, trackContractContext } from './contractContext.js';
import { CheckResultStore } from './checkResults.js';
import { CheckRunner } from './checkRunner.js';
import { CheckDiagnostics } from './checkDiagnostics.js';
import { ContractTests } from './testing.js';
import { SchemaCodeLenses } from './codeLens.js';
import { PreviewView, PREVIEW_VIEW_ID } from './preview/previewView.js';
import { ReportDocuments } from './reportDocument.js';
import { ContractStatus } from './status.js';
import { registerCommands, type CommandDeps } from './commands.js';
import { HistoryView } from './historyView.js';
import { ContractLensTasks, TASK_TYPE } from './tasks.js';
import { settingsFor } from './settings.js';
import { DatabaseLogins } from './databaseLogins.js';

let server: ServerClient | undefined;

/** What the extension exposes to other extensions and to its own e2e tests (read-only views of its state). */
export interface ContractLensApi {
  readonly server: ServerClient;
  readonly tests: ContractTests;
  readonly preview: PreviewView;
  readonly status: ContractStatus;
  readonly results: CheckResultStore;
  readonly commands: CommandDeps;
  readonly databases: DatabaseLogins;
}

export async function activate(context: vscode.ExtensionContext): Promise<ContractLensApi> {
  server = new ServerClient(context);
  const results = new CheckResultStore();
  const runner = new CheckRunner(server, results);
  const tests = new ContractTests(runner);
  const preview = new PreviewView(context.extensionUri, server);
  const reports = new ReportDocuments();
  const history = new HistoryView();
  const lenses = new SchemaCodeLenses(results, runner);
  const status = new ContractStatus(server, results);
  // Before the server starts: it may ask for a login as soon as it runs.
  const databases = new DatabaseLogins(context.secrets, server);
  const commandDeps: CommandDeps = { context, server, runner, tests, preview, reports, history };
  context.subscriptions.push(server, results, tests, preview, reports, history, lenses, status, databases, new CheckDiagnostics(results, server), trackContractContext());
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(PREVIEW_VIEW_ID, preview, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.languages.registerCodeLensProvider({ language: 'yaml', scheme: 'file' }, lenses),
    ...registerCommands(commandDeps),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new ContractLensTasks(context)),
    vscode.commands.registerCommand('contractlens.restartServer', async () => {
      await server?.restart();
      void vscode.window.setStatusBarMessage('Contract Lens: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('contractlens.showOutput', () => server?.output.show(true)),
    // Lenses are placed from the outline, which changes as the user types.
    vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && lenses.refresh()),
    server.onDidChangeState((s) => s === 'running' && lenses.refresh()),
    // checkOnSave "checks": the saved contract's quality checks run (lint and drift on save are the server's).
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (settingsFor(doc.uri).checkOnSave === 'checks' && vscode.workspace.isTrusted && isContractDocument(doc)) void tests.runFromCommand([doc.uri]);
    }),
  );
  void vscode.commands.executeCommand('setContext', 'contractlens.active', true);
  // A server that fails to start must not fail activation: commands still work (Restart Server, Show Output).
  await server.start().catch((err: unknown) => {
    void vscode.window.showErrorMessage(`Contract Lens: the language server did not start (${String(err)}).`, 'Show Output').then((a) => a && server?.output.show(true));
  });
  void tests.discoverWorkspace();
  return { server, tests, preview, status, results, commands: commandDeps, databases };
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
