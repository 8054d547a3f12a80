/**
 * The "Contract Lens: …" commands. Each one finds its target (the contract in the editor, the schema object
 * under the cursor, or what a code lens / the explorer passed), asks the server, and shows the answer.
 */
import * as vscode from 'vscode';
import { UNTRUSTED_MESSAGE, type CheckRunner } from './checkRunner.js';
import { isContractDocument } from './contractContext.js';
import { schemaAt, schemaObjects } from './contractSymbols.js';
import type { PreviewView } from './preview/previewView.js';
import { BreakingChangesRequest, CleanRequest, CreateContractRequest, DriftRequest, ReconcileRequest, RequestError, type CleanParams, type CleanResponse } from '../../server/src/shared/protocol.js';
import { settingsFor } from './settings.js';
import { resultsMarkdown } from './resultsMarkdown.js';
import type { ReportDocuments } from './reportDocument.js';
import type { ServerClient } from './serverClient.js';
import type { ContractTests } from './testing.js';
import type { HistoryView } from './historyView.js';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  server: ServerClient;
  runner: CheckRunner;
  tests: ContractTests;
  preview: PreviewView;
  reports: ReportDocuments;
  history: HistoryView;
}

/** The contract and schema object a command applies to. */
async function target(uri?: vscode.Uri, schema?: string): Promise<{ uri: vscode.Uri; schema?: string } | undefined> {
  if (uri instanceof vscode.Uri) return { uri, schema: typeof schema === 'string' ? schema : undefined };
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isContractDocument(editor.document)) {
    void vscode.window.showInformationMessage('Contract Lens: open a data contract file first.');
    return undefined;
  }
  const objects = await schemaObjects(editor.document.uri);
  return { uri: editor.document.uri, schema: schemaAt(objects, editor.selection.active)?.name };
}

function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
  return false;
}

async function withProgress<T>(title: string, fn: (token: vscode.CancellationToken) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_p, token) => {
    try {
      return await fn(token);
    } catch (err) {
      if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Contract Lens: ${(err as Error)?.message ?? err}`);
      return undefined;
    }
  });
}

async function pickServer(uri: vscode.Uri, placeHolder: string, exclude?: string): Promise<string | undefined> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  const servers = symbols?.find((s) => s.name === 'servers')?.children.map((c) => c.name).filter((n) => n !== exclude) ?? [];
  if (servers.length === 0) {
    void vscode.window.showWarningMessage('Contract Lens: this contract declares no other server to compare with.');
    return undefined;
  }
  return vscode.window.showQuickPick(servers, { placeHolder });
}

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: any[]) => unknown) => vscode.commands.registerCommand(`contractlens.${id}`, fn);
  return [
    reg('runChecks', async (uri?: vscode.Uri, schema?: string) => {
      const t = await target(uri, schema);
      if (!t || !requireTrust()) return;
      // A code lens passes its schema object; the command palette checks the whole contract.
      await d.tests.runFromCommand([t.uri], uri ? t.schema : undefined);
    }),
    reg('runWorkspaceChecks', async () => {
      if (!requireTrust()) return;
      await d.tests.runFromCommand(await d.runner.workspaceContracts());
    }),
    reg('previewData', async (uri?: vscode.Uri, schema?: string) => {
      const t = await target(uri, schema);
      if (t) await d.preview.show(t.uri, t.schema);
    }),
    reg('checkDrift', async (uri?: vscode.Uri, schema?: string) => {
      const t = await target(uri, schema);
      if (!t || !requireTrust()) return;
      const res = await withProgress('Contract Lens: comparing the contract with its data…', (token) =>
        d.server.request(DriftRequest, { uri: t.uri.toString(), schema: t.schema }, token),
      );
      if (res !== undefined) await d.reports.show(`drift-${t.schema ?? 'contract'}`, res);
    }),
    reg('reconcile', async (uri?: vscode.Uri, schema?: string, source?: string, against?: string) => {
      const t = await target(uri, schema);
      if (!t || !requireTrust()) return;
      source ??= await pickServer(t.uri, 'The source (the copy that is right)');
      if (!source) return;
      against ??= await pickServer(t.uri, `The copy to compare with ${source}`, source);
      if (!against) return;
      const res = await withProgress(`Contract Lens: reconciling ${source} with ${against}…`, (token) =>
        d.server.request(ReconcileRequest, { uri: t.uri.toString(), schema: t.schema, server: source, against }, token),
      );
      if (res) await d.reports.show(`reconcile-${source}-${against}`, resultsMarkdown(`${t.schema ?? 'Contract'}: ${source} reconciled with ${against}`, res));
    }),
    reg('showBreakingChanges', async (uri?: vscode.Uri) => {
      const t = await target(uri);
      // git reads the repository's configuration, which an untrusted repository controls: trusted workspaces only.
      if (!t || !requireTrust()) return;
      // Empty setting: the server picks the merge base with the default branch, else HEAD.
      const base = settingsFor(t.uri).breakingChangeBase || undefined;
      const res = await withProgress(`Contract Lens: comparing with ${base ?? 'the git base'}…`, (token) =>
        d.server.request(BreakingChangesRequest, { uri: t.uri.toString(), base }, token),
      );
      if (res) await d.reports.show(`breaking-changes-vs-${res.base.replace(/[^\w.-]+/g, '_')}`, res.markdown);
    }),
    reg('showRuleHistory', async (uri?: vscode.Uri, rule?: string) => {
      const t = await target(uri);
      if (!t || !requireTrust()) return;
      const all = await d.runner.history(t.uri, undefined, 50);
      if (rule === undefined) {
        const whole = '$(graph) The whole contract';
        const picked = await vscode.window.showQuickPick([whole, ...all.trends.map((tr) => `${tr.rule}  ${tr.sparkline}`)], { placeHolder: 'Rule history of' });
        if (!picked) return;
        rule = picked === whole ? undefined : picked.split('  ')[0];
      }
      const res = rule === undefined ? all : { ...all, trends: all.trends.filter((tr) => tr.rule === rule) };
      d.history.show(rule ? `History: ${rule}` : `History: ${vscode.workspace.asRelativePath(t.uri)}`, res);
    }),
    reg('cleanData', async (uri?: vscode.Uri, options?: Partial<Omit<CleanParams, 'uri' | 'workDoneToken'>>) => {
      const t = await target(uri);
      if (!t || !requireTrust()) return undefined;
      // The folder comes from the picker; tests (and other extensions) may pass it as options.outDir.
      let outDir = options?.outDir;
      if (!outDir && !options?.dryRun) {
        const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Write the cleaned data here', defaultUri: vscode.Uri.joinPath(t.uri, '..') });
        outDir = picked?.[0]?.fsPath;
        if (!outDir) return undefined;
      }
      const run = (force: boolean) =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Contract Lens: cleaning data to the contract', cancellable: true }, async (progress, token) => {
          const workDoneToken = `contractlens-clean-${Date.now()}`;
          let last = 0;
          const sub = d.server.onProgress(workDoneToken, (message, percentage) => {
            progress.report({ message, increment: percentage !== undefined ? percentage - last : undefined });
            last = percentage ?? last;
          });
          try {
            return await d.server.request(CleanRequest, { ...options, uri: t.uri.toString(), schema: options?.schema ?? t.schema, outDir, force, workDoneToken }, token);
          } finally {
            sub.dispose();
          }
        });
      let res: CleanResponse | undefined;
      try {
        res = await run(options?.force === true);
      } catch (err) {
        const e = err as { code?: number; message?: string };
        // Refused output (existing files, the source folder): overwriting is the user's decision.
        if (e.code === RequestError.Refused && (await vscode.window.showWarningMessage(`Contract Lens: ${e.message}`, 'Overwrite')) === 'Overwrite') res = await Promise.resolve(run(true)).catch((again: Error) => void vscode.window.showErrorMessage(`Contract Lens: ${again.message}`));
        else if (e.code !== RequestError.Refused && !/cancel/i.test(e.message ?? '')) void vscode.window.showErrorMessage(`Contract Lens: ${e.message ?? String(err)}`);
      }
      if (!res) return undefined;
      if (res.reportFile) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(res.reportFile)));
      else await d.reports.show('clean-report', res.text);
      const s = res.report.totals;
      void vscode.window.showInformationMessage(`Contract Lens: ${s.read} rows read, ${s.written} written, ${s.quarantined} quarantined, ${s.deduplicated} duplicates removed.`);
      return res.report;
    }),
    reg('createContractFromData', async (uri?: vscode.Uri) => {
      const file = uri instanceof vscode.Uri ? uri : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Data: ['csv', 'parquet', 'json', 'jsonl', 'ndjson'] } }))?.[0];
      if (!file || !requireTrust()) return;
      const res = await withProgress(`Contract Lens: reading ${vscode.workspace.asRelativePath(file)}…`, (token) =>
        d.server.request(CreateContractRequest, { uri: file.toString() }, token),
      );
      if (!res) return;
      // An existing contract is never overwritten: the server hands the text back for an unsaved editor instead.
      const doc = res.uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(res.uri)) : await vscode.workspace.openTextDocument({ language: 'yaml', content: res.text });
      await vscode.window.showTextDocument(doc);
      void vscode.window.showInformationMessage(`Contract Lens: ${res.summary}`);
    }),
  ];
}
