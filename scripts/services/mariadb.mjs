// Throwaway MariaDB server for one test run (harness contract in scripts/services/index.mjs).
// Installs Debian's `mariadb-server` when mariadbd/mysqld are missing, runs mariadb-install-db into a temp folder,
// listens on 127.0.0.1 at a free port with its Unix socket inside that folder. Grant tables are real (no
// --skip-grant-tables): an admin login loads data and proves the sandbox holds for a privileged user, a reader login
// can only SELECT (what a user should connect with). Runs as the `mysql` system user when we are root.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.mjs';

/** Folder name prefix under the run's tmpRoot, so index.mjs can reap a server whose run was killed. */
export const folderPrefix = 'mariadb-';
export const DATABASE = 'contractlens_test';
export const ADMIN = 'contractlens_admin';
export const READER = 'contractlens_reader';

function which(bin) {
  const res = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** The server, installer and client binaries (MariaDB names first, then MySQL-compatible ones). */
function findBinaries() {
  const server = which('mariadbd') ?? which('mysqld') ?? (existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : undefined);
  const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
  const client = which('mariadb') ?? which('mysql');
  return server && installDb && client ? { server, installDb, client } : undefined;
}

function ensureInstalled() {
  let bins = findBinaries();
  if (bins) return bins;
  if (process.getuid?.() !== 0) {
    throw new Error('MariaDB (mariadbd, mariadb-install-db) is not installed and installing it needs root: apt-get install -y mariadb-server');
  }
  console.error('[services] installing MariaDB from Debian packages (apt-get install -y mariadb-server)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = ['install', '-y', '--no-install-recommends', 'mariadb-server'];
  let install = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install = spawnSync('apt-get', args, { stdio: 'inherit', env });
  }
  bins = findBinaries();
  if (install.status !== 0 || !bins) throw new Error('apt-get install mariadb-server failed; see the output above');
  return bins;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidOf(home) {
  try {
    return Number(readFileSync(join(home, 'mariadbd.pid'), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM (a clean shutdown), then SIGKILL after 10 s; synchronous so it can run in an exit handler. */
function killServer(home) {
  const pid = pidOf(home);
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + 10_000;
  while (alive(pid) && Date.now() < until) spawnSync('sleep', ['0.1']);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

function sqlLiteral(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export async function start({ tmpRoot }) {
  const bins = ensureInstalled();
  const home = mkdtempSync(join(tmpRoot, folderPrefix));
  const data = join(home, 'data');
  const socket = join(home, 'mariadb.sock');
  const stopServer = () => {
    killServer(home);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    mkdirSync(data);
    const asRoot = process.getuid?.() === 0;
    let user = [];
    if (asRoot) {
      // mariadbd refuses to run as root unless told to; its own system user is the normal way.
      const uid = Number(execFileSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).trim());
      chownSync(home, uid, gid);
      chownSync(data, uid, gid);
      user = ['--user=mysql'];
    }
    const install = spawnSync(bins.installDb, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=socket',
      '--skip-test-db', '--skip-name-resolve'], { encoding: 'utf8', cwd: home });
    if (install.status !== 0) throw new Error(`mariadb-install-db failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
    const port = await freePort();
    const child = spawn(bins.server, ['--no-defaults', `--datadir=${data}`, ...user, `--socket=${socket}`, `--port=${port}`,
      '--bind-address=127.0.0.1', `--pid-file=${join(home, 'mariadbd.pid')}`, `--log-error=${join(home, 'server.log')}`,
      '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=64M', '--innodb-flush-log-at-trx-commit=0',
      '--character-set-server=utf8mb4', '--collation-server=utf8mb4_bin', '--default-time-zone=+00:00'],
    { stdio: 'ignore', detached: true });
    child.unref();
    // Ready when the root login over the socket answers (auth by the OS user: we are root, or the server's owner).
    const client = (sql) => spawnSync(bins.client, ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', sql], { encoding: 'utf8' });
    const until = Date.now() + 60_000;
    for (;;) {
      if (client('SELECT 1').status === 0) break;
      if (child.exitCode !== null || Date.now() > until) {
        const log = existsSync(join(home, 'server.log')) ? readFileSync(join(home, 'server.log'), 'utf8').slice(-2000) : '';
        throw new Error(`mariadbd did not start:\n${log}`);
      }
      await sleep(200);
    }
    const adminPassword = randomBytes(12).toString('hex');
    const readerPassword = randomBytes(12).toString('hex');
    const setup = client([
      `CREATE DATABASE ${DATABASE}`,
      `CREATE USER '${ADMIN}'@'%' IDENTIFIED BY ${sqlLiteral(adminPassword)}`,
      `GRANT ALL PRIVILEGES ON *.* TO '${ADMIN}'@'%' WITH GRANT OPTION`,
      `CREATE USER '${READER}'@'%' IDENTIFIED BY ${sqlLiteral(readerPassword)}`,
      `GRANT SELECT, SHOW VIEW ON ${DATABASE}.* TO '${READER}'@'%'`,
    ].join(';'));
    if (setup.status !== 0) throw new Error(`creating the test logins failed:\n${setup.stderr}`);
    const url = (u, pw) => `mysql://${u}:${pw}@127.0.0.1:${port}/${DATABASE}`;
    return {
      env: {
        CONTRACTLENS_TEST_MYSQL_URL: url(READER, readerPassword),
        CONTRACTLENS_TEST_MYSQL_ADMIN_URL: url(ADMIN, adminPassword),
        CONTRACTLENS_TEST_MYSQL_HOST: '127.0.0.1',
        CONTRACTLENS_TEST_MYSQL_PORT: String(port),
        CONTRACTLENS_TEST_MYSQL_DATABASE: DATABASE,
        CONTRACTLENS_TEST_MYSQL_USER: READER,
        CONTRACTLENS_TEST_MYSQL_PASSWORD: readerPassword,
        CONTRACTLENS_TEST_MYSQL_ADMIN: ADMIN,
        CONTRACTLENS_TEST_MYSQL_ADMIN_PASSWORD: adminPassword,
        CONTRACTLENS_TEST_MYSQL_SOCKET: socket,
      },
      stop: async () => stopServer(),
      stopSync: stopServer,
      folder: home,
    };
  } catch (err) {
    stopServer();
    throw err;
  }
}

/** Stops a server left behind by a run that was killed outright (SIGKILL): its folder is all that is known. */
export function reap(folder) {
  killServer(folder);
  rmSync(folder, { recursive: true, force: true });
}
