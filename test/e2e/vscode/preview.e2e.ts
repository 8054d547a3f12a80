/**
 * Preview Data: the server's `contractlens/preview` result drawn in the webview panel. The table is read from the
 * webview's DOM through Playwright: the expected rows, and exactly the cells that break a rule marked, with the
 * rule in their tooltip.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { browser, screenshot, test, waitFor } from './harness.js';
import { extensionApi } from './api.js';
import { fixtureUri, openFixture } from './util.js';

interface TableDump {
  headers: string[];
  rows: string[][];
  broken: { row: number; column: string; text: string; title: string }[];
  status: string;
}

const DUMP_TABLE = `(document) => {
  const headers = [...document.querySelectorAll('#cl-preview-table thead th')].map((th) => th.textContent);
  const rows = [...document.querySelectorAll('#cl-preview-table tbody tr[data-row]')].map((tr) => [...tr.children].map((td) => td.textContent));
  const broken = [...document.querySelectorAll('#cl-preview-table td.cl-broken')].map((td) => ({
    row: Number(td.parentElement.dataset.row),
    column: headers[Number(td.dataset.col) + 1],
    text: td.textContent,
    title: td.title,
  }));
  return { headers, rows, broken, status: document.getElementById('cl-status').textContent };
}`;

export function registerPreviewTests(phase: string): void {
  if (phase !== 'trusted') return;
  test('[trusted] Preview Data opens the panel with the sample rows and the broken cells marked', async () => {
    const api = await extensionApi();
    await openFixture('contracts', 'orders.odcs.yaml');
    const uri = fixtureUri('contracts', 'orders.odcs.yaml');
    await vscode.commands.executeCommand('contractlens.previewData', uri, 'orders');
    const shown = await waitFor('the preview result', () => api.preview.lastShown, 60_000);
    assert.equal(shown.schema, 'orders');
    assert.equal(shown.rows, 5);
    // The cells each row-level check rule counts, as check counts them (preview = check): the unknown status too.
    assert.equal(shown.brokenCells, 3);

    const dump = await browser<TableDump>({ kind: 'webviewQuery', marker: 'body[data-state="ready"] #cl-preview-table', script: DUMP_TABLE });
    assert.deepEqual(dump.headers, ['#', 'order_id', 'status', 'total']);
    assert.deepEqual(dump.rows, [
      ['1', '1', 'placed', '10.5'],
      ['2', '2', 'paid', '20'],
      ['3', '3', 'teleported', '5'],
      ['4', '4', 'shipped', '-3'],
      ['5', '5', 'NULL', '7.25'],
    ]);
    assert.deepEqual(
      dump.broken.map((b) => [b.row, b.column, b.text]),
      [
        [2, 'status', 'teleported'],
        [3, 'total', '-3'],
        [4, 'status', 'NULL'],
      ],
    );
    assert.match(dump.broken[0]!.title, /invalidValues|known_status/);
    assert.match(dump.broken[1]!.title, /minimum/);
    assert.match(dump.broken[2]!.title, /required/);
    assert.match(dump.status, /5 rows · 3 cells break a rule/);
    await screenshot('preview-panel', 800);

    // Select the NULL status cell of row 5 and copy its row: the JSON of that row lands on the clipboard.
    await vscode.env.clipboard.writeText('');
    await browser({
      kind: 'webviewQuery',
      marker: 'body[data-state="ready"] #cl-preview-table',
      script: `(document) => { document.querySelector('tr[data-row="4"] td[data-col="1"]').click(); document.getElementById('cl-copy-row').click(); return true; }`,
    });
    const copied = await waitFor('the copied row', async () => {
      const text = await vscode.env.clipboard.readText();
      return text ? text : undefined;
    }, 10_000);
    assert.deepEqual(JSON.parse(copied), { order_id: 5, status: null, total: 7.25 });
  });

  test('[trusted] the preview follows the colour theme (light and high contrast) through VS Code\'s CSS variables', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const colours = `(document) => {
      const cs = (el) => getComputedStyle(el);
      const broken = document.querySelector('td.cl-broken');
      return { body: cs(document.body).backgroundColor, text: cs(document.body).color, broken: cs(broken).backgroundColor };
    }`;
    const read = () => browser<{ body: string; text: string; broken: string }>({ kind: 'webviewQuery', marker: 'body[data-state="ready"] td.cl-broken', script: colours });
    const dark = await read();
    try {
      await workbench.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
      const light = await waitFor('light colours in the webview', async () => {
        const c = await read();
        return c.body !== dark.body ? c : undefined;
      });
      assert.notEqual(light.text, dark.text);
      assert.notEqual(light.broken, 'rgba(0, 0, 0, 0)', 'broken cells stay marked');
      await screenshot('preview-panel-light', 800);
      await workbench.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
      const hc = await waitFor('high-contrast colours in the webview', async () => {
        const c = await read();
        return c.body !== light.body ? c : undefined;
      });
      assert.notEqual(hc.broken, 'rgba(0, 0, 0, 0)', 'broken cells stay marked');
    } finally {
      await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    }
  });

  test('[trusted] 5,000 rows scroll virtually: only the rows in view are in the DOM, the last row and its marked cell appear at the end', async () => {
    const api = await extensionApi();
    const uri = fixtureUri('contracts', 'events.odcs.yaml');
    const config = vscode.workspace.getConfiguration('contractlens', uri);
    await config.update('previewLimit', 5000, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('contractlens.previewData', uri, 'events');
      const shown = await waitFor('the events preview', () => (api.preview.lastShown?.schema === 'events' ? api.preview.lastShown : undefined), 60_000);
      assert.equal(shown.rows, 5000);
      assert.equal(shown.brokenCells, 5, 'every 1,000th row has no kind');
      const rowsInDom = `(document) => {
        const rows = [...document.querySelectorAll('#cl-preview-table tbody tr[data-row]')];
        return { count: rows.length, first: rows[0]?.children[0].textContent, last: rows.at(-1)?.children[0].textContent,
          broken: [...document.querySelectorAll('td.cl-broken')].map((td) => td.parentElement.children[0].textContent) };
      }`;
      const top = await waitFor('the top rows', async () => {
        const d = await browser<{ count: number; first: string; last: string; broken: string[] }>({ kind: 'webviewQuery', marker: 'body[data-state="ready"] #cl-preview-table', script: rowsInDom });
        return d.first === '1' ? d : undefined;
      });
      assert.ok(top.count < 200, `only the visible rows are rendered (${top.count})`);
      await browser({ kind: 'webviewQuery', marker: '#cl-grid', script: `(document) => { const g = document.getElementById('cl-grid'); g.scrollTop = g.scrollHeight; g.dispatchEvent(new Event('scroll')); return true; }` });
      const bottom = await waitFor('the last rows', async () => {
        const d = await browser<{ count: number; first: string; last: string; broken: string[] }>({ kind: 'webviewQuery', marker: '#cl-preview-table', script: rowsInDom });
        return d.last === '5000' ? d : undefined;
      });
      assert.ok(bottom.count < 200, `still only the visible rows (${bottom.count})`);
      assert.ok(bottom.broken.includes('5000'), `row 5000 (no kind) is marked: ${bottom.broken.join(',')}`);
    } finally {
      await config.update('previewLimit', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('[trusted] nested values (a struct, a list) show collapsed and expand into the detail pane on click', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('contractlens.previewData', fixtureUri('contracts', 'profiles.odcs.yaml'), 'profiles');
    await waitFor('the profiles preview', () => (api.preview.lastShown?.schema === 'profiles' ? api.preview.lastShown : undefined), 60_000);
    const cells = await waitFor('the nested cells', async () => {
      const d = await browser<{ texts: string[][]; detail: string; hidden: boolean }>({
        kind: 'webviewQuery',
        marker: 'body[data-state="ready"] #cl-preview-table',
        script: `(document) => {
          const rows = [...document.querySelectorAll('#cl-preview-table tbody tr[data-row]')];
          if (rows.length !== 2 || document.querySelector('thead th[data-col="1"]').textContent !== 'address') return { texts: [], detail: '', hidden: true };
          rows[0].querySelector('td[data-col="1"]').click();
          const detail = document.getElementById('cl-detail');
          return { texts: rows.map((r) => [...r.children].slice(1).map((td) => td.textContent)), detail: detail.textContent, hidden: detail.hidden };
        }`,
      });
      return d.texts.length === 2 ? d : undefined;
    });
    assert.deepEqual(cells.texts, [
      ['1', '{…2}', '[…2]'],
      ['2', '{…2}', '[…0]'],
    ]);
    assert.equal(cells.hidden, false, 'the detail pane opens');
    assert.deepEqual(JSON.parse(cells.detail), { city: 'Paris', zip: '75001' });
  });

  test('[trusted] the row-limit control in the panel asks the server again for fewer rows', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('contractlens.previewData', fixtureUri('contracts', 'orders.odcs.yaml'), 'orders');
    await waitFor('the orders preview', () => (api.preview.lastShown?.schema === 'orders' && api.preview.lastShown.rows === 5 ? true : undefined), 60_000);
    await waitFor('the orders table', async () => {
      const d = await browser<TableDump>({ kind: 'webviewQuery', marker: 'body[data-state="ready"] #cl-preview-table', script: DUMP_TABLE });
      return d.rows.length === 5 && d.headers[1] === 'order_id' ? true : undefined;
    });
    await browser({
      kind: 'webviewQuery',
      marker: 'body[data-state="ready"] #cl-preview-table',
      script: `(document) => { const i = document.getElementById('cl-limit'); i.value = '2'; i.dispatchEvent(new Event('change')); return true; }`,
    });
    const shown = await waitFor('the 2-row preview', () => (api.preview.lastShown?.rows === 2 ? api.preview.lastShown : undefined), 30_000);
    assert.equal(shown.brokenCells, 0, 'rows 1 and 2 break nothing');
    const dump = await waitFor('the 2-row table', async () => {
      const d = await browser<TableDump>({ kind: 'webviewQuery', marker: 'body[data-state="ready"] #cl-preview-table', script: DUMP_TABLE });
      return d.rows.length === 2 ? d : undefined;
    });
    assert.deepEqual(dump.rows.map((r) => r[1]), ['1', '2']);
    assert.match(dump.status, /2\+ rows/, 'the panel says there are more rows');
  });
}
