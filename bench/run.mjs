// Benchmarks of the BUILT language server (dist/contractlens.js), printing figures (not a test).
//
//   npm run bench                      everything (a few minutes on 2 cores)
//   node bench/run.mjs --quick         fewer edits, for a smoke run
//   node bench/run.mjs --only ours     skip yaml-language-server
//   node bench/run.mjs --cpu-prof DIR  also write V8 CPU profiles of our server (one per session) into DIR
//
// Measures, on generated realistic contracts (bench/generate.mjs) in a temporary folder:
//   1. keystroke latency: didChange (an edit in the middle of the file) → publishDiagnostics, p50/p95, at 5,000 and
//      50,000 lines, for our server and for yaml-language-server with the official ODCS v3.1.0 JSON Schema;
//   2. start to ready: process spawn → initialize response, and the initialize request alone;
//   3. RSS of our server with a workspace of 500 contracts indexed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateContract, middleEditOffset } from './generate.mjs';
import { childrenRssMB, LspClient, percentile, rssMB } from './lspClient.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA = resolve(ROOT, '..', 'shared', 'corpus', 'odcs', 'v3.1.0', 'odcs-json-schema-v3.1.0.json');
const { values: opts } = parseArgs({
  options: { quick: { type: 'boolean' }, only: { type: 'string' }, 'cpu-prof': { type: 'string' }, 'skip-rss': { type: 'boolean' }, 'rss-only': { type: 'boolean' } },
});

const SIZES = [5_000, 50_000];
const EDITS = opts.quick ? { 5000: 10, 50000: 5 } : { 5000: 40, 50000: 20 };
const WARMUP_EDITS = 3;

function ourServerCommand(profileName) {
  const node = [process.execPath];
  if (opts['cpu-prof']) node.push('--cpu-prof', '--cpu-prof-dir', resolve(opts['cpu-prof']), '--cpu-prof-name', `${profileName}.cpuprofile`);
  return [...node, join(ROOT, 'dist', 'contractlens.js'), 'lsp', '--stdio'];
}

const SERVERS = {
  ours: { name: 'contractlens', command: ourServerCommand },
  yaml: { name: 'yaml-language-server', command: () => [process.execPath, join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'] },
};

/** What both servers are told: yaml-language-server validates *.odcs.yaml with the official schema, offline. */
const YAML_SETTINGS = {
  schemas: { [pathToFileURL(SCHEMA).toString()]: ['*.odcs.yaml'] },
  validate: true,
  hover: true,
  completion: true,
  format: { enable: false },
  schemaStore: { enable: false },
  maxItemsComputed: 5000,
};

function answerServerRequest(method, params) {
  if (method === 'workspace/configuration') return params.items.map((item) => (item.section === 'yaml' ? YAML_SETTINGS : {}));
  return null;
}

/** Starts a server on `folder` and completes the handshake; returns the client and the start-up timings. */
async function startServer(kind, folder, profileName) {
  const client = new LspClient(SERVERS[kind].command(profileName), { cwd: folder, onRequest: answerServerRequest });
  const folderUri = pathToFileURL(folder).toString();
  const init = await client.request('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'bench' }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: { synchronization: { didSave: true }, publishDiagnostics: { relatedInformation: true, versionSupport: true }, hover: {}, completion: {} },
    },
  });
  const spawnToReady = performance.now() - client.spawnedAt;
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
  return { client, spawnToReady, initializeMs: init.ms };
}

function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** Opens `text`, waits for its first diagnostics, then times `edits` keystrokes in the middle of it. */
async function measureKeystrokes(client, uri, text, edits) {
  const diagnosticsFor = (version) => (p) => p.uri === uri && (p.version === undefined || p.version === null || p.version >= version);
  let version = 1;
  const opened = client.waitFor('textDocument/publishDiagnostics', diagnosticsFor(version));
  const openedAt = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  const first = await opened;
  const openMs = first.at - openedAt;
  // The first publish of a large contract comes before its SQL pass (docs/ARCHITECTURE.md, "The first open"): the
  // final diagnostics of the open are the last publish of version 1, once nothing more came for a second.
  let last = first;
  const more = (msg, at) => msg.method === 'textDocument/publishDiagnostics' && diagnosticsFor(version)(msg.params) && (last = { params: msg.params, at });
  client.listeners.push(more);
  for (let seen; seen !== last; ) {
    seen = last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  client.listeners = client.listeners.filter((l) => l !== more);
  const finalOpenMs = last.at - openedAt;
  const initialDiagnostics = last.params.diagnostics;

  const offset = middleEditOffset(text);
  const pos = positionAt(text, offset);
  const times = [];
  for (let k = 0; k < edits + WARMUP_EDITS; k++) {
    version++;
    // Type a character, then delete it: the text keeps its size, every edit is a real change.
    const insert = k % 2 === 0;
    const change = insert
      ? { range: { start: pos, end: pos }, text: 'x' }
      : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
    const published = client.waitFor('textDocument/publishDiagnostics', diagnosticsFor(version));
    const sentAt = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const { at } = await published;
    if (k >= WARMUP_EDITS) times.push(at - sentAt);
    // Let a second publication for the same version (if a server sends one) go by before the next edit.
    await new Promise((r) => setTimeout(r, 25));
  }
  client.notify('textDocument/didClose', { textDocument: { uri } });
  return { openMs, finalOpenMs, initialDiagnostics, times };
}

async function keystrokeBench(dir) {
  const results = [];
  for (const kind of Object.keys(SERVERS)) {
    if (opts.only && opts.only !== kind) continue;
    for (const lines of SIZES) {
      const file = join(dir, `bench_${lines}.odcs.yaml`);
      const text = generateContract(lines, { name: `bench_${lines}` });
      writeFileSync(file, text);
      const { client } = await startServer(kind, dir, `keystrokes-${lines}`);
      try {
        const r = await measureKeystrokes(client, pathToFileURL(file).toString(), text, EDITS[lines]);
        results.push({ server: SERVERS[kind].name, kind, lines: text.split('\n').length, ...r });
        const p50 = percentile(r.times, 50);
        console.error(`  ${SERVERS[kind].name.padEnd(22)} ${String(lines).padStart(6)} lines  open → first diagnostics ${r.openMs.toFixed(0)} ms, final ${r.finalOpenMs.toFixed(0)} ms, p50 ${p50.toFixed(1)} ms, p95 ${percentile(r.times, 95).toFixed(1)} ms, ${r.initialDiagnostics.length} diagnostics on open`);
      } finally {
        await client.shutdown();
      }
    }
  }
  return results;
}

/** A server is only compared when it really validates: a wrong `kind` must be reported. */
async function sanityCheck(dir) {
  const file = join(dir, 'sanity.odcs.yaml');
  const text = 'apiVersion: v3.1.0\nkind: NotAContract\nid: x\nversion: 1.0.0\nstatus: active\n';
  writeFileSync(file, text);
  for (const kind of Object.keys(SERVERS)) {
    if (opts.only && opts.only !== kind) continue;
    const { client } = await startServer(kind, dir, 'sanity');
    try {
      const r = await measureKeystrokes(client, pathToFileURL(file).toString(), text, 0);
      if (r.initialDiagnostics.length === 0) throw new Error(`${SERVERS[kind].name} reported nothing for kind: NotAContract: it is not validating with the schema`);
      console.error(`  ${SERVERS[kind].name} validates: "${r.initialDiagnostics[0].message.split('\n')[0]}"`);
    } finally {
      await client.shutdown();
    }
  }
  rmSync(file);
}

async function startupBench(dir, runs = 5) {
  const out = {};
  for (const kind of Object.keys(SERVERS)) {
    if (opts.only && opts.only !== kind) continue;
    const spawnToReady = [];
    const initialize = [];
    for (let i = 0; i < runs; i++) {
      const s = await startServer(kind, dir, `startup-${i}`);
      spawnToReady.push(s.spawnToReady);
      initialize.push(s.initializeMs);
      await s.client.shutdown();
    }
    out[kind] = { spawnToReady: percentile(spawnToReady, 50), initialize: percentile(initialize, 50) };
    console.error(`  ${SERVERS[kind].name.padEnd(22)} spawn→initialize response p50 ${out[kind].spawnToReady.toFixed(0)} ms`);
  }
  return out;
}

/** 500 contracts in one workspace folder: the server indexes them all at start. */
async function rssBench(dir) {
  const ws = join(dir, 'ws500');
  mkdirSync(ws);
  for (let i = 0; i < 500; i++) {
    const sub = join(ws, `domain_${i % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `source_${i}.odcs.yaml`), generateContract(300, { name: `source_${i}`, propsPerTable: 12 }));
  }
  const { client } = await startServer('ours', ws, 'rss500');
  try {
    const baseline = await rssMB(client.pid);
    // Indexing is done when a document's cross-file question is answered: open one file and wait for its
    // diagnostics, then wait until memory stops growing (the scan may run in the background).
    const file = join(ws, 'domain_0', 'source_0.odcs.yaml');
    const opened = client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === pathToFileURL(file).toString());
    client.notify('textDocument/didOpen', { textDocument: { uri: pathToFileURL(file).toString(), languageId: 'yaml', version: 1, text: generateContract(300, { name: 'source_0', propsPerTable: 12 }) } });
    await opened;
    // The folder scan goes on in the background after the first diagnostics: wait until every file is indexed (on a
    // loaded machine the first runs of this bench read RSS with only 200-400 of the 500 files in).
    const indexedFiles = async () => {
      const symbols = await client.request('workspace/symbol', { query: 'table_0' }).catch(() => undefined);
      return Array.isArray(symbols?.result) ? new Set(symbols.result.map((s) => s.location?.uri)).size : 0;
    };
    for (let waited = 0; waited < 120_000 && (await indexedFiles()) < 500; waited += 500) await new Promise((r) => setTimeout(r, 500));
    // A quiet moment first: after a burst (here the scan) the server gives memory back once idle (lsp/memory.ts).
    await new Promise((r) => setTimeout(r, 3000));
    let last = 0;
    let rss = await rssMB(client.pid);
    for (let i = 0; i < 40 && Math.abs(rss - last) > 0.5; i++) {
      last = rss;
      await new Promise((r) => setTimeout(r, 250));
      rss = await rssMB(client.pid);
    }
    const indexed = await indexedFiles();
    // The SQL parser helper (DuckDB's parser in a process of its own, lsp/sqlParserProcess.ts) is not part of the
    // server's RSS: said apart, while it lives (it exits 20 s after its last parse).
    const helper = await childrenRssMB(client.pid);
    const helperText = helper.count ? `; SQL parser helper alive: ${helper.mb.toFixed(0)} MB more` : '';
    console.error(`  contractlens with 500 contracts: RSS ${rss.toFixed(0)} MB (after start ${baseline.toFixed(0)} MB)${indexed !== undefined ? `, workspace/symbol sees ${indexed} files` : ''}${helperText}`);
    return { rss, baseline, indexed };
  } finally {
    await client.shutdown();
  }
}

function ratioTable(keystrokes) {
  const rows = [];
  for (const lines of SIZES) {
    const ours = keystrokes.find((r) => r.kind === 'ours' && Math.abs(r.lines - lines) < lines * 0.1);
    const yaml = keystrokes.find((r) => r.kind === 'yaml' && Math.abs(r.lines - lines) < lines * 0.1);
    if (!ours) continue;
    const o50 = percentile(ours.times, 50);
    const row = { lines: ours.lines, oursP50: o50, oursP95: percentile(ours.times, 95) };
    if (yaml) {
      const y50 = percentile(yaml.times, 50);
      Object.assign(row, { yamlP50: y50, yamlP95: percentile(yaml.times, 95), ratio: y50 / o50, ratioWithoutDelay: (y50 - 200) / o50 });
    }
    rows.push(row);
  }
  return rows;
}

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'contractlens.js'))) throw new Error('dist/contractlens.js is missing: run `npm run build` (npm run bench does it)');
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-'));
  if (opts['cpu-prof']) mkdirSync(resolve(opts['cpu-prof']), { recursive: true });
  console.error(`Contract Lens benchmarks, ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine skews every figure)`);
  try {
    if (opts['rss-only']) {
      console.log(`RSS with 500 contracts indexed: ${(await rssBench(dir)).rss.toFixed(0)} MB`);
      return;
    }
    console.error('Sanity:');
    await sanityCheck(dir);
    console.error('Start to ready:');
    const startup = await startupBench(dir);
    console.error('Keystroke → diagnostics:');
    const keystrokes = await keystrokeBench(dir);
    const rss = opts['skip-rss'] || (opts.only && opts.only !== 'ours') ? undefined : (console.error('Memory:'), await rssBench(dir));
    const rows = ratioTable(keystrokes);

    const f = (n) => (n === undefined ? '-' : n.toFixed(1));
    console.log('\n| lines | contractlens p50 | p95 | yaml-language-server p50 | p95 | ratio (p50) | ratio without yaml-ls 200 ms delay |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.lines} | ${f(r.oursP50)} ms | ${f(r.oursP95)} ms | ${f(r.yamlP50)} ms | ${f(r.yamlP95)} ms | ${r.ratio ? r.ratio.toFixed(1) + '×' : '-'} | ${r.ratioWithoutDelay ? r.ratioWithoutDelay.toFixed(1) + '×' : '-'} |`);
    if (startup.ours) console.log(`\nStart to ready (process spawn → initialize response, Node start-up included; p50 of 5): ${startup.ours.spawnToReady.toFixed(0)} ms${startup.yaml ? `; yaml-language-server ${startup.yaml.spawnToReady.toFixed(0)} ms` : ''}`);
    if (rss) console.log(`RSS with 500 contracts indexed: ${rss.rss.toFixed(0)} MB`);
    const targets = [];
    const at = (n) => rows.find((r) => Math.abs(r.lines - n) < n * 0.1);
    if (at(5000)) targets.push(`p50 at 5k ≤ 30 ms: ${at(5000).oursP50 <= 30 ? 'met' : 'MISSED'}`);
    if (at(50000)) targets.push(`p50 at 50k ≤ 150 ms: ${at(50000).oursP50 <= 150 ? 'met' : 'MISSED'}`);
    if (at(5000)?.ratio) targets.push(`≥ 10× yaml-language-server: ${rows.every((r) => r.ratio >= 10) ? 'met' : 'MISSED'}`);
    if (startup.ours) targets.push(`start ≤ 300 ms: ${startup.ours.spawnToReady <= 300 ? 'met' : 'MISSED'}`);
    if (rss) targets.push(`RSS ≤ 150 MB: ${rss.rss <= 150 ? 'met' : 'MISSED'}`);
    console.log(`Targets: ${targets.join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exitCode = 1;
});
