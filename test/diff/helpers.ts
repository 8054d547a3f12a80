/** A scratch git repository with a committed contract, and the real CLI run in it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI, ROOT, scratchDir } from '../helpers/paths.ts';

let built = false;
/** Builds dist/ once per test process (esbuild, well under a second), so the tests run the real bundle. */
export function buildCli(): void {
  if (built && existsSync(CLI)) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' } });
}

/** `git init` in a new scratch folder with the given files committed on `main`. */
export function makeRepo(files: Record<string, string>, prefix = 'cl-diff-'): string {
  const dir = scratchDir(prefix);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [path, text] of Object.entries(files)) writeFile(dir, path, text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

export function writeFile(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

export function readFile(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** 1-based line of the only line containing `needle`; fails loudly when absent or ambiguous. */
export function lineOf(text: string, needle: string): number {
  const lines = text.split('\n');
  const hits = lines.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter(Boolean);
  if (hits.length !== 1) throw new Error(`expected exactly one line containing ${JSON.stringify(needle)}, found ${hits.length}`);
  return hits[0];
}
