/**
 * The language status item shown for contract files: the contract's format and version (from the server's
 * outline), whether data checks are on (workspace trust), the server state and the last check result.
 */
import * as vscode from 'vscode';
import type { CheckResultStore } from './checkResults.js';
import { isContractDocument } from './contractContext.js';
import type { ServerClient } from './serverClient.js';

export class ContractStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private serverState = 'starting';

  constructor(
    private readonly server: ServerClient,
    private readonly store: CheckResultStore,
  ) {
    this.item = vscode.languages.createLanguageStatusItem('contractlens.status', { language: 'yaml' });
    this.item.name = 'Contract Lens';
    this.item.command = { title: 'Show Output', command: 'contractlens.showOutput' };
    this.disposables.push(
      this.item,
      server.onDidChangeState((s) => {
        this.serverState = s;
        void this.update();
      }),
      store.onDidChange(() => void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.update()),
    );
    void this.update();
  }

  /** What the item shows, for the e2e tests. */
  get snapshot(): { text: string; detail: string | undefined; severity: vscode.LanguageStatusSeverity } {
    return { text: this.item.text, detail: this.item.detail, severity: this.item.severity };
  }

  async update(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const contract = isContractDocument(doc);
    this.item.selector = contract && doc ? { language: 'yaml', pattern: doc.uri.fsPath } : { language: 'yaml', pattern: '**/*.{odcs,contract}.{yaml,yml}' };
    const format = contract && doc ? await formatOf(doc.uri) : undefined;
    const trust = vscode.workspace.isTrusted ? 'DuckDB ready' : 'data checks off (untrusted workspace)';
    const last = this.store.lastRun ? `last check: ${this.store.lastRun.counts.text}` : undefined;
    const server = this.serverState === 'running' ? undefined : `server ${this.serverState}`;
    this.item.text = `$(${this.serverState === 'failed' ? 'error' : 'checklist'}) ${format ?? 'Contract Lens'}`;
    this.item.detail = [trust, last, server].filter(Boolean).join(' · ');
    this.item.severity =
      this.serverState === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.workspace.isTrusted ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning;
    this.item.busy = this.serverState === 'starting';
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** "ODCS v3.1.0" / "DCS 1.1.0", read from the outline's top-level entries. */
async function formatOf(uri: vscode.Uri): Promise<string | undefined> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  const detail = (name: string) => symbols?.find((s) => s.name === name)?.detail;
  const dcs = detail('dataContractSpecification');
  if (dcs) return `DCS ${dcs}`;
  const odcs = detail('apiVersion');
  return odcs ? `ODCS ${odcs}` : undefined;
}
