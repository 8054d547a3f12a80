/**
 * The layering of docs/ARCHITECTURE.md, enforced. Reads every TypeScript file of server/src and client/src as text
 * (no build needed) and fails when:
 *
 *  1. an engine file imports `lsp/`, `cli/`, `vscode`, `vscode-languageserver*`, `vscode-languageclient`,
 *     `vscode-jsonrpc`, or shared/protocol.ts (the only shared module that speaks LSP);
 *  2. shared/ imports anything of the project at run time other than shared/ (engine result shapes: `import type`);
 *  3. the client imports server code other than server/src/shared/;
 *  4. the LSP layer or the CLI imports an engine module that its engine folder does not list in the folder's
 *     `index.ts` (the folder's public surface: `export … from './module.js'` lines; see server/src/engine/README
 *     in docs/ARCHITECTURE.md, "Code map");
 *  5. any run-time import cycle exists (type-only imports and dynamic `import()` do not count: they create no
 *     module-evaluation order);
 *  6. an ANSI escape code is written outside server/src/cli/ (the engine's text reports take a TextStyle);
 *  7. a file URI is turned into a path anywhere but engine/workspace/uris.ts (`uriToPath`: one conversion, which
 *     answers undefined for untitled: and other schemes instead of throwing);
 *  8. a DataSession is opened anywhere but engine/data/open.ts (one way to open a data session, so every session
 *     gets the same data-access options: threads, memory limit, timeout, credentials).
 *
 * New engine folders need nothing here: the rule applies to whatever folders server/src/engine/ holds.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers/paths.ts';

interface Import {
  /** Resolved project file (repo-relative, `/`), or the bare package name. */
  target: string;
  /** `import type …`, `export type … from`, or every named specifier is `type X`. */
  typeOnly: boolean;
  dynamic: boolean;
  names: string[];
  line: number;
}

const SRC = ['server/src', 'client/src'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? tsFiles(f) : n.endsWith('.ts') && !n.endsWith('.d.ts') ? [f] : [];
  });
}

const rel = (abs: string) => relative(ROOT, abs).split('\\').join('/');

function resolveSpecifier(fromFile: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? spec : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  const abs = resolve(dirname(fromFile), spec);
  const candidates = [abs.replace(/\.js$/, '.ts'), abs + '.ts', join(abs, 'index.ts'), abs];
  return rel(candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? candidates[0]!);
}

/** Import and re-export statements of a file (comments removed first, so examples in comments do not count). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: Import[] = [];
  const lineOf = (i: number) => code.slice(0, i).split('\n').length;
  const stmt = /(^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(^|\n)\s*import\s+['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(stmt)) {
    const spec = m[5] ?? m[7]!;
    const clause = m[4] ?? '';
    const braces = /\{([^}]*)\}/.exec(clause)?.[1];
    const specifiers = braces ? braces.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const names = specifiers.map((s) => s.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim());
    const defaultOrNamespace = braces === undefined ? clause.trim() : clause.replace(/\{[^}]*\}/, '').replace(/,/g, '').trim();
    const typeOnly = !!m[3] || (specifiers.length > 0 && !defaultOrNamespace && specifiers.every((s) => s.startsWith('type ')));
    out.push({ target: resolveSpecifier(file, spec), typeOnly: m[7] ? false : typeOnly, dynamic: false, names, line: lineOf(m.index! + (m[1]?.length ?? 0)) });
  }
  for (const m of code.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ target: resolveSpecifier(file, m[1]!), typeOnly: false, dynamic: true, names: [], line: lineOf(m.index!) });
  return out;
}

const files = SRC.flatMap((d) => tsFiles(join(ROOT, d)));
const graph = new Map(files.map((f) => [rel(f), importsOf(f)]));
const where = (file: string, i: Import) => `${file}:${i.line} → ${i.target}`;

const LSP_PACKAGES = /^(vscode|vscode-languageserver.*|vscode-languageclient|vscode-jsonrpc)$/;

test('the engine knows nothing of the LSP, the CLI or VS Code', () => {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    if (!file.startsWith('server/src/engine/')) continue;
    for (const i of imports) {
      if (i.target.startsWith('server/src/lsp/') || i.target.startsWith('server/src/cli/') || LSP_PACKAGES.test(i.target) || i.target === 'server/src/shared/protocol.ts') bad.push(where(file, i));
    }
  }
  assert.deepEqual(bad, []);
});

test('shared/ depends on nothing of the project at run time', () => {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    if (!file.startsWith('server/src/shared/')) continue;
    for (const i of imports) {
      const project = i.target.startsWith('server/') || i.target.startsWith('client/');
      if (project && !i.target.startsWith('server/src/shared/') && !i.typeOnly) bad.push(where(file, i));
      if (!project && !i.target.startsWith('node:') && i.target !== 'vscode-languageserver-protocol') bad.push(where(file, i));
    }
  }
  assert.deepEqual(bad, []);
});

test('the client imports nothing of the server but server/src/shared/', () => {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    if (!file.startsWith('client/src/')) continue;
    for (const i of imports) if (i.target.startsWith('server/') && !i.target.startsWith('server/src/shared/')) bad.push(where(file, i));
  }
  assert.deepEqual(bad, []);
});

/** What an engine folder's index.ts makes public: the modules it re-exports from (`export … from './x.js'`). */
function publicModules(folderIndex: string): Set<string> {
  const out = new Set<string>([folderIndex]);
  for (const i of graph.get(folderIndex) ?? []) if (i.target.startsWith(dirname(folderIndex) + '/')) out.add(i.target);
  return out;
}

test('the LSP layer and the CLI use only what each engine folder exports from its index.ts', () => {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    if (!file.startsWith('server/src/lsp/') && !file.startsWith('server/src/cli/')) continue;
    for (const i of imports) {
      const m = /^server\/src\/engine\/([^/]+)\/.+/.exec(i.target);
      if (!m) continue; // files at the engine's root (analyze.ts, findings.ts) are public by being there
      const index = `server/src/engine/${m[1]}/index.ts`;
      if (!graph.has(index)) bad.push(`${where(file, i)}: server/src/engine/${m[1]}/ has no index.ts`);
      else if (!publicModules(index).has(i.target)) bad.push(`${where(file, i)}: not exported by ${index}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('no run-time import cycle', () => {
  // Tarjan's strongly connected components over static, value-carrying imports.
  const edges = new Map<string, string[]>();
  for (const [file, imports] of graph) edges.set(file, imports.filter((i) => !i.typeOnly && !i.dynamic && graph.has(i.target)).map((i) => i.target));
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  assert.deepEqual(cycles, []);
});

test('ANSI colours live in the CLI renderer only', () => {
  const bad = files.map(rel).filter((f) => !f.startsWith('server/src/cli/') && /\\x1b\[|\\u001b\[|\\033\[/.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(bad, []);
});

test('file URIs become paths in engine/workspace/uris.ts only (uriToPath)', () => {
  const converts = files.map(rel).filter((f) => /\bfileURLToPath\b/.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(converts, ['server/src/engine/workspace/uris.ts']);
});

test('a DataSession is opened in engine/data/open.ts only', () => {
  const opens = files.map(rel).filter((f) => /DataSession\.open\(/.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(opens, ['server/src/engine/data/open.ts']);
});

test('the import scanner sees what it must (a check of this test itself)', () => {
  const server = graph.get('server/src/lsp/server.ts') ?? [];
  // The LSP layer imports the package through one module (lsp/languageServer.ts: `export * from`).
  assert.ok((graph.get('server/src/lsp/languageServer.ts') ?? []).some((i) => i.target === 'vscode-languageserver'), 'finds package re-exports');
  assert.ok(server.some((i) => i.target.startsWith('server/src/lsp/')), 'resolves relative imports');
  const checks = graph.get('server/src/lsp/handlers/checks.ts') ?? [];
  assert.ok(checks.some((i) => i.dynamic), 'finds dynamic imports');
  assert.ok(checks.some((i) => i.typeOnly), 'tells type-only imports');
});
