/**
 * Runs a CommonJS bundle the way Node's loader does, but with V8's code cache: the bytecode of the bundle's top level
 * and of every function that ran in a first process is saved to a file, and the next process deserialises it
 * instead of parsing and compiling 2.3 MB of JavaScript again (docs/ARCHITECTURE.md, "Start").
 *
 * Node 20 has no built-in cache for user code (`module.enableCompileCache` is Node 22), so this is the
 * `v8-compile-cache` approach, with one rule: a cache is used only when it is certainly this bundle's and intact,
 * and every failure (no cache directory, a read-only disk, a truncated or corrupt file, another Node or V8, other
 * V8 flags) falls back silently to a normal compile. How:
 *   - the file name holds the bundle's CRC-32 and length (a changed bundle never finds an old cache), the Node
 *     version, the architecture and the cache's purpose (the sub-command: `lsp`, `lint`…; each caches the functions
 *     it runs);
 *   - the file holds a magic and the CRC-32 of the payload: V8 itself checks its version, flags and the source
 *     length, but not the payload's checksum in release builds;
 *   - files are written to a temporary name and renamed, so a reader never sees half a file;
 *   - V8 rejects data it cannot use (`cachedDataRejected`): the process then compiles normally and writes a new cache.
 * The cache is made when the code says its start is over (shared/codeCache.ts: the language server, once `initialize`
 * is answered), else `SAVE_AFTER_MS` after start or at exit, whichever comes first (a CLI command: what it ran).
 * What it holds is loaded at every start, so more is not better: the server's cache holds its start only.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants as vmConstants, Script } from 'node:vm';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { CODE_CACHE_CHECKPOINT } from '../shared/codeCache.js';

/** `CONTRACTLENS_CODE_CACHE`: unset = the user's cache directory; `off` = no cache; anything else = that directory. */
export const CODE_CACHE_ENV = 'CONTRACTLENS_CODE_CACHE';
/** `CONTRACTLENS_CODE_CACHE_DEBUG=1` prints what happened to stderr (tests and `bench/start.mjs`). */
export const CODE_CACHE_DEBUG_ENV = 'CONTRACTLENS_CODE_CACHE_DEBUG';

const MAGIC = Buffer.from('CLV8CC01', 'latin1');
const HEADER_BYTES = MAGIC.length + 4;
const SAVE_AFTER_MS = 5000;
/**
 * When a cache is saved, older files go: those not written for PRUNE_AFTER_MS, and all but the newest MAX_FILES (a
 * developer's rebuilds make a new set per build; each file is 0.5-1 MB). A cache deleted while in use is simply made
 * again by the next start.
 */
const PRUNE_AFTER_MS = 14 * 24 * 3600 * 1000;
const MAX_FILES = 24;
const SUFFIX = '.v8cache';

/** zlib.crc32 is Node ≥ 20.15: without it, no cache (an older runtime, e.g. an older editor's). */
const crc32: ((data: Uint8Array) => number) | undefined = typeof zlibCrc32 === 'function' ? zlibCrc32 : undefined;

interface ModuleLike {
  exports: unknown;
}

/**
 * Compiles and runs `file` as CommonJS with `module`/`require` of the caller (so that `require.main === module`
 * holds in the bundle as when Node runs it directly), using and refreshing a code cache for `purpose`.
 */
export function runWithCodeCache(file: string, module: ModuleLike, require: NodeJS.Require, purpose: string): void {
  const bytes = readFileSync(file);
  const cacheFile = cacheFileFor(bytes, purpose);
  const read = cacheFile ? readCache(cacheFile) : { problem: 'off' as const };
  const cached = 'payload' in read ? read.payload : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8')}\n})`, {
    filename: file,
    cachedData: cached,
    // `import()` inside the bundle resolves as in a module Node loaded itself (Node ≥ 20.?; undefined before).
    importModuleDynamically: (vmConstants as Partial<typeof vmConstants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const accepted = cached !== undefined && !script.cachedDataRejected;
  debug(`${purpose}: ${'problem' in read ? read.problem : accepted ? 'cache accepted' : 'cache rejected by V8'}${cacheFile ? ` (${cacheFile})` : ''}`);
  if (cacheFile && !accepted) scheduleSave(script, cacheFile);
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, file, dirname(file));
}

/** The cache file for this bundle and purpose, or undefined when caching is off or impossible here. */
export function cacheFileFor(bytes: Uint8Array, purpose: string): string | undefined {
  const dir = cacheDir();
  if (!dir || !crc32) return undefined;
  const safePurpose = /^[a-z][a-z0-9-]{0,30}$/.test(purpose) ? purpose : 'other';
  const id = `${crc32(bytes).toString(16).padStart(8, '0')}-${bytes.length}`;
  return join(dir, `${safePurpose}-${id}-node${process.versions.node}-${process.arch}${SUFFIX}`);
}

function cacheDir(): string | undefined {
  const setting = process.env[CODE_CACHE_ENV];
  if (setting === 'off') return undefined;
  if (setting) return setting;
  try {
    const home = homedir();
    if (process.platform === 'win32') return join(process.env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'contractlens', 'code-cache');
    if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'contractlens', 'code-cache');
    return join(process.env.XDG_CACHE_HOME || join(home, '.cache'), 'contractlens', 'code-cache');
  } catch {
    return undefined; // no home directory: no cache
  }
}

/** The payload of an intact cache file, or why there is none (missing, not ours or truncated, corrupt). */
export function readCache(file: string): { payload: Buffer } | { problem: 'no cache' | 'not a cache' | 'corrupt cache' } {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return { problem: 'no cache' };
  }
  if (data.length <= HEADER_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) return { problem: 'not a cache' };
  const payload = data.subarray(HEADER_BYTES);
  return crc32!(payload) === data.readUInt32LE(MAGIC.length) ? { payload } : { problem: 'corrupt cache' };
}

/** The file format of readCache: magic, CRC-32 of the payload (little-endian), V8's payload. */
export function encodeCache(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(crc32!(payload), MAGIC.length);
  return Buffer.concat([header, payload]);
}

function scheduleSave(script: Script, file: string): void {
  let pending: Script | undefined = script;
  const save = () => {
    if (!pending) return;
    const s = pending;
    pending = undefined;
    process.removeListener('exit', save);
    delete (globalThis as Record<symbol, unknown>)[CODE_CACHE_CHECKPOINT];
    try {
      writeCache(file, s.createCachedData());
      debug(`saved ${file}`);
    } catch (e) {
      debug(`not saved: ${(e as Error)?.message ?? e}`); // a read-only or full disk: the next start compiles again
    }
  };
  setTimeout(save, SAVE_AFTER_MS).unref();
  process.once('exit', save);
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_CHECKPOINT] = save;
}

function writeCache(file: string, payload: Buffer): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, encodeCache(payload));
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    throw e;
  }
  pruneOld(dir, file);
}

/** Deletes old caches and leftover temporary files (see PRUNE_AFTER_MS and MAX_FILES). */
function pruneOld(dir: string, keep: string): void {
  const now = Date.now();
  const files: { f: string; mtime: number }[] = [];
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    if (f === keep || !(name.endsWith(SUFFIX) || name.endsWith('.tmp'))) continue;
    try {
      files.push({ f, mtime: statSync(f).mtimeMs });
    } catch {
      /* another process got there first */
    }
  }
  files.sort((a, b) => b.mtime - a.mtime);
  files.forEach(({ f, mtime }, i) => {
    if (i < MAX_FILES - 1 && now - mtime <= PRUNE_AFTER_MS) return;
    try {
      unlinkSync(f);
    } catch {
      /* another process got there first */
    }
  });
}

function debug(message: string): void {
  if (process.env[CODE_CACHE_DEBUG_ENV]) process.stderr.write(`[code cache] ${message}\n`);
}
