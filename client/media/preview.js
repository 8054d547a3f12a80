// @ts-check
// The Data Preview page. Receives the server's preview result from the extension and draws a virtualised table:
// only the rows in view (plus a margin) exist in the DOM, so 100,000 rows scroll as smoothly as 10.
// Cells that break a contract rule get the class `cl-broken` and the rules in their tooltip (title).
(function () {
  const vscode = acquireVsCodeApi();
  const ROW_HEIGHT = 24;
  const OVERSCAN = 20;
  /** @type {any} */ let result = null;
  /** @type {Map<number, any>} */ let rulesById = new Map();
  let selected = { row: -1, col: -1 };

  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const grid = $('cl-grid');
  const table = /** @type {HTMLTableElement} */ ($('cl-preview-table'));
  const thead = /** @type {HTMLTableSectionElement} */ (table.tHead);
  const tbody = /** @type {HTMLTableSectionElement} */ (table.tBodies[0]);
  const limitInput = /** @type {HTMLInputElement} */ ($('cl-limit'));

  function text(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  function short(v) {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return `[…${v.length}]`;
    if (typeof v === 'object') return `{…${Object.keys(v).length}}`;
    return String(v);
  }

  function renderHeader() {
    thead.replaceChildren();
    const tr = document.createElement('tr');
    const num = document.createElement('th');
    num.className = 'cl-rownum';
    num.textContent = '#';
    tr.appendChild(num);
    result.columns.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
      const th = document.createElement('th');
      th.dataset.col = String(i);
      th.textContent = c.name;
      th.title = `${c.name}: ${c.type}${c.property ? ` (contract property ${c.property})` : ' (not in the contract)'}`;
      if (!c.property) th.classList.add('cl-extra');
      tr.appendChild(th);
    });
    thead.appendChild(tr);
  }

  function renderRows() {
    if (!result) return;
    const total = result.rows.length;
    const first = Math.max(0, Math.floor(grid.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const visible = Math.ceil(grid.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(total, first + visible);
    const frag = document.createDocumentFragment();
    const top = document.createElement('tr');
    top.className = 'cl-spacer-row';
    top.style.height = `${first * ROW_HEIGHT}px`;
    frag.appendChild(top);
    for (let r = first; r < last; r++) {
      const row = result.rows[r];
      const tr = document.createElement('tr');
      tr.dataset.row = String(r);
      if (r === selected.row) tr.classList.add('cl-selected-row');
      const num = document.createElement('td');
      num.className = 'cl-rownum';
      num.textContent = String(r + 1);
      tr.appendChild(num);
      row.values.forEach((/** @type {unknown} */ v, /** @type {number} */ c) => {
        const td = document.createElement('td');
        td.dataset.col = String(c);
        td.textContent = short(v);
        const full = v === null || v === undefined ? 'NULL' : text(v);
        const broken = row.broken && row.broken[c];
        if (v === null || v === undefined) td.classList.add('cl-null');
        if (typeof v === 'object' && v !== null) td.classList.add('cl-nested');
        if (broken && broken.length) {
          td.classList.add('cl-broken');
          const rules = broken.map((/** @type {number} */ id) => rulesById.get(id)).filter(Boolean);
          td.dataset.rules = rules.map((/** @type {any} */ x) => x.rule).join(' ');
          td.title = `${full}\n\nBreaks: ${rules.map((/** @type {any} */ x) => `${x.property} ${x.rule}: ${x.message}`).join('\n')}`;
        } else td.title = full;
        if (r === selected.row && c === selected.col) td.classList.add('cl-selected');
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    }
    const bottom = document.createElement('tr');
    bottom.className = 'cl-spacer-row';
    bottom.style.height = `${(total - last) * ROW_HEIGHT}px`;
    frag.appendChild(bottom);
    tbody.replaceChildren(frag);
  }

  function setButtons(enabled) {
    for (const id of ['cl-export-csv', 'cl-export-json']) /** @type {HTMLButtonElement} */ ($(id)).disabled = !enabled;
    /** @type {HTMLButtonElement} */ ($('cl-copy-cell')).disabled = !enabled || selected.col < 0;
    /** @type {HTMLButtonElement} */ ($('cl-copy-row')).disabled = !enabled || selected.row < 0;
  }

  function showDetail(v) {
    const d = $('cl-detail');
    if (typeof v === 'object' && v !== null) {
      d.hidden = false;
      d.textContent = JSON.stringify(v, null, 2);
    } else d.hidden = true;
  }

  grid.addEventListener('scroll', () => requestAnimationFrame(renderRows));
  window.addEventListener('resize', () => requestAnimationFrame(renderRows));
  tbody.addEventListener('click', (e) => {
    const td = /** @type {HTMLElement} */ (e.target).closest('td');
    const tr = td && td.parentElement;
    if (!td || !tr || !tr.dataset.row || td.dataset.col === undefined) return;
    selected = { row: Number(tr.dataset.row), col: Number(td.dataset.col) };
    showDetail(result.rows[selected.row].values[selected.col]);
    setButtons(true);
    renderRows();
  });
  grid.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'c' && selected.col >= 0) {
      vscode.postMessage({ type: 'copy', text: text(result.rows[selected.row].values[selected.col]) });
      e.preventDefault();
    }
  });
  $('cl-copy-cell').addEventListener('click', () => vscode.postMessage({ type: 'copy', text: text(result.rows[selected.row].values[selected.col]) }));
  $('cl-copy-row').addEventListener('click', () => {
    const row = Object.fromEntries(result.columns.map((/** @type {any} */ c, /** @type {number} */ i) => [c.name, result.rows[selected.row].values[i] ?? null]));
    vscode.postMessage({ type: 'copy', text: JSON.stringify(row) });
  });
  $('cl-export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
  $('cl-export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
  limitInput.addEventListener('change', () => {
    const n = Number(limitInput.value);
    if (Number.isInteger(n) && n > 0) vscode.postMessage({ type: 'setLimit', limit: n });
  });

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'loading') {
      $('cl-title').textContent = m.title;
      $('cl-status').textContent = 'Reading the data…';
      $('cl-status').className = '';
    } else if (m.type === 'error') {
      $('cl-status').textContent = m.message;
      $('cl-status').className = 'cl-error';
      result = null;
      thead.replaceChildren();
      tbody.replaceChildren();
      setButtons(false);
    } else if (m.type === 'data') {
      result = m.result;
      rulesById = new Map(result.rules.map((/** @type {any} */ r) => [r.id, r]));
      selected = { row: -1, col: -1 };
      limitInput.value = String(m.limit);
      $('cl-title').textContent = `${m.source} › ${result.schemaName}`;
      const parts = [`${result.rows.length}${result.truncated ? '+' : ''} rows`, `${result.brokenCells} cell${result.brokenCells === 1 ? '' : 's'} break a rule`, `${result.elapsedMs} ms`];
      if (result.missingColumns.length) parts.push(`missing from the data: ${result.missingColumns.join(', ')}`);
      if (result.skipped.length) parts.push(`not checked here: ${result.skipped.map((/** @type {any} */ s) => `${s.property} ${s.rule}`).join(', ')}`);
      $('cl-status').textContent = parts.join(' · ');
      $('cl-status').className = result.brokenCells ? 'cl-warn' : '';
      document.body.dataset.state = 'ready';
      grid.scrollTop = 0;
      renderHeader();
      renderRows();
      setButtons(true);
      showDetail(undefined);
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
