/**
 * The rapid-edits run, shared by its test (rapidEdits.test.ts) and bench/robustness.mjs: open a generated contract,
 * warm up, send `edits` incremental edits in one burst (typing in the middle of the file: a character, sometimes a
 * line break, sometimes a deletion), then a hover on another part of the document, then wait for the diagnostics of
 * the last version and compare them with a fresh server's on the same text.
 *
 * The client keeps its copy of the text cheaply: every edit falls inside one small window of lines, so only that
 * window is a TextDocument; the lines before and after it never change.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../lsp/client.ts';
import { SETTLE_MS, settledAndFresh } from './driver.ts';
import { rssMb } from './rss.ts';

export interface RapidEditsResult {
  edits: number;
  /** From the first edit to the last one written to the server's input. */
  sendMs: number;
  hoverMs: number;
  /** From the hover's answer to the first publish of the last version's diagnostics. */
  diagnosticsMs: number;
  rssBeforeMb: number;
  rssMaxMb: number;
  rssAfterMb: number;
  expectedText: string;
  lastDiagnostics: unknown[];
  freshDiagnostics: unknown[];
  stderr: string;
}

const URI = 'file:///rapid/orders.odcs.yaml';

export async function runRapidEdits(o: { edits: number; lines: number }): Promise<RapidEditsResult> {
  const { generateContract } = (await import('../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string }): string };
  const text = generateContract(o.lines, { name: 'orders' });
  const client = await TestClient.start();
  try {
    client.open(URI, text);
    await client.waitForDiagnostics(URI, () => true, 60_000);
    // Warm up every path the burst takes (hover, parse of an edited item), then measure the resting level: after the
    // same idle wait as the level after the burst, past the server's collections of a pause (lsp/memory.ts).
    await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 20, character: 4 } });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const pid = client.child.pid;
    const rssBeforeMb = rssMb(pid)!;

    const anchor = text.indexOf('description:', Math.floor(text.length / 2));
    const windowStart = text.lastIndexOf('\n', anchor) + 1;
    const windowEnd = text.indexOf('\n', anchor + 60) + 1;
    const linesBefore = text.slice(0, windowStart).split('\n').length - 1;
    let window = TextDocument.create(URI, 'yaml', 1, text.slice(windowStart, windowEnd));
    const at0 = anchor - windowStart + 13;
    let version = 1;
    let rssMaxMb = rssBeforeMb;
    const t0 = performance.now();
    for (let i = 0; i < o.edits; i++) {
      const at = at0 + (i % 40);
      const p = window.positionAt(at);
      const pos = { line: p.line + linesBefore, character: p.character };
      const del = i % 3 === 2;
      const change = del
        ? { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' }
        : { range: { start: pos, end: pos }, text: i % 97 === 0 ? '\n        ' : 'x' };
      version = client.change(URI, [change]);
      const local = { range: { start: p, end: del ? { line: p.line, character: p.character + 1 } : p }, text: change.text };
      window = TextDocument.update(window, [local], version);
      if (i % 1000 === 0) rssMaxMb = Math.max(rssMaxMb, rssMb(pid) ?? 0);
    }
    // The client encodes and writes its messages one after the other, after the loop: the burst is sent once the last
    // edit is written. What follows measures the server.
    await client.written;
    const sendMs = performance.now() - t0;
    const expectedText = text.slice(0, windowStart) + window.getText() + text.slice(windowEnd);

    // Right after the burst: a hover on another part of the document.
    const h0 = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 30, character: 10 } });
    const hoverMs = performance.now() - h0;
    await client.waitForDiagnostics(URI, (_d, p) => p.version === version, 120_000);
    const diagnosticsMs = performance.now() - h0 - hoverMs;
    // Then what the extra providers (data-file checks) add to the same version, as a fresh server's are awaited.
    // That the server holds the same text is shown by its diagnostics: equal to a fresh server's on `expectedText`.
    const both = await settledAndFresh(client, { [URI]: version }, { [URI]: expectedText }, 60_000);
    if (typeof both === 'string') throw new Error(both);
    const last = both.last[URI];
    const fresh = both.fresh;
    rssMaxMb = Math.max(rssMaxMb, rssMb(pid) ?? 0);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const rssAfterMb = rssMb(pid)!;
    const norm = (ds: { range: unknown; code?: unknown; message: unknown }[]) => ds.map((d) => [d.range, d.code, d.message]);
    return {
      edits: o.edits,
      sendMs,
      hoverMs,
      diagnosticsMs,
      rssBeforeMb,
      rssMaxMb,
      rssAfterMb,
      expectedText,
      lastDiagnostics: norm(last),
      freshDiagnostics: norm(fresh[URI] ?? []),
      stderr: client.stderr,
    };
  } finally {
    await client.stop();
  }
}
