/**
 * Check results also as diagnostics: the server sends, with each check response, the diagnostics of every contract
 * it checked (message, severity, range, rule id and doc link are the server's); this shows them. An empty list
 * clears a contract's earlier ones.
 */
import * as vscode from 'vscode';
import type { CheckResultStore } from './checkResults.js';
import type { ServerClient } from './serverClient.js';

export class CheckDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('contractlens-checks');
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly store: CheckResultStore,
    private readonly server: ServerClient,
  ) {
    this.sub = store.onDidChangeDiagnostics((uris) => void this.update(uris));
  }

  private async update(uris: string[]): Promise<void> {
    const converter = this.server.languageClient?.protocol2CodeConverter;
    if (!converter) return;
    for (const uri of uris) this.collection.set(vscode.Uri.parse(uri), await converter.asDiagnostics(this.store.diagnostics(uri)));
  }

  dispose(): void {
    this.sub.dispose();
    this.collection.dispose();
  }
}
