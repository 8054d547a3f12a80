/**
 * Editor features of the client that come from the server's outline: code lenses above each schema object, the
 * language status item, and Test Explorer items (contract → schema object → rule, from the server's plan).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, waitFor } from './harness.js';
import { extensionApi } from './api.js';
import { diagnosticsWithCode, openFixture, waitForDiagnostic } from './util.js';

export function registerEditorFeatureTests(phase: string): void {
  test(`[${phase}] code lenses "Preview · Check · Drift" sit above each schema object`, async () => {
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      return l && l.length >= 3 ? l : undefined;
    });
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles.slice(0, 3), ['Preview', 'Check', 'Drift']);
    const line = editor.document.lineAt(lenses[0]!.range.start.line).text;
    assert.match(line, /^\s*- name: orders$/, `lens line: ${line}`);
    assert.deepEqual(lenses[0]!.command?.arguments?.[1], 'orders');
  });

  test(`[${phase}] the language status item shows the contract version and whether data checks are on`, async () => {
    await openFixture('contracts', 'orders.odcs.yaml');
    const api = await extensionApi();
    const snap = await waitFor('status text', () => {
      void api.status.update();
      const s = api.status.snapshot;
      return /ODCS v3\.1\.0/.test(s.text) ? s : undefined;
    });
    if (phase === 'trusted') assert.match(snap.detail ?? '', /DuckDB ready/);
    else assert.match(snap.detail ?? '', /data checks off \(untrusted workspace\)/);
  });

  test(`[${phase}] the Test Explorer lists every contract and its schema objects`, async () => {
    const api = await extensionApi();
    await api.tests.discoverWorkspace();
    const ids = [...iterate(api.tests.controller.items)].map((i) => i.label);
    for (const name of ['orders.odcs.yaml', 'sql.odcs.yaml']) assert.ok(ids.some((l) => l.endsWith(name)), `${name} in ${ids.join(', ')}`);
    const orders = [...iterate(api.tests.controller.items)].find((i) => i.label.endsWith('orders.odcs.yaml'))!;
    await api.tests.discoverContract(orders.uri!);
    assert.deepEqual([...iterate(orders.children)].map((c) => c.label), ['orders']);
  });

  test(`[${phase}] the Test Explorer lists every rule before any run, each pointing at its line`, async () => {
    const api = await extensionApi();
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const uri = editor.document.uri;
    // A fresh contract item: whatever a run may have added earlier is gone, so the rules below come from the plan.
    api.tests.controller.items.delete(uri.toString());
    const contract = await waitFor('rule items from the plan', async () => {
      const c = await api.tests.discoverContract(uri);
      const s = c.children.get(`${c.id}#orders`);
      return s && s.children.size > 0 ? c : undefined;
    });
    const orders = contract.children.get(`${contract.id}#orders`)!;
    const rules = [...iterate(orders.children)];
    assert.equal(rules.length, 13, rules.map((r) => r.id).join(', '));
    const required = orders.children.get(`${orders.id}#orders.status.required`);
    assert.ok(required?.range, 'the rule item points into the contract');
    assert.match(editor.document.lineAt(required.range.start.line).text, /required: true/);
    const known = orders.children.get(`${orders.id}#orders.status.known_status`)!;
    assert.equal(required.label, 'status is required (no nulls)');
    assert.match(editor.document.lineAt(known.range!.start.line).text, /- name: known_status/);
    assert.ok(rules.every((r) => r.range), 'every rule has a range');
  });
}

export function registerSettingsTests(phase: string): void {
  test(`[${phase}] settings flow to the server: contractlens.validate=false clears the diagnostics, true brings them back`, async () => {
    const editor = await openFixture('contracts', 'broken.odcs.yaml');
    const uri = editor.document.uri;
    await waitForDiagnostic(uri, 'CL002');
    const config = vscode.workspace.getConfiguration('contractlens', uri);
    await config.update('validate', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('diagnostics cleared', () => (diagnosticsWithCode(uri, 'CL002').length === 0 ? true : undefined), 20_000);
    } finally {
      await config.update('validate', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostic(uri, 'CL002');
  });
}

function* iterate(items: vscode.TestItemCollection): Iterable<vscode.TestItem> {
  for (const [, i] of items) yield i;
}
