/**
 * Read-only documents for results the server returns as reports (drift, reconciliation, breaking changes):
 * shown as Markdown when the server sends Markdown, otherwise as pretty JSON.
 */
import * as vscode from 'vscode';

const SCHEME = 'contractlens-report';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** The last report shown, for the e2e tests. */
  last: { name: string; text: string } | undefined;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(name: string, result: unknown): Promise<vscode.TextEditor> {
    const md = typeof result === 'string' ? result : typeof (result as { markdown?: unknown })?.markdown === 'string' ? (result as { markdown: string }).markdown : undefined;
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}.${md ? 'md' : 'json'}` });
    const text = md ?? JSON.stringify(result, null, 2);
    this.contents.set(uri.toString(), text);
    this.last = { name, text };
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}
