/**
 * "Contract Lens: Clean Data to Contract…": trusted, the command (folder passed as its argument, the test hook for
 * the folder picker) writes the cleaned copy, the quarantine and the report, and opens the report; untrusted, it
 * refuses without asking the server and writes nothing.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { test, waitFor } from './harness.js';
import { openFixture } from './util.js';

interface Report { tables: { schema: string; rows: { read: number; written: number; quarantined: number; deduplicated: number } }[] }

export function registerCleanTests(phase: string): void {
  const outDir = () => join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, `cleaned-${phase}`);
  if (phase === 'trusted') {
    test('[trusted] Clean Data to Contract writes the cleaned copy and the quarantine, and opens the report', async () => {
      const editor = await openFixture('contracts', 'orders.odcs.yaml');
      const report = await vscode.commands.executeCommand<Report | undefined>('contractlens.cleanData', editor.document.uri, { outDir: outDir() });
      assert.ok(report, 'the command returned the report');
      const t = report.tables.find((x) => x.schema === 'orders')!;
      assert.ok(t.rows.read > 0);
      assert.equal(t.rows.written + t.rows.quarantined + t.rows.deduplicated, t.rows.read);
      assert.ok(t.rows.quarantined > 0, 'the broken rows of orders.csv are quarantined');
      assert.deepEqual(readdirSync(outDir()).sort(), ['clean-report.json', 'clean-report.txt', 'orders.parquet', 'orders.quarantine.parquet']);
      await waitFor('the report in an editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('clean-report.txt') ? true : undefined), 10_000);
      assert.match(vscode.window.activeTextEditor!.document.getText(), /orders\.odcs\.yaml › orders/);
    });
    return;
  }
  test('[untrusted] Clean Data to Contract refuses and writes nothing', async () => {
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const report = await vscode.commands.executeCommand<Report | undefined>('contractlens.cleanData', editor.document.uri, { outDir: outDir() });
    assert.equal(report, undefined);
    assert.equal(existsSync(outDir()), false);
  });
}
