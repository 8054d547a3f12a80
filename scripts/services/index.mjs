// Throwaway servers for one test run (PostgreSQL now; MariaDB, Prometheus… each one file beside this one).
//
// Contract every service module follows:
//   export const folderPrefix: string                       its folder under tmpRoot, e.g. 'pg-'
//   export async function start({ tmpRoot }) => { env, stop: () => Promise<void>, stopSync?: () => void }
//   export function reap(folder): void                       stops and removes what a killed run left in `folder`
// It installs its Debian package with apt-get when the binaries are missing, binds 127.0.0.1 on a free port, keeps
// its data and socket in its folder, and `stop` removes everything. `env` holds CONTRACTLENS_TEST_* variables that
// scripts/run-tests.mjs hands to the tests.
//
// startServices() makes one run folder `contractlens-services-<pid>` in the OS temp folder and stops every service
// on exit, SIGINT, SIGTERM and SIGHUP; a run killed with SIGKILL leaves its folder, which the next run reaps.
import { existsSync, chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every service the tests use, in start order. */
export const serviceNames = ['postgres', 'postgres-replica', 'mariadb', 'prometheus'];

const modules = {
  postgres: () => import('./postgres.mjs'),
  'postgres-replica': () => import('./postgres-replica.mjs'),
  mariadb: () => import('./mariadb.mjs'),
  prometheus: () => import('./prometheus.mjs'),
};

const running = [];
let handlersInstalled = false;
let runFolder;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function reapStale() {
  const base = tmpdir();
  for (const name of readdirSync(base)) {
    const m = /^contractlens-services-(\d+)-/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const folder = join(base, name);
    for (const service of serviceNames) {
      const mod = await modules[service]();
      for (const sub of readdirSync(folder)) if (sub.startsWith(mod.folderPrefix)) mod.reap(join(folder, sub));
    }
    rmSync(folder, { recursive: true, force: true });
  }
}

function stopAllSync() {
  while (running.length) {
    const svc = running.pop();
    try {
      svc.stopSync ? svc.stopSync() : void svc.stop();
    } catch (err) {
      console.error(`[services] stopping ${svc.name}: ${err.message}`);
    }
  }
  if (runFolder) rmSync(runFolder, { recursive: true, force: true });
  runFolder = undefined;
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', stopAllSync);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      stopAllSync();
      process.exit(code);
    });
  }
}

/** Starts the named services (all by default) and returns the union of their env variables. */
export async function startServices(names = serviceNames) {
  installHandlers();
  await reapStale();
  if (!runFolder) {
    runFolder = mkdtempSync(join(tmpdir(), `contractlens-services-${process.pid}-`));
    // Servers run as their own system user (postgres refuses root): they must be able to reach their sub-folder.
    chmodSync(runFolder, 0o755);
    writeFileSync(join(runFolder, 'README'), 'Throwaway test servers of a Contract Lens test run; removed when it ends.\n');
  }
  const env = {};
  for (const name of names) {
    if (!modules[name]) throw new Error(`unknown service ${name}; known: ${serviceNames.join(', ')}`);
    const started = Date.now();
    const mod = await modules[name]();
    const svc = await mod.start({ tmpRoot: runFolder });
    running.push({ name, ...svc });
    Object.assign(env, svc.env);
    console.error(`[services] ${name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return env;
}

/** Stops every started service and removes the run folder. */
export async function stopAll() {
  while (running.length) {
    const svc = running.pop();
    try {
      await svc.stop();
    } catch (err) {
      console.error(`[services] stopping ${svc.name}: ${err.message}`);
    }
  }
  if (runFolder && existsSync(runFolder)) rmSync(runFolder, { recursive: true, force: true });
  runFolder = undefined;
}
