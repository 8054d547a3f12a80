/**
 * A minimal test runner for the extension host (no mocha: the suite is bundled and run by VS Code itself).
 * Tests run one after another; results go to the JSON file the outer runner named in CL_E2E_RESULTS.
 * `browser()` sends a request to the outer runner (screenshots, webview DOM) through the channel folder.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface TestResult {
  name: string;
  status: 'passed' | 'failed';
  ms: number;
  error?: string;
}

type TestFn = () => Promise<void> | void;
const tests: { name: string; fn: TestFn }[] = [];

export function test(name: string, fn: TestFn): void {
  // run.mjs --grep TEXT: only the matching tests (a partial run, for working on one test).
  const grep = process.env.CL_E2E_GREP;
  if (grep && !name.includes(grep)) return;
  tests.push({ name, fn });
}

export function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: the suite must be started by test/e2e/run.mjs`);
  return v;
}

export async function runAll(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const t of tests) {
    const started = Date.now();
    try {
      await t.fn();
      results.push({ name: t.name, status: 'passed', ms: Date.now() - started });
    } catch (err) {
      const e = err as Error;
      results.push({ name: t.name, status: 'failed', ms: Date.now() - started, error: e?.stack ?? String(err) });
      // What the workbench looked like when it failed: .e2e-cache/run/<phase>/failure-<test>.png
      await browser({ kind: 'failureScreenshot', name: `failure-${t.name}` }, 20_000).catch(() => undefined);
    }
    writeResults(results); // after each test, so a hang still leaves the results so far
  }
  return results;
}

function writeResults(results: TestResult[]): void {
  const file = env('CL_E2E_RESULTS');
  writeFileSync(`${file}.tmp`, JSON.stringify({ tests: results }, null, 2));
  renameSync(`${file}.tmp`, file);
}

let requestSeq = 0;
/** Asks the browser side for something and waits for the answer. */
export async function browser<T = unknown>(req: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
  const dir = env('CL_E2E_CHANNEL');
  const id = `${String(++requestSeq).padStart(4, '0')}`;
  const reqPath = join(dir, `${id}.req.json`);
  writeFileSync(`${reqPath}.tmp`, JSON.stringify(req));
  renameSync(`${reqPath}.tmp`, reqPath);
  const resPath = join(dir, `${id}.res.json`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(resPath)) {
      const res = JSON.parse(readFileSync(resPath, 'utf8')) as { ok: boolean; value?: T; error?: string };
      rmSync(resPath);
      if (!res.ok) throw new Error(`browser request ${String(req.kind)} failed: ${res.error}`);
      return res.value as T;
    }
    await sleep(100);
  }
  throw new Error(`browser request ${String(req.kind)} got no answer within ${timeoutMs} ms`);
}

export function screenshot(name: string, settleMs?: number): Promise<unknown> {
  if (process.env.CL_E2E_SCREENSHOTS === 'off') return Promise.resolve(undefined);
  return browser({ kind: 'screenshot', name, settleMs });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a value that is not undefined, or throws with `what` after the timeout. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    await sleep(150);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
