// Throwaway Prometheus for one test run (harness contract in scripts/services/index.mjs).
// Installs Debian's `prometheus` package (which brings promtool) when the binaries are missing — the package's own
// systemd service is never used: we run the binary with our own config, a temp storage folder and a loopback port.
//
// The scrape target is reserved up front: the config scrapes 127.0.0.1:<targetPort> every second, and the test that
// starts `contractlens serve` listens on exactly that port. Alert rules go to <rulesFile>, loaded again on
// POST /-/reload (--web.enable-lifecycle), so a test can install the rules `contractlens alerts` wrote.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.mjs';

export const folderPrefix = 'prometheus-';

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function ensureInstalled() {
  if (which('prometheus') && which('promtool')) return { prometheus: which('prometheus'), promtool: which('promtool') };
  if (process.getuid?.() !== 0) throw new Error('Prometheus is not installed and installing it needs root: apt-get install -y prometheus');
  console.error('[services] installing Prometheus from Debian packages (apt-get install -y prometheus)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env });
  }
  if (install.status !== 0 || !which('prometheus') || !which('promtool')) throw new Error('apt-get install prometheus failed; see the output above');
  // The package may have started its service where an init system exists: ours does not depend on it either way.
  return { prometheus: which('prometheus'), promtool: which('promtool') };
}

function config(targetPort, rulesFile) {
  return `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - ${JSON.stringify(rulesFile)}
scrape_configs:
  - job_name: contractlens
    scrape_interval: 1s
    scrape_timeout: 900ms
    static_configs:
      - targets: ['127.0.0.1:${targetPort}']
`;
}

async function waitReady(url, child, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${readFileSync(log, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`prometheus not ready after 60 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
}

function killPidFile(home) {
  const pidFile = join(home, 'prometheus.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export async function start({ tmpRoot }) {
  const bins = ensureInstalled();
  const home = mkdtempSync(join(tmpRoot, folderPrefix));
  const [port, targetPort] = [await freePort(), await freePort()];
  const rulesFile = join(home, 'rules.yml');
  writeFileSync(rulesFile, 'groups: []\n');
  writeFileSync(join(home, 'prometheus.yml'), config(targetPort, rulesFile));
  mkdirSync(join(home, 'data'));
  const log = join(home, 'prometheus.log');
  const out = openSync(log, 'a');
  const child = spawn(bins.prometheus, [
    `--config.file=${join(home, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(home, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
    '--storage.tsdb.retention.time=1h',
  ], { stdio: ['ignore', out, out] });
  writeFileSync(join(home, 'prometheus.pid'), String(child.pid));
  const url = `http://127.0.0.1:${port}`;
  const stopSync = () => {
    killPidFile(home);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, log);
  } catch (err) {
    stopSync();
    throw err;
  }
  return {
    env: {
      CONTRACTLENS_TEST_PROMETHEUS_URL: url,
      CONTRACTLENS_TEST_PROMETHEUS_TARGET_PORT: String(targetPort),
      CONTRACTLENS_TEST_PROMETHEUS_RULES: rulesFile,
      CONTRACTLENS_TEST_PROMTOOL: bins.promtool,
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      }
      stopSync();
    },
    stopSync,
  };
}

/** A run killed with SIGKILL left its Prometheus running: stop it and remove its folder. */
export function reap(folder) {
  killPidFile(folder);
  rmSync(folder, { recursive: true, force: true });
}
