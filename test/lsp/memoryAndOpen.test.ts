/**
 * Issue 13's memory and open-time bounds, over the real server on stdio (figures in bench/README.md, "Robustness"):
 *   - a workspace of 500 contracts, indexed at start, with one of them open: RSS once the server is idle;
 *   - open → first diagnostics of a 5,000-line contract in a server that has started up.
 * The bounds leave room for a loaded machine but fail at the magnitudes these tests were written against (RSS 274 MB
 * with 500 contracts; 549 ms to the first diagnostics at 5,000 lines on a quiet machine, seconds when loaded).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { rssMb } from '../fuzz/rss.ts';
import { scratchDir } from '../helpers/paths.ts';
import { TestClient } from './client.ts';

/** Measured 197–203 MB under a load average of 25–30 on 2 cores (274 MB before the memory work). */
const RSS_500_BOUND_MB = 235;
/**
 * CPU time of the server process (all its threads) from didOpen to the first publish. CPU time, not wall time: with
 * 8 jobs on 2 cores the same open took 2 to 17 s of wall time, which says nothing about the server. Measured under a
 * load average of 25–30: 420–650 ms now, 980–1,150 ms before the warm-up and the early DuckDB load (same test
 * against the previous build). The bound is about 3× the quiet-machine target of 150 ms plus the load's inflation
 * of CPU time, and below what the old open costs.
 */
const OPEN_5K_CPU_BOUND_MS = 800;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** User + system CPU time of a process so far, in ms (Linux: /proc/PID/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const generator = async () => (await import('../../bench/generate.mjs')) as { generateContract(lines: number, o?: { name?: string; propsPerTable?: number }): string };

test('500 indexed contracts: the server stays under the RSS bound once idle', { timeout: 300_000 }, async () => {
  const { generateContract } = await generator();
  const dir = scratchDir('cl-rss500-');
  for (let i = 0; i < 500; i++) {
    const sub = join(dir, `domain_${i % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `source_${i}.odcs.yaml`), generateContract(300, { name: `source_${i}`, propsPerTable: 12 }));
  }
  const client = await TestClient.start({ rootDir: dir });
  try {
    const uri = pathToFileURL(join(dir, 'domain_0', 'source_0.odcs.yaml')).toString();
    client.open(uri, generateContract(300, { name: 'source_0', propsPerTable: 12 }));
    await client.waitForDiagnostics(uri, () => true, 120_000);
    // Every file is indexed when workspace/symbol finds a symbol in each of them.
    let indexed = 0;
    for (const until = Date.now() + 180_000; indexed < 500 && Date.now() < until; await sleep(500)) {
      const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'table_0' })) as { location: { uri: string } }[];
      indexed = new Set(symbols.map((s) => s.location.uri)).size;
    }
    assert.equal(indexed, 500, 'all 500 contracts indexed');
    // Idle: no message for a few seconds (the server gives memory back after a burst; lsp/memory.ts).
    await sleep(4000);
    const rss = rssMb(client.child.pid)!;
    console.log(`RSS with 500 contracts indexed: ${rss.toFixed(0)} MB`);
    assert.ok(rss <= RSS_500_BOUND_MB, `RSS with 500 contracts indexed: ${rss.toFixed(0)} MB > ${RSS_500_BOUND_MB} MB`);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('open → first diagnostics of a 5,000-line contract, in a started server', { timeout: 180_000 }, async () => {
  const { generateContract } = await generator();
  // As in an editor: the contract is in the workspace folder, the server was started (and scanned the folder)
  // before the user opened the file.
  const dir = scratchDir('cl-open5k-');
  const file = join(dir, 'big.odcs.yaml');
  const text = generateContract(5000, { name: 'open_fast' });
  writeFileSync(file, text);
  const client = await TestClient.start({ rootDir: dir });
  try {
    for (let found = false; !found; await sleep(250)) {
      const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'table_0' })) as unknown[];
      found = symbols.length > 0;
    }
    await sleep(2000);
    const uri = pathToFileURL(file).toString();
    const pid = client.child.pid!;
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, 120_000);
    const wall = performance.now() - t0;
    const cpu = cpuMs(pid) - cpu0;
    console.log(`open → first diagnostics, 5,000 lines: ${cpu} ms of server CPU, ${wall.toFixed(0)} ms wall`);
    assert.ok(cpu <= OPEN_5K_CPU_BOUND_MS, `first diagnostics took ${cpu} ms of server CPU (${wall.toFixed(0)} ms wall) after didOpen > ${OPEN_5K_CPU_BOUND_MS} ms`);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
