/** The extension is found, activates on a contract file, and registers its commands. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { env, test, waitFor } from './harness.js';

export { EXTENSION_ID } from './api.js';
import { EXTENSION_ID } from './api.js';

export function registerActivationTests(_phase: string): void {
  test('the extension activates when a contract file is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the extension host`);
    const doc = await vscode.workspace.openTextDocument(join(env('CL_E2E_WORKSPACE'), 'contracts', 'orders.odcs.yaml'));
    await vscode.window.showTextDocument(doc);
    await waitFor('activation', () => (ext.isActive ? true : undefined), 30_000);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('contractlens.restartServer'), 'contractlens.restartServer is registered');
  });
}
