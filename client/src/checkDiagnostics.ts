/**
 * Check results also as diagnostics: every failed, warning or errored rule of the last run is shown on the line
 * of the contract where the rule is written (the range the server sent). Cleared per contract when it is checked
 * again. Source `contractlens checks`, code = the rule id, so they never mix with the lint diagnostics.
 */
import * as vscode from 'vscode';
import type { CheckResultStore } from './checkResults.js';
import { resultRange } from './testing.js';

export class CheckDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('contractlens-checks');
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: CheckResultStore) {
    this.sub = store.onDidChange((uris) => void this.update(uris));
  }

  private async update(uris: vscode.Uri[]): Promise<void> {
    for (const uri of uris) {
      const results = this.store.get(uri) ?? [];
      const doc = await vscode.workspace.openTextDocument(uri);
      const diagnostics: vscode.Diagnostic[] = [];
      for (const r of results) {
        if (r.status === 'passed' || r.status === 'skipped') continue;
        const range = resultRange(r, doc) ?? new vscode.Range(0, 0, 0, 0);
        const rows = r.failedRows !== undefined && r.failedRows !== null ? ` (${r.failedRows}${r.totalRows ? ` of ${r.totalRows}` : ''} rows)` : '';
        const d = new vscode.Diagnostic(
          range,
          `${r.name || r.rule}: ${r.message || r.status}${rows}`,
          r.status === 'failed' || r.status === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'contractlens checks';
        d.code = r.rule;
        diagnostics.push(d);
      }
      this.collection.set(uri, diagnostics);
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.collection.dispose();
  }
}
