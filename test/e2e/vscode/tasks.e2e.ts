/**
 * The `contractlens` task type: the provider offers lint/drift/check/diff per workspace folder, and running the lint
 * task puts the CLI's findings into the Problems panel through the `$contractlens` problem matcher.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, waitFor } from './harness.js';
import { extensionApi } from './api.js';
import { fixtureUri } from './util.js';

export function registerTaskTests(phase: string): void {
  if (phase !== 'trusted') return;
  test('[trusted] the lint task runs the CLI and its problem matcher reports CL002 in broken.odcs.yaml', async () => {
    await extensionApi();
    const tasks = await vscode.tasks.fetchTasks({ type: 'contractlens' });
    assert.deepEqual(tasks.map((t) => t.name).sort(), ['check', 'diff', 'drift', 'lint']);
    const lint = tasks.find((t) => t.name === 'lint')!;
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === 'lint' && e.execution.task.source === 'contractlens') {
          sub.dispose();
          resolve(e.exitCode);
        }
      });
    });
    await vscode.tasks.executeTask(lint);
    assert.equal(await ended, 1, 'lint exits 1: the workspace has broken contracts');
    // The matcher's diagnostics carry a plain string code; the language server's carry {value, target} (a doc link).
    const fromMatcher = await waitFor('a CL002 problem from the task', () =>
      vscode.languages.getDiagnostics(fixtureUri('contracts', 'broken.odcs.yaml')).find((d) => d.code === 'CL002'), 20_000);
    assert.equal(fromMatcher.severity, vscode.DiagnosticSeverity.Error);
  });
}
