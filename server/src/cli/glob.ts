/**
 * Glob patterns on the command line, for shells that do not expand them (or quoted ones, as CI configs write):
 * `*`, `?`, `**`, `[abc]`, `[!abc]`, `{a,b}`. Node 20 has no `fs.glob`, and this small subset is all contract paths
 * need, so no dependency. Only files match; folders are walked from the pattern's literal prefix, without following
 * symbolic links and skipping dot folders and node_modules unless the pattern names them.
 */
import { promises as fs } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Safety cap: a pattern like `/**` must not walk a whole disk. */
const MAX_VISITED = 200_000;

export function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/** Absolute paths of the files matching `pattern`, sorted. */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const posix = pattern.replace(/\\/g, '/');
  const segments = posix.split('/');
  const firstMagic = segments.findIndex(isGlob);
  const baseSegments = segments.slice(0, firstMagic);
  const rest = segments.slice(firstMagic);
  const base = resolve(cwd, baseSegments.join('/') || (isAbsolute(posix) ? '/' : '.'));
  const matcher = compile(rest);
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

/** Path segments → a regex over the `/`-separated path relative to the base. `**` matches any number of folders. */
function compile(segments: string[]): RegExp {
  let re = '';
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') re += last ? '.*' : '(?:[^/]+/)*';
    else re += patternToRegex(seg) + (last ? '' : '/');
  });
  return new RegExp(`^${re}$`);
}

function patternToRegex(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        let body = p.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = matchingBrace(p, i);
      if (close === -1) out += '\\{';
      else {
        out += `(?:${splitTopLevel(p.slice(i + 1, close)).map(patternToRegex).join('|')})`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return out;
}

function matchingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
