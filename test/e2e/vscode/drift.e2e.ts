/**
 * Schema drift inline: the server compares the contract with its data's columns and puts the findings on the
 * right lines (CL202 on the schema object for an extra column, CL201 on the property missing from the data); the
 * quick fix for the extra column adds the property, after which that finding is gone.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, waitFor } from './harness.js';
import { describeDiagnostics, diagnosticsWithCode, openFixture, waitForDiagnostic } from './util.js';

export function registerDriftTests(phase: string): void {
  if (phase !== 'trusted') return;
  test('[trusted] drift diagnostics sit on the schema object and on the missing property; the quick fix adds the extra column', async () => {
    const editor = await openFixture('contracts', 'drifted.odcs.yaml');
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const [extra] = await waitForDiagnostic(uri, 'CL202', 60_000);
    const [missing] = await waitForDiagnostic(uri, 'CL201');
    assert.equal(editor.document.getText(extra!.range), 'orders', describeDiagnostics(uri));
    assert.match(extra!.message, /"total"/);
    assert.equal(editor.document.getText(missing!.range), 'shipped_at', describeDiagnostics(uri));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, extra!.range, vscode.CodeActionKind.QuickFix.value, 10);
    const add = actions.find((a) => /total/.test(a.title) && a.edit);
    assert.ok(add, `a fix adding \`total\` among: ${actions.map((a) => a.title).join(' | ')}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(add.edit!));
      assert.match(editor.document.getText(), /- name: total/);
      await waitFor('CL202 gone', () => (diagnosticsWithCode(uri, 'CL202').length === 0 ? true : undefined), 30_000).catch(() => {
        throw new Error(`still drifting after the fix:\n${describeDiagnostics(uri)}\n---\n${editor.document.getText()}`);
      });
      assert.equal(diagnosticsWithCode(uri, 'CL201').length, 1, 'the missing column is still reported');
    } finally {
      await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), original));
      await editor.document.save();
    }
  });
}
