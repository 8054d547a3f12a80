/** Helpers shared by the in-host suites: opening fixture files, reading diagnostics by code. */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { env, waitFor } from './harness.js';

export function fixtureUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(join(env('CL_E2E_WORKSPACE'), ...parts));
}

export async function openFixture(...parts: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(...parts));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function diagnosticsWithCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
}

/** Waits until the server has published diagnostics for `uri` that include `code`. */
export function waitForDiagnostic(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostic ${code} on ${uri.fsPath}`, () => {
    const found = diagnosticsWithCode(uri, code);
    return found.length ? found : undefined;
  }, timeoutMs);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  return vscode.languages
    .getDiagnostics(uri)
    .map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
    .join('\n');
}
