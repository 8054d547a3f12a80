/**
 * Replays a saved failing input (a `case.json` written by the driver) on a fresh server: the other open documents,
 * the document before the edit, the edit as a full replacement, then the same requests with the same deadline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient } from '../lsp/client.ts';
import type { FuzzRequest } from './requests.ts';

interface SavedCase {
  uri?: string;
  before?: string;
  after?: string;
  open: Record<string, string>;
  requests?: FuzzRequest[];
}

export async function replay(dir: string, deadlineMs: number, log: (line: string) => void): Promise<boolean> {
  const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as SavedCase;
  const client = await TestClient.start();
  let ok = true;
  try {
    for (const [uri, text] of Object.entries(c.open)) client.open(uri, uri === c.uri && c.before !== undefined ? c.before : text);
    if (c.uri && c.before !== undefined && c.after !== undefined) client.change(c.uri, [{ text: c.after }]);
    for (const r of c.requests ?? []) {
      const t0 = performance.now();
      const answer = await Promise.race([
        client.request(r.method, r.params).then(
          () => 'answered',
          (e: Error) => `error: ${e.message}`,
        ),
        new Promise<string>((res) => setTimeout(() => res('TIMEOUT'), deadlineMs).unref()),
      ]);
      if (answer !== 'answered') ok = false;
      log(`${r.method} ${JSON.stringify(r.params).slice(0, 160)} → ${answer} (${(performance.now() - t0).toFixed(0)} ms)`);
    }
    for (const uri of Object.keys(c.open)) {
      const t0 = performance.now();
      try {
        const ds = await client.waitForDiagnostics(uri, () => true, deadlineMs);
        log(`diagnostics of ${uri}: ${ds.length} after ${(performance.now() - t0).toFixed(0)} ms`);
      } catch {
        ok = false;
        log(`diagnostics of ${uri}: none within ${deadlineMs} ms`);
      }
    }
    if (/\n\s+at /.test(client.stderr + client.logs.join('\n'))) {
      ok = false;
      log(`stack trace:\n${client.stderr}\n${client.logs.join('\n')}`);
    }
  } finally {
    if ((await client.stop()) !== 0) ok = false;
  }
  return ok;
}
