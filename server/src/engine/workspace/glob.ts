/**
 * Glob patterns → regular expressions: `*`, `?`, `**`, `[abc]`, `[!abc]`, `{a,b}` (nested). The one implementation,
 * used for contract paths on the command line (cli/glob.ts) and for data paths in a contract's servers
 * (engine/data/files.ts); each walks the disk with its own policy (hidden folders, symbolic links, limits).
 */

export function hasGlobMagic(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}

/** Path segments → a regex over the `/`-separated path relative to the base. `**` matches any number of folders. */
export function globRegExp(segments: string[]): RegExp {
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
