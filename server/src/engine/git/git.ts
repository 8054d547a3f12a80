/**
 * Reading contracts as they were at a git revision: `git show REF:path`, `git ls-tree`, `git merge-base`. Never a
 * checkout, never a change to the working tree or the index (GIT_OPTIONAL_LOCKS=0 keeps even `status`-like commands
 * from refreshing the index), always `execFile` with an argument list: no shell, so no quoting problems and no
 * injection through a file or ref name.
 */
import { execFile, spawn } from 'node:child_process';

export class GitError extends Error {
  constructor(message: string, readonly stderr = '') {
    super(message);
  }
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Contracts are small, but a repository listing can be long: allow 256 MiB of output. */
const MAX_BUFFER = 256 * 1024 * 1024;

export function runGit(cwd: string, args: string[], signal?: AbortSignal): Promise<GitResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', '--no-pager', ...args],
      { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER, signal, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, windowsHide: true },
      (error, stdout, stderr) => {
        const err = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
        if (err && err.code === 'ENOENT') return reject(new GitError('git is not installed or not on the PATH.'));
        if (err && typeof err.code !== 'number' && err.name === 'AbortError') return reject(err);
        if (err && typeof err.code !== 'number' && !(stderr as Buffer)?.length) return reject(new GitError(`git ${args[0]} failed: ${err.message}`));
        resolvePromise({ stdout: stdout as Buffer, stderr: (stderr as Buffer).toString('utf8'), code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
      },
    );
  });
}

/** The top folder of the work tree containing `cwd`, or undefined outside a repository. */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  const r = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** The commit a ref names, or undefined when it does not exist (a typo, a branch not fetched). */
export async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined; // never let a ref be read as an option
  const r = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/**
 * The default base of a comparison: the merge base of HEAD with the default branch (origin's HEAD, else `main`,
 * else `master`, local or remote), else HEAD itself. On the default branch that is HEAD: uncommitted changes.
 */
export async function defaultBase(root: string): Promise<{ ref: string; commit: string; description: string } | undefined> {
  const head = await resolveCommit(root, 'HEAD');
  if (!head) return undefined;
  const candidates: string[] = [];
  const originHead = await runGit(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (originHead.code === 0) candidates.push(originHead.stdout.toString('utf8').trim());
  candidates.push('origin/main', 'origin/master', 'main', 'master');
  for (const branch of candidates) {
    if (!(await resolveCommit(root, branch))) continue;
    const mb = await runGit(root, ['merge-base', 'HEAD', branch]);
    if (mb.code === 0) {
      const commit = mb.stdout.toString('utf8').trim();
      return { ref: commit === head ? 'HEAD' : branch, commit, description: commit === head ? 'HEAD' : `merge base with ${branch} (${commit.slice(0, 12)})` };
    }
  }
  return { ref: 'HEAD', commit: head, description: 'HEAD' };
}

/** Files (paths relative to the root, `/`-separated) at a commit, under the given relative paths ('' = all). */
export async function listFilesAt(root: string, commit: string, under: string[]): Promise<string[]> {
  const r = await runGit(root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit, '--', ...under.map((u) => (u === '' ? '.' : u))]);
  if (r.code !== 0) throw new GitError(`Cannot list files at ${commit.slice(0, 12)}: ${r.stderr.trim()}`, r.stderr);
  return r.stdout.toString('utf8').split('\0').filter(Boolean);
}

/**
 * Many files at one commit through ONE `git cat-file --batch` process (a repository with hundreds of contracts would
 * otherwise start hundreds of processes). Paths missing at the commit map to undefined.
 */
export function readFilesAt(root: string, commit: string, relPaths: string[]): Promise<Map<string, Buffer | undefined>> {
  const out = new Map<string, Buffer | undefined>();
  // A path with a newline cannot be asked for on a line: read it on its own.
  const lines = relPaths.filter((p) => !/[\r\n]/.test(p));
  const odd = relPaths.filter((p) => /[\r\n]/.test(p));
  return new Promise<Map<string, Buffer | undefined>>((resolvePromise, reject) => {
    if (lines.length === 0) return resolvePromise(out);
    const child = spawn('git', ['-c', 'core.fsmonitor=false', 'cat-file', '--batch'], { cwd: root, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' }, windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => reject(new GitError(e.code === 'ENOENT' ? 'git is not installed or not on the PATH.' : `git cat-file failed: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim()}`, stderr));
      const buf = Buffer.concat(chunks);
      let pos = 0;
      for (const path of lines) {
        const nl = buf.indexOf(0x0a, pos);
        if (nl < 0) break;
        const header = buf.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) {
          out.set(path, undefined); // "<name> missing" or "ambiguous"
          continue;
        }
        const size = Number(m[2]);
        out.set(path, m[1] === 'blob' ? buf.subarray(pos, pos + size) : undefined);
        pos += size + 1;
      }
      resolvePromise(out);
    });
    child.stdin.end(lines.map((p) => `${commit}:${p}\n`).join(''));
  }).then(async (m) => {
    for (const p of odd) m.set(p, await readFileAt(root, commit, p));
    return m;
  });
}

/** A file's bytes at a commit, or undefined when the path does not exist there. */
export async function readFileAt(root: string, commit: string, relPath: string): Promise<Buffer | undefined> {
  const r = await runGit(root, ['cat-file', 'blob', `${commit}:${relPath}`]);
  if (r.code !== 0) return undefined;
  return r.stdout;
}
