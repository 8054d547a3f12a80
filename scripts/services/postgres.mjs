// Throwaway PostgreSQL cluster for one test run (harness contract in scripts/services/index.mjs).
// Installs Debian's `postgresql` package when initdb/pg_ctl are missing, initdb's into a temp folder, listens on
// 127.0.0.1 at a free port with its Unix socket inside that folder, and runs as the `postgres` system user when we are
// root (the server refuses to run as root). Two logins are created: a superuser (to load data and to prove that the
// sandbox holds even for a superuser) and a reader that can only read (what a user should connect with).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.mjs';

/** Folder name prefix under the run's tmpRoot, so index.mjs can reap a cluster whose run was killed. */
export const folderPrefix = 'pg-';
export const DATABASE = 'contractlens_test';
export const SUPERUSER = 'contractlens_admin';
export const READER = 'contractlens_reader';

/** The folder holding initdb/pg_ctl/postgres/psql: PATH first, then Debian's versioned folders, highest first. */
function findBinDir() {
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  const onPath = which.status === 0 ? which.stdout.trim() : '';
  if (onPath && existsSync(onPath.replace(/pg_ctl$/, 'initdb'))) {
    // /usr/local/bin symlinks resolve to the real folder, which also has psql.
    const real = execFileSync('readlink', ['-f', onPath], { encoding: 'utf8' }).trim();
    return real.replace(/\/pg_ctl$/, '');
  }
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], 'bin') : undefined;
}

function ensureInstalled() {
  let dir = findBinDir();
  if (dir) return dir;
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL (initdb, pg_ctl) is not installed and installing it needs root: apt-get install -y postgresql');
  }
  console.error('[services] installing PostgreSQL from Debian packages (apt-get install -y postgresql)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  }
  dir = findBinDir();
  if (install.status !== 0 || !dir) throw new Error('apt-get install postgresql failed; see the output above');
  return dir;
}

/** Runs a PostgreSQL binary as the user that may run the server: `postgres` when we are root, else ourselves. */
function runner(binDir) {
  const asRoot = process.getuid?.() === 0;
  return (bin, args, options = {}) => {
    const exe = join(binDir, bin);
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
    const res = spawnSync(cmd, argv, { encoding: 'utf8', ...options });
    if (res.status !== 0 && !options.allowFailure) {
      throw new Error(`${bin} ${args.join(' ')} failed (exit ${res.status}):\n${res.stdout ?? ''}${res.stderr ?? ''}`);
    }
    return res;
  };
}

function sqlLiteral(text) {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `envPrefix` names the variables (default `CONTRACTLENS_TEST_PG_`): a second cluster (postgres-replica.mjs) is the
 * same code under another prefix.
 */
export async function start({ tmpRoot, envPrefix = 'CONTRACTLENS_TEST_PG_', folderPrefix: prefix = folderPrefix }) {
  const binDir = ensureInstalled();
  const run = runner(binDir);
  const home = mkdtempSync(join(tmpRoot, prefix));
  const data = join(home, 'data');
  const stopCluster = () => {
    if (existsSync(join(data, 'postmaster.pid'))) run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'], { allowFailure: true });
    rmSync(home, { recursive: true, force: true });
  };
  try {
    if (process.getuid?.() === 0) {
      const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(home, Number(ids), Number(gid));
    }
    const adminPassword = randomBytes(12).toString('hex');
    const readerPassword = randomBytes(12).toString('hex');
    const pwfile = join(home, 'pw');
    writeFileSync(pwfile, adminPassword + '\n', { mode: 0o644 });
    // Password login over TCP (so tests exercise PGPASSWORD and friends); trust only on the private socket folder.
    run('initdb', ['-D', data, '-U', SUPERUSER, '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust',
      '-E', 'UTF8', '--locale=C', '--no-sync'], { cwd: home });
    rmSync(pwfile, { force: true });
    const port = await freePort();
    run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(home, 'server.log'), '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${home} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`],
      { cwd: home });
    const psql = (db, sql) => run('psql', ['-h', home, '-p', String(port), '-U', SUPERUSER, '-d', db, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { cwd: home });
    psql('postgres', `CREATE DATABASE ${DATABASE}`);
    psql(DATABASE, [
      `CREATE ROLE ${READER} LOGIN PASSWORD ${sqlLiteral(readerPassword)} NOSUPERUSER NOCREATEDB NOCREATEROLE`,
      `GRANT pg_read_all_data TO ${READER}`,
    ].join(';'));
    const url = (user, pw) => `postgres://${user}:${pw}@127.0.0.1:${port}/${DATABASE}`;
    return {
      env: {
        [`${envPrefix}URL`]: url(READER, readerPassword),
        [`${envPrefix}SUPERUSER_URL`]: url(SUPERUSER, adminPassword),
        [`${envPrefix}HOST`]: '127.0.0.1',
        [`${envPrefix}PORT`]: String(port),
        [`${envPrefix}DATABASE`]: DATABASE,
        [`${envPrefix}USER`]: READER,
        [`${envPrefix}PASSWORD`]: readerPassword,
        [`${envPrefix}SUPERUSER`]: SUPERUSER,
        [`${envPrefix}SUPERUSER_PASSWORD`]: adminPassword,
        [`${envPrefix}SOCKET_DIR`]: home,
      },
      stop: async () => stopCluster(),
      stopSync: stopCluster,
      folder: home,
    };
  } catch (err) {
    stopCluster();
    throw err;
  }
}

/** Stops a cluster left behind by a run that was killed outright (SIGKILL): its folder is all that is known. */
export function reap(folder) {
  const binDir = findBinDir();
  const data = join(folder, 'data');
  if (binDir && existsSync(join(data, 'postmaster.pid'))) runner(binDir)('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w'], { allowFailure: true });
  rmSync(folder, { recursive: true, force: true });
}
