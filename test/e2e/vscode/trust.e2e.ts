/**
 * Workspace trust. Trusted: DuckDB's parser checks the SQL of quality rules (CL123). Untrusted: editing features
 * still work, but nothing runs SQL: no CL123 for the same file, and the data commands refuse with the reason
 * without asking the server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, sleep } from './harness.js';
import { describeDiagnostics, diagnosticsWithCode, openFixture, waitForDiagnostic } from './util.js';
import { extensionApi } from './api.js';
import { CheckRequest, DriftRequest, PreviewRequest, RequestError } from '../../../server/src/shared/protocol.js';

export function registerTrustTests(phase: string): void {
  test(`[${phase}] workspace trust is what the test phase says`, () => {
    assert.equal(vscode.workspace.isTrusted, phase === 'trusted');
  });

  if (phase === 'trusted') {
    test('[trusted] a SQL quality rule that does not parse gets CL123 from DuckDB\'s parser', async () => {
      const editor = await openFixture('contracts', 'sql.odcs.yaml');
      const [d] = await waitForDiagnostic(editor.document.uri, 'CL123');
      assert.equal(d!.range.start.line, 16, describeDiagnostics(editor.document.uri));
      assert.equal(editor.document.getText(d!.range), 'WHERE');
    });
    return;
  }

  test('[untrusted] the same SQL rule is not parsed: no CL123, while YAML errors are still reported', async () => {
    const broken = await openFixture('contracts', 'broken.odcs.yaml');
    await waitForDiagnostic(broken.document.uri, 'CL002'); // the server runs and validates
    const editor = await openFixture('contracts', 'sql.odcs.yaml');
    await sleep(3000); // give a (wrong) CL123 every chance to arrive
    assert.equal(diagnosticsWithCode(editor.document.uri, 'CL123').length, 0, describeDiagnostics(editor.document.uri));
  });

  test('[untrusted] Preview Data and Run Checks refuse without touching the data', async () => {
    const api = await extensionApi();
    await openFixture('contracts', 'orders.odcs.yaml');
    await vscode.commands.executeCommand('contractlens.previewData');
    await vscode.commands.executeCommand('contractlens.runChecks');
    assert.equal(api.preview.lastShown, undefined, 'no preview was shown');
    assert.equal(api.tests.lastRun, undefined, 'no check run happened');
    assert.equal(api.results.lastRun, undefined, 'no check results');
  });

  test('[untrusted] the server itself refuses to read data, and says so on the contract (CL200)', async () => {
    const api = await extensionApi();
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const uri = editor.document.uri.toString();
    const refusals = [() => api.server.request(PreviewRequest, { uri, schema: 'orders' }), () => api.server.request(CheckRequest, { uris: [uri] }), () => api.server.request(DriftRequest, { uri })];
    for (const [i, refusal] of refusals.entries()) {
      await assert.rejects(refusal(), (e: { code?: number; message?: string }) => e.code === RequestError.Untrusted && /not trusted/.test(e.message ?? ''), `request ${i} is refused as untrusted`);
    }
    const [info] = await waitForDiagnostic(editor.document.uri, 'CL200');
    assert.equal(info!.severity, vscode.DiagnosticSeverity.Information);
    assert.match(info!.message, /not trusted/);
  });
}
