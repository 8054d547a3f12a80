/**
 * The language server's lifecycle: a crash restarts it (and diagnostics come back), Restart Server replaces the
 * process. Runs last in a phase because it kills the server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, waitFor, sleep } from './harness.js';
import { extensionApi } from './api.js';
import { openFixture, waitForDiagnostic } from './util.js';

function serverPid(client: unknown): number | undefined {
  return (client as { serverProcess?: { pid?: number } } | undefined)?.serverProcess?.pid;
}

export function registerLifecycleTests(phase: string): void {
  test(`[${phase}] a crashed language server is restarted and serves diagnostics again`, async () => {
    const api = await extensionApi();
    const before = await waitFor('the server process', () => serverPid(api.server.languageClient));
    process.kill(before, 'SIGKILL');
    const after = await waitFor('a new server process', () => {
      const pid = serverPid(api.server.languageClient);
      return pid && pid !== before && api.server.isRunning ? pid : undefined;
    }, 30_000);
    assert.notEqual(after, before);
    // The reopened file gets its diagnostics from the new process.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(300);
    const editor = await openFixture('contracts', 'broken.odcs.yaml');
    await waitForDiagnostic(editor.document.uri, 'CL002');
  });

  test(`[${phase}] Restart Server starts a fresh process`, async () => {
    const api = await extensionApi();
    const before = await waitFor('the server process', () => serverPid(api.server.languageClient));
    await vscode.commands.executeCommand('contractlens.restartServer');
    const after = await waitFor('the restarted server', () => {
      const pid = serverPid(api.server.languageClient);
      return pid && pid !== before && api.server.isRunning ? pid : undefined;
    });
    assert.notEqual(after, before);
    // The old process was asked to shut down and exit: it is gone soon after.
    await waitFor('the old server process to exit', () => {
      try {
        process.kill(before, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 10_000);
  });
}
