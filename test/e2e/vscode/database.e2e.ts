/**
 * Database logins in the real VS Code against the run's real PostgreSQL (test/e2e/run.mjs gives the VS Code server
 * the user name, never the password): "Contract Lens: Set Database Password" keeps it in SecretStorage; a wrong one
 * is ONE diagnostic on the contract's server entry and a "failed" status item; the right one checks the data and the
 * status item says the server is connected. Untrusted: the item says so and nothing connects.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { env, screenshot, test, waitFor } from './harness.js';
import { extensionApi } from './api.js';
import { fixtureUri } from './util.js';

const CONTRACT = ['pg', 'orders_pg.odcs.yaml'];

/** A contract on the run's PostgreSQL (where it is comes from ${VAR}s, who logs in from the editor). */
function writeContract(): vscode.Uri {
  const schema = env('CL_E2E_PG_SCHEMA'); // set by run.mjs when the test services run (scripts/run-tests.mjs)
  const uri = fixtureUri(...CONTRACT);
  mkdirSync(join(env('CL_E2E_WORKSPACE'), CONTRACT[0]), { recursive: true });
  writeFileSync(
    uri.fsPath,
    `apiVersion: v3.1.0
kind: DataContract
id: e2e-orders-pg
name: Orders on PostgreSQL
version: 1.0.0
status: active
servers:
  - server: e2e-pg
    type: postgres
    host: \${CONTRACTLENS_TEST_PG_HOST}
    port: \${CONTRACTLENS_TEST_PG_PORT}
    database: \${CONTRACTLENS_TEST_PG_DATABASE}
    schema: ${schema}
schema:
  - name: orders
    physicalName: orders
    properties:
      - name: order_id
        logicalType: integer
        required: true
        unique: true
      - name: status
        logicalType: string
        required: true
`,
  );
  return uri;
}

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

const checkDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'contractlens checks');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

export function registerDatabaseTests(phase: string): void {
  if (phase === 'untrusted') {
    test('[untrusted] the status item names the database server as untrusted; no connection', async () => {
      const api = await extensionApi();
      const uri = writeContract();
      await open(uri);
      const shown = await waitFor('the database status item', async () => {
        await api.databases.update();
        return api.databases.shown?.state === 'untrusted' ? api.databases.shown : undefined;
      });
      assert.equal(shown.server.name, 'e2e-pg');
    });
    return;
  }

  test('[trusted] Set Database Password: a wrong one is one message on the server entry, the right one checks the data', async () => {
    const api = await extensionApi();
    const uri = writeContract();
    const editor = await open(uri);
    const status = () => api.databases.shown;
    // Opening it may already run drift, which connects with the environment's login (no password): any state.
    await waitFor('the database status item', async () => {
      await api.databases.update();
      return status()?.server.name === 'e2e-pg' ? true : undefined;
    });

    // The only database server of the contract is picked; the password is the input the command would ask for.
    assert.equal(await vscode.commands.executeCommand('contractlens.setDatabasePassword', { password: 'not-the-password' }), true);
    await api.commands.runner.check([{ uri }]);
    const one = await waitFor('one connection diagnostic', () => {
      const d = checkDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    });
    assert.deepEqual(one.map(codeOf), ['CL210'], one.map((d) => d.message).join('\n'));
    assert.match(one[0].message, /password authentication failed/);
    assert.match(editor.document.lineAt(one[0].range.start.line).text, /- server: e2e-pg/);
    await waitFor('a failed status', () => (status()?.state === 'failed' ? true : undefined));
    await screenshot('database-login-failed');

    assert.equal(await vscode.commands.executeCommand('contractlens.setDatabasePassword', { password: env('CL_E2E_PG_PASSWORD') }), true);
    const response = await api.commands.runner.check([{ uri }]);
    const byRule = new Map(response.results.map((r) => [r.rule, r]));
    assert.equal(byRule.get('orders.status.required')?.status, 'failed', JSON.stringify(response.results));
    assert.equal(byRule.get('orders.status.required')?.failedRows, 1);
    assert.equal(byRule.get('orders.order_id.unique')?.status, 'passed');
    const after = await waitFor('the check diagnostics of the data', () => {
      const d = checkDiagnostics(uri);
      return d.length === 1 && codeOf(d[0]) === 'orders.status.required' ? d : undefined;
    });
    assert.equal(after.length, 1);
    const connected = await waitFor('a connected status', () => (status()?.state === 'connected' ? status() : undefined));
    assert.equal(connected.server.name, 'e2e-pg');
    assert.match(connected.message ?? '', /as role/);
  });
}
