/**
 * The fuzz driver: mutated contracts on a few documents of the REAL server (over stdio), random feature requests at
 * random positions after every edit, each with a deadline. It records what an editor user would call a failure:
 * the server dies, a request (or the diagnostics of a version) is not answered in time, an internal error, a stack
 * trace on stderr or in the log, final diagnostics that differ from a fresh server's on the same texts, RSS above a
 * bound. Every failing input is saved with the command that replays it (see replay.ts).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from '../lsp/client.ts';
import { mutate, randomEdit, type MutationOptions } from './mutations.ts';
import { Rng } from './random.ts';
import { randomRequests, type FuzzRequest } from './requests.ts';
import { RssSampler, rssMb } from './rss.ts';
import { seedContracts } from './seeds.ts';

export interface FuzzOptions extends MutationOptions {
  seed: number;
  docs: number;
  /** How many documents are open at once (edits go to a random one). */
  slots: number;
  /** Up to this many requests after each edit. */
  requestsPerDoc: number;
  deadlineMs: number;
  /** Fail when the server's RSS exceeds this (MB). */
  rssLimitMb: number;
  /**
   * Documents before this one are only generated (same texts, same random stream), not sent: the server starts with
   * the slots' texts at this document. Reaches the state around a late failure in a fraction of the run's time
   * (the server's own history, e.g. its heap, is not reproduced).
   */
  from?: number;
  /** Where failing inputs are saved (nothing is saved when absent). */
  outDir?: string;
  log?: (line: string) => void;
}

export const CI_OPTIONS: Omit<FuzzOptions, 'seed' | 'docs'> = { slots: 6, requestsPerDoc: 4, deadlineMs: 5000, rssLimitMb: 300, maxLongLine: 200_000, maxDepth: 2000 };

export interface FuzzFailure {
  kind: 'crash' | 'timeout' | 'internal-error' | 'stack-trace' | 'diagnostics' | 'rss' | 'rss-after';
  doc: number;
  message: string;
  saved?: string;
}

export interface FuzzReport {
  docs: number;
  requests: number;
  failures: FuzzFailure[];
  /** Request latencies (ms), for percentiles. */
  latencies: number[];
  rss: SettledRss;
  durationMs: number;
}

/**
 * RSS (MB): `idle` of the server at start (settled, no document open), `max` during the run, `after` of the fuzzed
 * server and `freshIdle` of a freshly started server holding the same final open documents, both read after the
 * same idle wait (SETTLE_MS) once their diagnostics have settled. `after` − `freshIdle` is what the run left behind.
 */
export interface SettledRss {
  idle?: number;
  max: number;
  after?: number;
  freshIdle?: number;
}

/**
 * How long a server is left idle before its settled RSS is read: past lsp/memory.ts's collections of a pause (3 s
 * after the last message, and the one 6 s later that lets V8 shrink its young generation), with a margin for a
 * loaded machine.
 */
export const SETTLE_MS = 11000;

/**
 * How far (MB) the fuzzed server's settled RSS may stay above a fresh server's with the same open documents. Measured
 * (bench/README.md, "Issue 13"): +93 to +103 MB before session 5's fixes, +30 to +58 MB after them, and +16 to +25 MB
 * (3,000 documents, seeds 42 and 20261206) once lsp/memory.ts's collections were real full ones and a second one lets
 * V8 shrink its young generation (session 6). What remains is what serving the run's requests compiled and paged in,
 * which a fresh server that only opened the documents has not: heap snapshots of both at the end hold 24.4 and
 * 13.1 MB, of which bytecode and machine code 11.7 and 4.5 MB; and the node binary's pages the run executed (~4 MB).
 */
export const RSS_AFTER_SLACK_MB = 40;

export function rssAfterBound(freshIdleMb: number): number {
  return freshIdleMb + RSS_AFTER_SLACK_MB;
}

const STACK_FRAME = /\n\s+at .+(:\d+:\d+\)?|\(native\))/;
const INTERNAL_ERROR = -32603;

export const slotUri = (slot: number) => `file:///fuzz/slot${slot}.odcs.yaml`;

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const seeds = seedContracts();
  const client = await TestClient.start();
  const pid = client.child.pid;
  const rss = new RssSampler(pid);
  await sleep(SETTLE_MS);
  const idle = rssMb(pid);
  const failures: FuzzFailure[] = [];
  const latencies: number[] = [];
  const local = new Map<string, TextDocument>();
  let crashed: string | undefined;
  client.child.once('exit', (code, signal) => (crashed = `server exited (code ${code}, signal ${signal})`));
  let requests = 0;
  let stderrSeen = 0;
  let logsSeen = 0;

  const fail = (f: FuzzFailure, input?: () => unknown) => {
    if (o.outDir && input) f.saved = saveFailure(o.outDir, o.seed, f, input());
    failures.push(f);
    o.log?.(`FAIL doc ${f.doc} ${f.kind}: ${f.message.split('\n')[0]}${f.saved ? `\n  saved: ${f.saved}\n  replay: npm run fuzz -- --replay ${f.saved}` : ''}`);
  };
  const openTexts = () => Object.fromEntries([...local].map(([u, d]) => [u, d.getText()]));

  let doc = 0;
  const offline = new Map<string, number>();
  const live = () => doc >= (o.from ?? 0);
  const send = {
    open: (uri: string, text: string) => (live() ? client.open(uri, text) : offline.set(uri, 1)),
    close: (uri: string) => (live() ? client.close(uri) : offline.delete(uri)),
    change: (uri: string, changes: Parameters<TestClient['change']>[1]) => {
      if (live()) return client.change(uri, changes);
      const v = (offline.get(uri) ?? 1) + 1;
      offline.set(uri, v);
      return v;
    },
  };
  // The slots' texts at `from` are saved with the failing inputs: the next run from there starts at once.
  const stateFile = o.from && o.outDir ? join(o.outDir, `seed-${o.seed}`, `slots-at-${o.from}.json`) : undefined;
  if (stateFile && existsSync(stateFile)) {
    for (const [u, t] of Object.entries(JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, string>)) local.set(u, TextDocument.create(u, 'yaml', 1, t));
    doc = o.from!;
  }
  for (; doc < o.docs && !crashed; doc++) {
    if (o.from && doc === o.from) {
      if (stateFile && !existsSync(stateFile)) {
        mkdirSync(join(stateFile, '..'), { recursive: true });
        writeFileSync(stateFile, JSON.stringify(openTexts()));
      }
      // Going live: the server opens what the slots hold now.
      for (const [u, d] of local) {
        client.open(u, d.getText());
        local.set(u, TextDocument.create(u, 'yaml', 1, d.getText()));
      }
    }
    const rng = Rng.derive(o.seed, doc);
    const uri = slotUri(rng.int(o.slots));
    const before = local.get(uri);
    const beforeText = before?.getText();
    let ops: string[];
    if (!before || rng.chance(0.02)) {
      if (before) send.close(uri);
      const m = mutate(rng.pick(seeds), rng, o);
      ops = ['open', ...m.ops];
      local.set(uri, TextDocument.create(uri, 'yaml', 1, m.text));
      send.open(uri, m.text);
    } else if (rng.chance(0.5)) {
      const m = mutate(rng.chance(0.5) ? before.getText() : rng.pick(seeds), rng, o);
      ops = ['replace', ...m.ops];
      const version = send.change(uri, [{ text: m.text }]);
      local.set(uri, TextDocument.update(before, [{ text: m.text }], version));
    } else {
      // Typing: a few incremental edits in one didChange, each range on the text after the previous ones (as the
      // protocol says). Positions come from a document created from the current text, as an editor has them (one
      // TextDocument updated in place can mis-track lines, see test/lsp/editBuffer.test.ts).
      let text = before.getText();
      const changes: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
      for (let k = 1 + rng.int(5); k > 0; k--) {
        const e = randomEdit(text, rng);
        const d = TextDocument.create(uri, 'yaml', 0, text);
        const change = { range: { start: d.positionAt(e.start), end: d.positionAt(e.end) }, text: e.insert };
        changes.push(change);
        // Applied through the positions (an offset inside a `\r\n` is clamped before it, as the server clamps it).
        text = TextDocument.update(d, [change], 1).getText();
      }
      ops = [`edit×${changes.length}`];
      const version = send.change(uri, changes);
      local.set(uri, TextDocument.create(uri, 'yaml', version, text));
    }
    const current = local.get(uri)!;
    const reqs = randomRequests(uri, current, rng, 1 + rng.int(o.requestsPerDoc));
    const input = () => ({ uri, ops, before: beforeText, after: current.getText(), open: openTexts(), requests: reqs });
    if (!live()) {
      rng.chance(0.03); // the draw that decides whether to wait for diagnostics, as below
      continue;
    }
    const answers = await Promise.all(reqs.map((r) => timed(client, r, o.deadlineMs)));
    requests += reqs.length;
    answers.forEach((a, k) => {
      if (a.kind === 'ok') latencies.push(a.ms);
      else if (a.kind === 'timeout') fail({ kind: 'timeout', doc, message: `${reqs[k].method} unanswered after ${o.deadlineMs} ms (${ops.join(', ')})` }, input);
      else if (a.kind === 'error' && a.code === INTERNAL_ERROR) fail({ kind: 'internal-error', doc, message: `${reqs[k].method}: ${a.message}` }, input);
    });
    // Sometimes wait for the diagnostics of the version just sent: a publish is an answer too.
    if (rng.chance(0.03)) {
      try {
        await client.waitForDiagnostics(uri, (_d, p) => p.version === current.version, o.deadlineMs);
      } catch {
        fail({ kind: 'timeout', doc, message: `no diagnostics for version ${current.version} within ${o.deadlineMs} ms (${ops.join(', ')})` }, input);
      }
    }
    const newErr = client.stderr.slice(stderrSeen);
    stderrSeen = client.stderr.length;
    const newLogs = client.logs.slice(logsSeen).join('\n');
    logsSeen = client.logs.length;
    for (const text of [newErr, newLogs]) if (STACK_FRAME.test(text)) fail({ kind: 'stack-trace', doc, message: text.slice(0, 2000) }, input);
    const mb = rss.sample();
    // CONTRACTLENS_FUZZ_TRACE=<file>: one line per document (time, slot, ops, text size, requests, RSS), to line up
    // with a server-side memory log when explaining a peak.
    if (process.env.CONTRACTLENS_FUZZ_TRACE) appendFileSync(process.env.CONTRACTLENS_FUZZ_TRACE, `${Date.now()} doc ${doc} ${uri.slice(-16)} ${current.getText().length} ${ops.join(',')} [${reqs.map((r) => r.method.split('/')[1]).join(',')}] rss ${mb?.toFixed(0)}\n`);
    if (mb !== undefined && mb > o.rssLimitMb) fail({ kind: 'rss', doc, message: `server RSS ${mb.toFixed(0)} MB > ${o.rssLimitMb} MB` }, input);
    if (o.log && doc > 0 && doc % 1000 === 0) o.log(`${doc} documents, ${requests} requests, RSS ${mb?.toFixed(0)} MB (max ${rss.max.toFixed(0)}), ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  if (crashed) fail({ kind: 'crash', doc, message: `${crashed}\n${client.stderr.slice(-4000)}` }, () => ({ open: openTexts() }));

  let after: number | undefined;
  let freshIdle: number | undefined;
  if (!crashed) {
    const finals = openTexts();
    const versions = Object.fromEntries([...local].map(([u, d]) => [u, d.version]));
    // Both servers settled and compared, then left idle for the same time: the fresh one is the idle level with these
    // documents open, so the difference is what the run's history left behind (garbage, pooled pages, caches).
    const both = await settledAndFresh(client, versions, finals, o.deadlineMs, async (fresh) => {
      await sleep(SETTLE_MS);
      after = rssMb(pid);
      freshIdle = rssMb(fresh.child.pid);
    });
    if (typeof both === 'string') fail({ kind: 'timeout', doc, message: both }, () => ({ open: finals }));
    else {
      const { last, fresh } = both;
      for (const uri of Object.keys(finals)) {
        const a = normalise(last[uri]);
        const b = normalise(fresh[uri]);
        if (a !== b) {
          // The message shows where the two lists part; the saved input holds both in full.
          let at = 0;
          while (at < a.length && a[at] === b[at]) at++;
          const from = Math.max(0, at - 300);
          fail(
            { kind: 'diagnostics', doc, message: `final diagnostics of ${uri} differ from a fresh server's (from character ${at} of the lists):\n  after the run: …${a.slice(from, at + 1200)}\n  fresh server:  …${b.slice(from, at + 1200)}` },
            () => ({ uri, open: finals, afterRun: JSON.parse(a) as unknown, freshServer: JSON.parse(b) as unknown }),
          );
        }
      }
    }
    if (after !== undefined && freshIdle !== undefined && after > rssAfterBound(freshIdle)) {
      const message = `server RSS ${after.toFixed(0)} MB ${SETTLE_MS} ms after the run > ${rssAfterBound(freshIdle).toFixed(0)} MB (a fresh server with the same open documents: ${freshIdle.toFixed(0)} MB)`;
      fail({ kind: 'rss-after', doc, message }, () => ({ open: finals }));
    }
  }
  rss.stop();
  await client.stop();
  return { docs: doc, requests, failures, latencies, rss: { idle, max: rss.max, after, freshIdle }, durationMs: Date.now() - started };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Answer = { kind: 'ok'; ms: number } | { kind: 'timeout' } | { kind: 'error'; code: number; message: string };

async function timed(client: TestClient, r: FuzzRequest, deadlineMs: number): Promise<Answer> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Answer>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), deadlineMs)));
  const answer = client.request(r.method, r.params).then(
    (): Answer => ({ kind: 'ok', ms: performance.now() - t0 }),
    (e: { code?: number; message?: string }): Answer => ({ kind: 'error', code: e?.code ?? 0, message: String(e?.message ?? e) }),
  );
  const result = await Promise.race([answer, deadline]);
  clearTimeout(timer);
  return result;
}

/**
 * Waits for every document's diagnostics of its last version, then for a quiet moment: dependents may republish, and
 * the first open of a large contract publishes twice (its own findings, then the complete set after the SQL pass,
 * which may first load DuckDB: hundreds of ms on a loaded machine; docs/ARCHITECTURE.md "The first open").
 */
export async function settledDiagnostics(client: TestClient, versions: Record<string, number>, deadlineMs: number): Promise<Record<string, Diagnostic[]> | string> {
  for (const [uri, version] of Object.entries(versions)) {
    try {
      await client.waitForDiagnostics(uri, (_d, p) => p.version === version, deadlineMs);
    } catch {
      return `no diagnostics for the last version (${version}) of ${uri} within ${deadlineMs} ms`;
    }
  }
  await quiet(client, 1500);
  return Object.fromEntries(Object.keys(versions).map((u) => [u, client.diagnostics.get(u)?.diagnostics ?? []]));
}

async function quiet(client: TestClient, ms: number): Promise<void> {
  const total = () => [...client.publishCount.values()].reduce((a, b) => a + b, 0);
  for (let before = -1; before !== total(); ) {
    before = total();
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** How long two settled lists that differ may still converge before the difference counts. */
const CONVERGE_MS = 20_000;

/**
 * The settled diagnostics of `client` for `versions`, beside those a freshly started server publishes for the same
 * open texts. A quiet moment is not proof that a server is done: on a loaded machine the complete set that follows a
 * large contract's early publish, or a data-file provider's republish, can come after it. So while the two differ,
 * both are given more quiet moments, up to CONVERGE_MS; a real divergence outlasts that and is returned as it is.
 */
export async function settledAndFresh(
  client: TestClient,
  versions: Record<string, number>,
  texts: Record<string, string>,
  deadlineMs: number,
  /** Runs once both have converged (or the time to converge is up), before the fresh server stops. */
  whileBoth?: (fresh: TestClient) => Promise<void>,
): Promise<{ last: Record<string, Diagnostic[]>; fresh: Record<string, Diagnostic[]> } | string> {
  const last = await settledDiagnostics(client, versions, deadlineMs);
  if (typeof last === 'string') return last;
  const freshClient = await TestClient.start();
  try {
    for (const [uri, text] of Object.entries(texts)) freshClient.open(uri, text);
    const fresh = await settledDiagnostics(freshClient, Object.fromEntries(Object.keys(texts).map((u) => [u, 1])), deadlineMs * 2);
    if (typeof fresh === 'string') return `fresh server: ${fresh}`;
    const current = (c: TestClient) => Object.fromEntries(Object.keys(texts).map((u) => [u, c.diagnostics.get(u)?.diagnostics ?? []]));
    const same = () => Object.keys(texts).every((u) => normalise(current(client)[u]) === normalise(current(freshClient)[u]));
    for (const until = Date.now() + CONVERGE_MS; !same() && Date.now() < until; ) await Promise.all([quiet(client, 1500), quiet(freshClient, 1500)]);
    const result = { last: current(client), fresh: current(freshClient) };
    await whileBoth?.(freshClient);
    return result;
  } finally {
    await freshClient.stop();
  }
}

function normalise(ds: Diagnostic[] | undefined): string {
  return JSON.stringify((ds ?? []).map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.severity, d.message]).sort());
}

function saveFailure(outDir: string, seed: number, f: FuzzFailure, input: unknown): string {
  let dir = join(outDir, `seed-${seed}`, `doc-${f.doc}-${f.kind}`);
  for (let n = 2; existsSync(dir); n++) dir = join(outDir, `seed-${seed}`, `doc-${f.doc}-${f.kind}-${n}`);
  mkdirSync(dir, { recursive: true });
  // JSON keeps what a YAML file on disk would not: lone surrogates, NUL, exact line ends.
  writeFileSync(join(dir, 'case.json'), JSON.stringify({ seed, failure: { kind: f.kind, doc: f.doc, message: f.message }, ...(input as object) }, null, 1));
  return dir;
}
