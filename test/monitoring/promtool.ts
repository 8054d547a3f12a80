/** promtool from the Prometheus the test services installed (scripts/services/prometheus.mjs); never skipped. */
import { spawnSync } from 'node:child_process';

export function promtool(args: string[], input?: string): { status: number | null; out: string } {
  const bin = process.env.CONTRACTLENS_TEST_PROMTOOL;
  if (!bin) throw new Error('CONTRACTLENS_TEST_PROMTOOL is not set: run the tests through scripts/run-tests.mjs, which starts scripts/services/prometheus.mjs');
  const r = spawnSync(bin, args, { input, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
