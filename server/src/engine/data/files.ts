/**
 * Data files on disk for the data layer: glob expansion, folder listing, symlink resolution and the containment
 * check that keeps a contract from pointing the engine at files outside the workspace (`path: ~/.ssh/id_rsa`).
 * Read-only: only stat, readdir and realpath are used.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { globRegExp, hasGlobMagic } from '../workspace/glob.js';

/** A glob may not walk more entries than this (a `/**` pattern must not scan a whole disk). */
const MAX_VISITED = 100_000;

export { hasGlobMagic };

/** Files matching an absolute glob pattern, sorted. Symbolic links to files are included (checked later). */
export function expandGlob(pattern: string): string[] {
  const posix = pattern.split(sep).join('/');
  const segments = posix.split('/');
  const firstMagic = segments.findIndex(hasGlobMagic);
  if (firstMagic < 0) return [pattern];
  const base = segments.slice(0, firstMagic).join('/') || '/';
  const rest = segments.slice(firstMagic);
  const regex = globRegExp(rest);
  const maxDepth = rest.includes('**') ? 32 : rest.length;
  const out: string[] = [];
  let visited = 0;
  const walk = (dir: string, rel: string, depth: number): void => {
    if (depth > maxDepth || visited > MAX_VISITED) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++visited > MAX_VISITED) return;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full, childRel, depth + 1);
      else if ((e.isFile() || e.isSymbolicLink()) && regex.test(childRel)) out.push(full);
    }
  };
  walk(base, '', 1);
  return out.sort();
}

/** Files directly inside a folder whose extension is one of `exts` (lower case, with dot), sorted. */
export function listFolder(dir: string, exts: string[]): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  return entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && exts.some((x) => e.name.toLowerCase().endsWith(x)))
    .map((e) => join(dir, e.name))
    .sort();
}

export function statKind(path: string): 'file' | 'dir' | 'missing' | 'other' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

export function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Whether a (real) path may be read: inside the root or inside one of the explicitly allowed paths (a file or a
 * folder). Both sides are compared after following symbolic links.
 */
export function isAllowedPath(realPath: string, root: string, allowPaths: readonly string[] = []): boolean {
  if (isInside(realPath, realpathOrSelf(root))) return true;
  return allowPaths.some((a) => isInside(realPath, realpathOrSelf(a)));
}

/** The default `--root`: the enclosing git repository (a folder holding `.git`), else the folder itself. */
export function defaultRoot(startDir: string): string {
  let dir = resolve(startDir);
  for (;;) {
    try {
      realpathSync(join(dir, '.git'));
      return dir;
    } catch {
      /* keep climbing */
    }
    const up = dirname(dir);
    if (up === dir) return resolve(startDir);
    dir = up;
  }
}
