/**
 * Contract Lens for VS Code: a thin client over the Contract Lens language server. Everything shown here comes
 * from the server (diagnostics, quick fixes, completion… through standard LSP; preview, checks, drift through
 * custom requests); this file only wires the pieces together.
 */
import * as vscode from 'vscode';
import { ServerClient } from './serverClient.js';
import { trackContractContext } from './contractContext.js';

let server: ServerClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  server = new ServerClient(context);
  context.subscriptions.push(server, trackContractContext());
  context.subscriptions.push(
    vscode.commands.registerCommand('contractlens.restartServer', async () => {
      await server?.restart();
      void vscode.window.setStatusBarMessage('Contract Lens: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('contractlens.showOutput', () => server?.output.show(true)),
  );
  void vscode.commands.executeCommand('setContext', 'contractlens.active', true);
  // A server that fails to start must not fail activation: commands still work (Restart Server, Show Output).
  await server.start().catch((err: unknown) => {
    void vscode.window.showErrorMessage(`Contract Lens: the language server did not start (${String(err)}).`, 'Show Output').then((a) => a && server?.output.show(true));
  });
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
