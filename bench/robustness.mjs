// Robustness figures of the BUILT language server (issue 13), printed (not a test):
//   1. open → first diagnostics (didOpen sent → first publishDiagnostics) of a 5,000- and a 50,000-line contract,
//      a fresh server each time, median of 3: opened 1.5 s after `initialized` (a running editor: the server warmed
//      up meanwhile) and right after it (the open that starts the server pays for loading everything); and open →
//      final diagnostics (the last publish of that version, once nothing more came for 1.5 s: the first publish of a
//      large contract comes before the SQL pass, docs/ARCHITECTURE.md "The first open");
//   2. latency of hover/completion/symbols on document A while document B, which holds a 1 MB line, is edited
//      every 50 ms (head-of-line blocking), p50/p99;
//   3. rapid edits: 10,000 incremental edits to a 5,000-line contract written as fast as the pipe takes them, then a
//      hover (timed from when the last edit is written), the diagnostics of the last version, RSS before/after.
//   node bench/robustness.mjs [--runs 3] [--seconds 15] [--edits 10000] [--open-only]
// RSS with 500 contracts: `node bench/run.mjs --rss-only --only ours`; RSS during a fuzz run: `npm run fuzz`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg, cpus } from 'node:os';
import { generateContract } from './generate.mjs';
import { cpuMs, LspClient, percentile, rssMB } from './lspClient.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'contractlens.js');
const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '15' }, edits: { type: 'string', default: '10000' }, 'open-only': { type: 'boolean', default: false } } });

async function start() {
  const client = new LspClient([process.execPath, CLI, 'lsp', '--stdio'], { cwd: ROOT, onRequest: (method, params) => (method === 'workspace/configuration' ? params.items.map(() => null) : null) });
  await client.request('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
  client.notify('initialized', {});
  return client;
}

/**
 * `settleMs`: how long after `initialized` the file is opened. 0 is the editor starting the server for this file
 * (cold); 1500 is a file opened in an editor whose server is already running (it warmed up meanwhile).
 */
async function openToDiagnostics(lines, settleMs) {
  const first = [];
  const final = [];
  const cpu = [];
  for (let i = 0; i < Number(opts.runs); i++) {
    const client = await start();
    await new Promise((r) => setTimeout(r, settleMs));
    const uri = pathToFileURL(join(ROOT, `bench-open-${lines}.odcs.yaml`)).toString();
    const text = generateContract(lines, { name: `open_${lines}` });
    const published = [];
    let firstCpu;
    client.listeners.push((msg, at) => {
      if (msg.method !== 'textDocument/publishDiagnostics' || msg.params.uri !== uri) return;
      if (published.length === 0) firstCpu = cpuMs(client.pid);
      published.push(at);
    });
    const cpu0 = cpuMs(client.pid);
    const t0 = performance.now();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    for (const until = t0 + 60_000; published.length === 0 || performance.now() - published.at(-1) < 1500; await new Promise((r) => setTimeout(r, 50))) {
      if (performance.now() > until) throw new Error(`no diagnostics within 60 s; server stderr:\n${client.stderr}`);
    }
    first.push(published[0] - t0);
    if (cpu0 !== undefined && firstCpu !== undefined) cpu.push(firstCpu - cpu0);
    final.push(published.at(-1) - t0);
    await client.shutdown();
  }
  return { first: percentile(first, 50), final: percentile(final, 50), cpu: cpu.length ? percentile(cpu, 50) : NaN };
}

async function headOfLine() {
  const client = await start();
  const a = pathToFileURL(join(ROOT, 'bench-a.odcs.yaml')).toString();
  const b = pathToFileURL(join(ROOT, 'bench-b.odcs.yaml')).toString();
  const textA = generateContract(5000, { name: 'doc_a' });
  const blob = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ k: i, v: 'x' }))).slice(0, 1_000_000);
  let textB = generateContract(300, { name: 'doc_b' }).replace('  usage: Benchmarks and robustness tests only.', `  usage: ${blob}`);
  client.notify('textDocument/didOpen', { textDocument: { uri: a, languageId: 'yaml', version: 1, text: textA } });
  client.notify('textDocument/didOpen', { textDocument: { uri: b, languageId: 'yaml', version: 1, text: textB } });
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === a, 60_000);
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === b, 60_000);
  const line = textB.split('\n').findIndex((l) => l.startsWith('  usage: '));
  let version = 1;
  const editor = setInterval(() => {
    version++;
    // Typing inside the 1 MB line, and on the line after it.
    const ch = 10 + (version % 500);
    client.notify('textDocument/didChange', { textDocument: { uri: b, version }, contentChanges: [{ range: { start: { line, character: ch }, end: { line, character: ch } }, text: 'x' }] });
  }, 50);
  const latencies = [];
  const end = performance.now() + Number(opts.seconds) * 1000;
  const linesA = textA.split('\n').length;
  for (let i = 0; performance.now() < end; i++) {
    const position = { line: (i * 37) % linesA, character: 8 };
    const method = ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol'][i % 3];
    const { ms } = await client.request(method, method === 'textDocument/documentSymbol' ? { textDocument: { uri: a } } : { textDocument: { uri: a }, position });
    latencies.push(ms);
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(editor);
  await client.shutdown();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), n: latencies.length, edits: version - 1 };
}

async function rapidEdits(edits) {
  const client = await start();
  const uri = pathToFileURL(join(ROOT, 'bench-rapid.odcs.yaml')).toString();
  const text = generateContract(5000, { name: 'rapid' });
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, 60_000);
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 20, character: 4 } });
  await new Promise((r) => setTimeout(r, 1500));
  const before = await rssMB(client.pid);
  // Typing in the middle of one description line: a character, sometimes a deletion (no line breaks: the line stays put).
  const anchor = text.indexOf('description:', Math.floor(text.length / 2));
  const line = text.slice(0, anchor).split('\n').length - 1;
  const column = anchor - text.lastIndexOf('\n', anchor) - 1 + 13;
  const t0 = performance.now();
  let version = 1;
  for (let i = 0; i < edits; i++) {
    version++;
    const character = column + (i % 40);
    const change = i % 3 === 2 ? { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' } : { range: { start: { line, character }, end: { line, character } }, text: 'x' };
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  }
  await new Promise((r) => (client.child.stdin.writableNeedDrain ? client.child.stdin.once('drain', r) : r()));
  const sendMs = performance.now() - t0;
  const diagnostics = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 120_000);
  const { ms: hoverMs } = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 30, character: 10 } });
  const { at } = await diagnostics;
  const max = await rssMB(client.pid);
  await new Promise((r) => setTimeout(r, 3000));
  const after = await rssMB(client.pid);
  await client.shutdown();
  return { sendMs, hoverMs, diagnosticsMs: at - t0 - sendMs, before, max, after };
}

console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const lines of [5000, 50000]) {
  const started = await openToDiagnostics(lines, 1500);
  const cold = await openToDiagnostics(lines, 0);
  console.log(
    `open → first / final diagnostics, ${lines} lines: ${started.first.toFixed(0)} / ${started.final.toFixed(0)} ms in a started server, ` +
      `${cold.first.toFixed(0)} / ${cold.final.toFixed(0)} ms when the open starts the server (median of ${opts.runs} each, fresh server each); ` +
      `server CPU to the first publish ${started.cpu.toFixed(0)} / ${cold.cpu.toFixed(0)} ms`,
  );
}
if (opts['open-only']) process.exit(0);
const h = await headOfLine();
console.log(`document A while B (1 MB line) is edited every 50 ms: p50 ${h.p50.toFixed(1)} ms, p99 ${h.p99.toFixed(1)} ms, max ${h.max.toFixed(0)} ms (${h.n} requests, ${h.edits} edits of B)`);
const r = await rapidEdits(Number(opts.edits));
console.log(
  `${opts.edits} rapid edits to a 5,000-line contract: written in ${r.sendMs.toFixed(0)} ms; then a hover ${r.hoverMs.toFixed(0)} ms, ` +
    `diagnostics of the last version ${r.diagnosticsMs.toFixed(0)} ms after the last edit; RSS ${r.before.toFixed(0)} MB before, ${r.max.toFixed(0)} MB at the end of the burst, ${r.after.toFixed(0)} MB 3 s later`,
);
