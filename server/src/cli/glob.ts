/**
 * Glob patterns on the command line, for shells that do not expand them (or quoted ones, as CI configs write):
 * `*`, `?`, `**`, `[abc]`, `[!abc]`, `{a,b}`. Node 20 has no `fs.glob`, and this small subset is all contract paths
 * need, so no dependency. Only files match; folders are walked from the pattern's literal prefix, without following
 * symbolic links and skipping dot folders and node_modules unless the pattern names them.
 */
import { promises as fs } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { globRegExp, hasGlobMagic } from '../engine/workspace/index.js';

/** Safety cap: a pattern like `/**` must not walk a whole disk. */
const MAX_VISITED = 200_000;

export { hasGlobMagic as isGlob };

/** Absolute paths of the files matching `pattern`, sorted. */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const posix = pattern.replace(/\\/g, '/');
  const segments = posix.split('/');
  const firstMagic = segments.findIndex(hasGlobMagic);
  const baseSegments = segments.slice(0, firstMagic);
  const rest = segments.slice(firstMagic);
  const base = resolve(cwd, baseSegments.join('/') || (isAbsolute(posix) ? '/' : '.'));
  const matcher = globRegExp(rest);
  const fixedDepth = rest.includes('**') ? Infinity : rest.length;
  const namesHidden = rest.some((s) => s.startsWith('.') || s.includes('node_modules'));
  const out: string[] = [];
  let visited = 0;
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    if (depth > fixedDepth || visited > MAX_VISITED) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      visited++;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!namesHidden && (e.name.startsWith('.') || e.name === 'node_modules')) continue;
        await walk(join(dir, e.name), childRel, depth + 1);
      } else if (e.isFile() && matcher.test(childRel)) {
        out.push(join(dir, e.name));
      }
    }
  };
  await walk(base, '', 1);
  return out.sort();
}
