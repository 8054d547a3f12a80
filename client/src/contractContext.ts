/**
 * Keeps the `contractlens.isContract` context key in step with the active editor, for menus and editor title
 * buttons. Uses the engine's own detection (by name or content), so the client decides nothing of its own.
 */
import * as vscode from 'vscode';
import { isContract } from '../../server/src/shared/contractFiles.js';

export function isContractDocument(doc: vscode.TextDocument | undefined): boolean {
  return !!doc && doc.uri.scheme === 'file' && isContract(doc.uri.fsPath, doc.getText());
}

export function trackContractContext(): vscode.Disposable {
  const update = () =>
    void vscode.commands.executeCommand('setContext', 'contractlens.isContract', isContractDocument(vscode.window.activeTextEditor?.document));
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidSaveTextDocument((d) => d === vscode.window.activeTextEditor?.document && update()),
  );
}
