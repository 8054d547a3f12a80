/**
 * Trends where the developer looks, in the real VS Code: the e2e runner recorded three real `check --history` runs
 * of orders.odcs.yaml (orders.total.minimum failing on 3, 2, then 1 row: test/e2e/run.mjs recordHistory) into the
 * workspace's .contractlens/history.duckdb. Running the rule puts the sparkline and the change since the previous
 * run into its Test Explorer message; the hover of `total` shows them; "Contract Lens: Show Rule History" opens the
 * chart webview with one point per recorded run.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { browser, screenshot, test, waitFor } from './harness.js';
import { extensionApi } from './api.js';
import { openFixture } from './util.js';

const RULE = 'orders.total.minimum';

export function registerHistoryTests(phase: string): void {
  if (phase !== 'trusted') return;
  test('[trusted] trends: the failed rule\'s Test Explorer message and the hover show the recorded runs; Show Rule History opens the chart', async () => {
    const api = await extensionApi();
    const editor = await openFixture('contracts', 'orders.odcs.yaml');
    const uri = editor.document.uri;
    const rule = await waitFor('the rule item', async () => {
      const contract = await api.tests.discoverContract(uri);
      const orders = contract.children.get(`${contract.id}#orders`);
      return orders?.children.get(`${orders.id}#${RULE}`);
    });

    // The Test Explorer message of the failed rule: this run's count, then the recorded runs' sparkline and change.
    const cts = new vscode.CancellationTokenSource();
    await api.tests.profile.runHandler(new vscode.TestRunRequest([rule]), cts.token);
    assert.deepEqual(api.tests.lastRun?.items, { [rule.id]: 'failed' });
    const message = api.tests.lastRun!.messages[rule.id] ?? '';
    assert.match(message, /Failing rows: \*\*1\*\* of 5/);
    assert.match(message, /Last 3 recorded runs: `█▅▁` — -1 since the previous run/, message);

    // The hover of the property `total`.
    const line = editor.document.getText().split('\n').findIndex((l) => /- name: total\b/.test(l));
    assert.ok(line > 0, 'the total property');
    const hoverText = await waitFor('the hover with recorded runs', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, editor.document.lineAt(line).text.indexOf('total') + 2));
      const text = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /Recorded runs/.test(text) ? text : undefined;
    });
    assert.match(hoverText, /`orders\.total\.minimum` `█▅▁` 1 \(failed\), -1 since the previous run/);

    // Show Rule History: the chart webview, drawn from the same history (one point per recorded run).
    await vscode.commands.executeCommand('contractlens.showRuleHistory', uri, RULE);
    const panel = api.commands.history.current;
    assert.ok(panel, 'the history panel is open');
    assert.equal(panel.title, `History: ${RULE}`);
    const drawn = await browser<{ points: number; titles: string[]; legend: string }>({
      kind: 'webviewQuery',
      marker: 'svg[aria-label="failing rows over time"]',
      script: `(document) => ({ points: document.querySelectorAll('svg circle').length, titles: [...document.querySelectorAll('svg circle title')].map((t) => t.textContent), legend: document.body.textContent })`,
    });
    assert.equal(drawn.points, 3, JSON.stringify(drawn));
    assert.deepEqual(drawn.titles.map((t) => /: (\d+) \(failed\)$/.exec(t)?.[1]), ['3', '2', '1']);
    assert.match(drawn.legend, /orders\.total\.minimum/);
    await screenshot('rule-history', 800);
  });
}
