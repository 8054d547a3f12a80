/**
 * "Contract Lens: Show Rule History": a webview chart of a rule's (or a whole contract's) recorded runs, as the
 * server's contractlens/history answers them. The extension only draws: an inline SVG with one line per rule, in
 * the theme's chart colours (CSS variables), under a Content-Security-Policy that allows nothing but the page's own
 * nonce'd style — no script, no remote resource.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ContractTrend, HistoryResponse } from '../../server/src/shared/protocol.js';

const COLOURS = ['red', 'blue', 'orange', 'green', 'purple', 'yellow'].map((c) => `var(--vscode-charts-${c})`);

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One SVG chart: x = run order (time labels at both ends), y = the plotted value of each point. */
function chart(trends: ContractTrend[]): string {
  const W = 720;
  const H = 260;
  const pad = { l: 56, r: 16, t: 16, b: 36 };
  const times = [...new Set(trends.flatMap((t) => t.points.map((p) => p.time)))].sort();
  const values = trends.flatMap((t) => t.points.map((p) => p.value)).filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  const x = (time: string) => pad.l + (times.length <= 1 ? 0 : (times.indexOf(time) / (times.length - 1)) * (W - pad.l - pad.r));
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const lines = trends.map((t, i) => {
    const pts = t.points.filter((p) => p.value !== null).map((p) => `${x(p.time).toFixed(1)},${y(p.value!).toFixed(1)}`);
    const dots = t.points.filter((p) => p.value !== null).map((p) => `<circle cx="${x(p.time).toFixed(1)}" cy="${y(p.value!).toFixed(1)}" r="3" fill="${COLOURS[i % COLOURS.length]}"><title>${esc(`${t.rule} ${p.time}: ${p.value} (${p.status})`)}</title></circle>`);
    return `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2" points="${pts.join(' ')}"/>${dots.join('')}`;
  });
  const axis = `<line class="axis" x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}"/><line class="axis" x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}"/>`;
  const labels = `<text x="${pad.l - 6}" y="${pad.t + 4}" text-anchor="end">${max}</text><text x="${pad.l - 6}" y="${H - pad.b}" text-anchor="end">0</text>` +
    (times.length ? `<text x="${pad.l}" y="${H - 12}">${esc(times[0].slice(0, 16).replace('T', ' '))}</text><text x="${W - pad.r}" y="${H - 12}" text-anchor="end">${esc(times[times.length - 1].slice(0, 16).replace('T', ' '))}</text>` : '');
  return `<svg role="img" aria-label="failing rows over time" viewBox="0 0 ${W} ${H}" width="100%">${axis}${labels}${lines.join('')}</svg>`;
}

export function historyHtml(title: string, res: HistoryResponse): string {
  const nonce = randomBytes(16).toString('base64');
  const trends = res.trends.filter((t) => t.points.some((p) => p.value !== null));
  const legend = trends.map((t, i) => `<li><span class="swatch" style="background:${COLOURS[i % COLOURS.length]}"></span><code>${esc(t.rule)}</code> <span class="spark">${esc(t.sparkline)}</span> ${esc(t.changeText)}</li>`).join('');
  const body = !res.history
    ? '<p>No history for this contract: run <code>contractlens check --history PATH</code>, set <code>history: true</code> in <code>.contractlens.yaml</code>, or run <code>contractlens serve</code>.</p>'
    : trends.length
      ? `${chart(trends)}<ul>${legend}</ul><p class="muted">From ${esc(res.history)}; failing rows (or the observed value) per recorded run.</p>`
      : `<p>No recorded run with a count for this selection in ${esc(res.history)}.</p>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<title>${esc(title)}</title>
<style nonce="${nonce}">
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); }
svg text { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.axis { stroke: var(--vscode-editorWidget-border, var(--vscode-foreground)); }
ul { list-style: none; padding: 0; } li { margin: 4px 0; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
.spark { font-family: var(--vscode-editor-font-family); }
.muted { color: var(--vscode-descriptionForeground); }
</style></head><body><h2>${esc(title)}</h2>${body}</body></html>`;
}

/** Opens (or reuses) the history panel for a contract / rule. */
export class HistoryView {
  private panel: vscode.WebviewPanel | undefined;

  /** The open panel, if any (read by the e2e tests through the extension API). */
  get current(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  show(title: string, res: HistoryResponse): vscode.WebviewPanel {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('contractlens.history', title, vscode.ViewColumn.Beside, { enableScripts: false, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = title;
    this.panel.webview.html = historyHtml(title, res);
    this.panel.reveal(undefined, true);
    return this.panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
