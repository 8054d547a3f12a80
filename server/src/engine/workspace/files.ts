/**
 * Contract files on disk: finding them under a folder and reading them safely (size cap, encoding detection).
 * Used by the CLI and by the language server's workspace scan; never writes anything.
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectFormatFromText, isContractFileName, isYamlFileName } from '../model/detect.js';
import { decodeContractBytes } from '../text/decode.js';

/** Larger files are refused: a contract is a few thousand lines; 64 MiB is far beyond any real one. */
export const MAX_CONTRACT_BYTES = 64 * 1024 * 1024;

/** Folders the scan never enters (the language server ignores watched-file events under them alike). */
export const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.venv', 'venv', '__pycache__', 'target']);

export type ReadResult =
  | { ok: true; path: string; uri: string; text: string }
  | { ok: false; path: string; uri: string; message: string; line: number; /** true: not even readable (missing, permission) */ io: boolean };

export async function readContractFile(path: string): Promise<ReadResult> {
  const abs = resolve(path);
  const uri = pathToFileURL(abs).toString();
  let bytes: Buffer;
  try {
    const st = await fs.stat(abs);
    if (st.isDirectory()) return { ok: false, path: abs, uri, message: `${path} is a directory, not a contract file.`, line: 0, io: true };
    if (st.size > MAX_CONTRACT_BYTES) return { ok: false, path: abs, uri, message: `${path} is ${(st.size / 1048576).toFixed(0)} MiB: larger than the ${MAX_CONTRACT_BYTES / 1048576} MiB a contract may be.`, line: 0, io: false };
    bytes = await fs.readFile(abs);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    return { ok: false, path: abs, uri, message: `Cannot read ${path}: ${why}.`, line: 0, io: true };
  }
  const decoded = decodeContractBytes(bytes);
  if (!decoded.ok) return { ok: false, path: abs, uri, message: decoded.message, line: decoded.line, io: false };
  return { ok: true, path: abs, uri, text: decoded.text };
}

/**
 * Contract files under `dir`: by name, or YAML files whose first lines declare a contract. Symbolic links to
 * folders are not followed (no cycles, no escaping the workspace).
 */
export async function findContractFiles(dir: string, limit = 100_000): Promise<string[]> {
  const out: string[] = [];
  const stack = [resolve(dir)];
  while (stack.length && out.length < limit) {
    const current = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(full);
      } else if (e.isFile()) {
        if (isContractFileName(e.name)) out.push(full);
        else if (isYamlFileName(e.name) && (await looksLikeContract(full))) out.push(full);
      }
    }
  }
  return out.sort();
}

async function looksLikeContract(path: string): Promise<boolean> {
  try {
    const fh = await fs.open(path, 'r');
    try {
      const buf = Buffer.alloc(8192);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return detectFormatFromText(buf.subarray(0, bytesRead).toString('utf8')) !== undefined;
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}
