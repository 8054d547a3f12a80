/**
 * Run Checks: the server's `contractlens/check` results land in the Test Explorer (contract → schema object → rule)
 * with the right pass/fail counts, the failure message carries the failing-row count, the code lens shows the
 * one-line result, and the Test Explorer tree in the workbench shows the rules (read from its DOM).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { browser, screenshot, test, waitFor, sleep } from './harness.js';
import { extensionApi } from './api.js';
import { openFixture } from './util.js';

// test/fixtures/e2e/workspace/data/orders.csv: row 3 has an unknown status, row 4 a negative total, row 5 no status.
const EXPECTED_FAILED = ['orders.status.known_status', 'orders.status.required', 'orders.total.minimum'];

export function registerCheckTests(phase: string): void {
  if (phase !== 'trusted') return;
  test('[trusted] Run Checks fills the Test Explorer: 13 rules, 10 passed, 3 failed (the broken rows of orders.csv)', async () => {
    const api = await extensionApi();
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    // Before the run the plan already lists the rules; the run must report onto these same items.
    const planned = await waitFor('rule items before the run', async () => {
      const s = (await api.tests.discoverContract(editor.document.uri)).children.get(`${editor.document.uri.toString()}#orders`);
      return s && s.children.size > 0 ? s : undefined;
    });
    assert.equal(planned.children.size, 13, 'rule items before the run');
    const plannedRequired = planned.children.get(`${planned.id}#orders.status.required`);
    assert.ok(plannedRequired, 'the plan lists orders.status.required');
    await vscode.commands.executeCommand('contractlens.runChecks');
    const run = await waitFor('a finished check run', () => (api.tests.lastRun && api.tests.lastRun.passed + api.tests.lastRun.failed > 0 ? api.tests.lastRun : undefined), 60_000);
    assert.equal(run.errored, 0, JSON.stringify(run.items));
    assert.equal(run.failed, 3, JSON.stringify(run.items));
    assert.equal(run.passed, 10, JSON.stringify(run.items));
    const failed = Object.entries(run.items).filter(([, s]) => s === 'failed').map(([id]) => id.split('#').pop()).sort();
    assert.deepEqual(failed, EXPECTED_FAILED);

    // The tree: contract → orders → 13 rule items.
    const contract = api.tests.controller.items.get(editor.document.uri.toString());
    assert.ok(contract, 'the contract is a test item');
    const orders = contract.children.get(`${contract.id}#orders`);
    assert.ok(orders, 'the schema object is a test item');
    assert.equal(orders.children.size, 13);
    const required = orders.children.get(`${orders.id}#orders.status.required`);
    assert.ok(required?.range, 'the rule item points into the contract');
    assert.equal(required, plannedRequired, 'the run updated the item the plan created');
    assert.match(editor.document.lineAt(required.range.start.line).text, /required: true/);

    // The stored results: failing rows as the server counted them.
    const results = api.results.forSchema(editor.document.uri, 'orders') ?? [];
    assert.equal(results.find((r) => r.rule === 'orders.total.minimum')?.failedRows, 1);

    // The failures also as diagnostics on the rule's line (source "contractlens checks").
    const checkDiags = await waitFor('check diagnostics', () => {
      const d = vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'contractlens checks');
      return d.length === 3 ? d : undefined;
    });
    // The server's diagnostics: the rule id as code, with its doc link.
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    assert.deepEqual(checkDiags.map(codeOf).sort(), EXPECTED_FAILED);
    assert.ok(checkDiags.every((d) => typeof d.code === 'object' && /docs\/checks\.md#/.test(String(d.code.target))), 'each links its doc');
    const minimum = checkDiags.find((d) => codeOf(d) === 'orders.total.minimum')!;
    assert.match(minimum.message, /1 of 5 rows/);
    assert.match(editor.document.lineAt(minimum.range.start.line).text, /minimum: 0/);

    // The code lens one-liner.
    const lenses = await waitFor('the result lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      return l?.find((x) => /rules/.test(x.command?.title ?? '')) ? l : undefined;
    });
    assert.match(lenses.find((x) => /rules/.test(x.command?.title ?? ''))!.command!.title, /13 rules · 3 failed/);

    // The Test Explorer as the user sees it.
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    for (const child of [required, orders.children.get(`${orders.id}#orders.order_id.unique`)!]) {
      await vscode.commands.executeCommand('vscode.revealTestInExplorer', child);
    }
    await sleep(800);
    let seen: string[] = [];
    const rows = await waitFor('rule rows in the Test Explorer tree', async () => {
      const labels = await browser<string[]>({
        kind: 'pageQuery',
        script: `(document) => [...document.querySelectorAll('.test-explorer .monaco-list-row')].map((r) => r.getAttribute('aria-label') || r.textContent)`,
      });
      seen = labels;
      return labels.some((l) => /status · required/.test(l)) ? labels : undefined;
    }, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; rows seen: ${JSON.stringify(seen)}`);
    });
    // The tree's accessible labels: "<property> · <rule kind> (<state>)".
    for (const expected of ['orders.odcs.yaml (Failed)', 'orders (Failed)', 'status · required (Failed)', 'total · option (Failed)', 'order_id · unique (Passed)']) {
      assert.ok(rows.some((l) => l.endsWith(expected)), `${expected} in the Test Explorer:\n${rows.join('\n')}`);
    }
    await screenshot('test-explorer', 800);
  });

  test('[trusted] running one rule item reports that rule only; running a schema object reports its rules', async () => {
    const api = await extensionApi();
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const contract = api.tests.controller.items.get(editor.document.uri.toString())!;
    const orders = contract.children.get(`${contract.id}#orders`)!;
    const rule = orders.children.get(`${orders.id}#orders.total.minimum`)!;
    const cts = new vscode.CancellationTokenSource();
    await api.tests.profile.runHandler(new vscode.TestRunRequest([rule]), cts.token);
    assert.deepEqual(api.tests.lastRun?.items, { [rule.id]: 'failed' });
    await api.tests.profile.runHandler(new vscode.TestRunRequest([orders], [rule]), cts.token);
    assert.equal(Object.keys(api.tests.lastRun!.items).length, 12, 'the schema object without the excluded rule');
    assert.equal(api.tests.lastRun!.failed, 2);
  });

  test('[trusted] Run Checks (Workspace) checks every contract; the status item shows the last result', async () => {
    const api = await extensionApi();
    await openFixture('contracts', 'orders.odcs.yaml');
    await vscode.commands.executeCommand('contractlens.runWorkspaceChecks');
    const run = api.tests.lastRun!;
    const statusOf = (suffix: string) => Object.entries(run.items).find(([id]) => id.endsWith(suffix))?.[1];
    assert.equal(statusOf('#orders#orders.total.minimum'), 'failed');
    assert.equal(statusOf('#events#events.kind.required'), 'failed', 'every 1,000th event has no kind');
    assert.equal(statusOf('#events#events.event_id.required'), 'passed');
    assert.equal(statusOf('#profiles#profiles.profile_id.required'), 'passed');
    await api.status.update();
    assert.match(api.status.snapshot.detail ?? '', /last check: \d+ rules · \d+ failed/);
  });

  test('[trusted] checkOnSave "checks" runs the saved contract\'s checks', async () => {
    const api = await extensionApi();
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const config = vscode.workspace.getConfiguration('contractlens', editor.document.uri);
    await config.update('checkOnSave', 'checks', vscode.ConfigurationTarget.Workspace);
    const before = api.tests.lastRun;
    const original = editor.document.getText();
    try {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# saved by the e2e test\n'));
      await editor.document.save();
      const run = await waitFor('a run started by the save', () => (api.tests.lastRun !== before && api.tests.lastRun!.failed + api.tests.lastRun!.passed === 13 ? api.tests.lastRun : undefined), 60_000);
      assert.equal(run.failed, 3);
    } finally {
      await config.update('checkOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), original));
      await editor.document.save();
    }
  });
}
