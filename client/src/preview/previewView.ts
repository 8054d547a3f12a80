/**
 * The Data Preview view (a webview in the bottom panel): asks the server for `contractlens/preview` and hands the
 * result to the page (client/media/preview.js), which draws a virtualised table with the broken cells marked.
 * Copy and export go through the extension (clipboard, save dialog). The page loads nothing (script and style are
 * inlined under a nonce, see html.ts) and never talks to the network.
 */
import * as vscode from 'vscode';
import { PreviewRequest, type PreviewParams, type PreviewResponse as PreviewResult } from '../../../server/src/shared/protocol.js';
import { settingsFor } from '../settings.js';
import type { ServerClient } from '../serverClient.js';
import { UNTRUSTED_MESSAGE } from '../checkRunner.js';
import { previewHtml } from './html.js';
import { toCsv, toJson } from './exportRows.js';

export const PREVIEW_VIEW_ID = 'contractlens.preview';

type FromPage =
  | { type: 'ready' }
  | { type: 'setLimit'; limit: number }
  | { type: 'copy'; text: string }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'reveal'; property: string };

export class PreviewView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Focusing the view returns before VS Code resolves it: posts wait for this (re-armed when the view goes away). */
  private resolved!: Promise<void>;
  private markResolved!: () => void;
  private viewReady: Promise<void> | undefined;
  private markReady: (() => void) | undefined;
  private current: { uri: vscode.Uri; schema?: string; limit: number } | undefined;
  private result: PreviewResult | undefined;
  private cancel: vscode.CancellationTokenSource | undefined;
  /** The latest result and what the page last rendered, for the e2e tests. */
  lastShown: { uri: string; schema: string; rows: number; brokenCells: number } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly server: ServerClient,
  ) {
    this.armResolved();
  }

  private armResolved(): void {
    this.resolved = new Promise((r) => (this.markResolved = r));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'client', 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [], enableCommandUris: false };
    this.viewReady = new Promise((r) => (this.markReady = r));
    view.webview.onDidReceiveMessage((m: FromPage) => void this.onMessage(m));
    view.webview.html = previewHtml(media);
    view.onDidDispose(() => {
      this.view = undefined;
      this.viewReady = undefined;
      this.armResolved();
    });
    this.markResolved();
  }

  /** Opens the panel and previews a schema object of a contract. */
  async show(uri: vscode.Uri, schema: string | undefined): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      return;
    }
    const limit = this.current?.uri.toString() === uri.toString() ? this.current.limit : settingsFor(uri).previewLimit;
    this.current = { uri, schema, limit };
    await vscode.commands.executeCommand(`${PREVIEW_VIEW_ID}.focus`);
    await this.load();
  }

  private async load(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.cancel?.cancel();
    const cts = (this.cancel = new vscode.CancellationTokenSource());
    await this.post({ type: 'loading', title: `${vscode.workspace.asRelativePath(cur.uri)}${cur.schema ? ` › ${cur.schema}` : ''}` });
    try {
      const params: PreviewParams = { uri: cur.uri.toString(), schema: cur.schema, limit: cur.limit };
      const result = await this.server.request(PreviewRequest, params, cts.token);
      if (cts.token.isCancellationRequested) return;
      this.result = result;
      await this.post({ type: 'data', result, limit: cur.limit, source: vscode.workspace.asRelativePath(cur.uri) });
      this.lastShown = { uri: cur.uri.toString(), schema: result.schemaName, rows: result.rows.length, brokenCells: result.brokenCells };
    } catch (err) {
      if (cts.token.isCancellationRequested) return;
      this.server.output.warn(`Preview of ${cur.uri.toString()} ${cur.schema ?? ''}: ${String((err as Error)?.message ?? err)}`);
      await this.post({ type: 'error', message: String((err as Error)?.message ?? err) });
    }
  }

  private async post(message: unknown): Promise<void> {
    if (!this.view) await Promise.race([this.resolved, new Promise((r) => setTimeout(r, 10_000))]);
    if (!this.view) {
      this.server.output.warn('The Data Preview view did not open: nothing shown.');
      return;
    }
    await this.viewReady;
    await this.view.webview.postMessage(message);
  }

  private async onMessage(m: FromPage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.markReady?.();
        break;
      case 'setLimit':
        if (this.current && Number.isInteger(m.limit) && m.limit > 0) {
          this.current.limit = Math.min(m.limit, 10_000);
          await this.load();
        }
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(String(m.text));
        void vscode.window.setStatusBarMessage('Copied', 2000);
        break;
      case 'export':
        await this.export(m.format);
        break;
      case 'reveal':
        if (this.current) await vscode.commands.executeCommand('vscode.open', this.current.uri);
        break;
    }
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const r = this.result;
    if (!r || !this.current) return;
    const base = vscode.Uri.joinPath(this.current.uri, '..', `${r.schemaName}-sample.${format}`);
    const target = await vscode.window.showSaveDialog({ defaultUri: base, filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!target) return;
    const text = format === 'csv' ? toCsv(r) : toJson(r);
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Exported ${r.rows.length} rows to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    this.cancel?.cancel();
  }
}
