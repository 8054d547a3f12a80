/**
 * The preview page: its script and style are inlined (read from client/media/) under a nonce, so the page loads
 * nothing at all, and the Content-Security-Policy forbids everything else (no network, no other scripts, no images,
 * no frames, no forms).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function previewHtml(media: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = readFileSync(vscode.Uri.joinPath(media, 'preview.js').fsPath, 'utf8');
  const style = readFileSync(vscode.Uri.joinPath(media, 'preview.css').fsPath, 'utf8');
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${style}</style>
<title>Contract Lens: Data Preview</title>
</head>
<body>
<div id="cl-toolbar" role="toolbar">
  <span id="cl-title">No preview yet: use “Preview” above a schema object, or Contract Lens: Preview Data.</span>
  <span class="cl-spacer"></span>
  <label>Rows <input id="cl-limit" type="number" min="1" max="10000" step="1" value="100" aria-label="Row limit"></label>
  <button id="cl-copy-cell" title="Copy the selected cell (Ctrl+C)" disabled>Copy cell</button>
  <button id="cl-copy-row" title="Copy the selected row as JSON" disabled>Copy row</button>
  <button id="cl-export-csv" disabled>Export CSV</button>
  <button id="cl-export-json" disabled>Export JSON</button>
</div>
<div id="cl-status" role="status"></div>
<div id="cl-grid" tabindex="0">
  <table id="cl-preview-table" aria-label="Data preview">
    <thead></thead>
    <tbody></tbody>
  </table>
</div>
<div id="cl-detail" hidden></div>
<script nonce="${nonce}">${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>`;
}
