/**
 * Standard LSP features through the real extension and server: diagnostics published for a broken contract, and
 * a quick fix from the server applied through VS Code's code action API, which leaves the file clean.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot, test, waitFor } from './harness.js';
import { codeOf, describeDiagnostics, diagnosticsWithCode, fixtureUri, openFixture, waitForDiagnostic } from './util.js';

export function registerDiagnosticsTests(phase: string): void {
  test(`[${phase}] a duplicate key is reported as CL002 on the second key, with source and doc link`, async () => {
    const editor = await openFixture('contracts', 'broken.odcs.yaml');
    const [d] = await waitForDiagnostic(editor.document.uri, 'CL002');
    assert.ok(d, describeDiagnostics(editor.document.uri));
    assert.equal(d.range.start.line, 4, `CL002 on line 5 (the second \`name\`), got ${describeDiagnostics(editor.document.uri)}`);
    assert.equal(d.range.start.character, 0);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'contractlens');
    const code = d.code as { value: string; target: vscode.Uri };
    assert.ok(code && typeof code === 'object' && /docs\/rules\/CL002-duplicate-key\.md$/.test(code.target.toString()), `doc link: ${JSON.stringify(d.code)}`);
    if (phase === 'trusted') {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await screenshot('problems-panel');
    }
  });

  test(`[${phase}] a misspelled logicalType gets CL023 and its quick fix cleans the file`, async () => {
    const editor = await openFixture('contracts', 'fixable.odcs.yaml');
    const uri = editor.document.uri;
    const [d] = await waitForDiagnostic(uri, 'CL023');
    assert.equal(d!.range.start.line, 10, describeDiagnostics(uri));
    assert.equal(editor.document.getText(d!.range), 'integr');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value, 10);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => /integer/.test(a.title));
    assert.ok(fix, `a quick fix replacing with \`integer\` among: ${titles.join(' | ')}`);
    assert.ok(fix.edit, `the fix carries a WorkspaceEdit: ${JSON.stringify(fix)}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => /disable|suppress/i.test(a.title)), `a "disable for this line" action among: ${titles.join(' | ')}`);

    if (phase === 'trusted') {
      editor.selection = new vscode.Selection(d!.range.start, d!.range.start);
      await vscode.commands.executeCommand('editor.action.quickFix');
      await screenshot('quick-fix', 1200);
      await vscode.commands.executeCommand('hideCodeActionWidget');
    }

    assert.ok(await vscode.workspace.applyEdit(fix!.edit!), 'the WorkspaceEdit applies');
    assert.match(editor.document.lineAt(10).text, /logicalType: integer$/);
    await waitFor('the file to be clean', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 20_000).catch(() => {
      throw new Error(`diagnostics left after the fix:\n${describeDiagnostics(uri)}`);
    });
    assert.equal(diagnosticsWithCode(uri, 'CL023').length, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
}

export { fixtureUri };
