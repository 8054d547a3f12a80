/**
 * Path arguments of a command → the contract files to work on. Shared by every command that takes
 * `[paths or globs…]` (lint, drift, check, diff).
 *
 *   folder   every contract under it (engine/workspace/files.ts: by name, or YAML declaring a contract)
 *   file     linted whatever its name: the user named it (so is a file the shell expanded from a glob)
 *   glob     every FILE it matches, like the shell's expansion would give (quoted globs in CI configs)
 *
 * A path that does not exist is "unreadable input" (exit 2). A folder or glob with no contract is reported in
 * `unmatched` so that the command can say so (ESLint-like: exit 2 unless told it may be empty).
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { findContractFiles } from '../engine/workspace/files.js';
import { expandGlob, isGlob } from './glob.js';

export interface ResolvedInputs {
  /** Absolute paths, without duplicates, in argument order (each argument's files sorted). */
  files: string[];
  /** Files the user named directly (or through a glob), as opposed to found in a folder. */
  explicit: Set<string>;
  /** Arguments that cannot be read: they do not exist, or are not a regular file (a device, a socket…). */
  unreadable: { arg: string; reason: string }[];
  /** Folders in which no contract file was found, globs that matched no file. */
  unmatched: { arg: string; kind: 'folder' | 'glob' }[];
}

export async function resolveInputs(args: string[], cwd: string): Promise<ResolvedInputs> {
  const result: ResolvedInputs = { files: [], explicit: new Set(), unreadable: [], unmatched: [] };
  const seen = new Set<string>();
  const add = (file: string, explicit: boolean) => {
    if (explicit) result.explicit.add(file);
    if (!seen.has(file)) {
      seen.add(file);
      result.files.push(file);
    }
  };
  for (const arg of args.length ? args : ['.']) {
    const abs = resolve(cwd, arg);
    const stat = await fs.stat(abs).catch(() => undefined);
    if (stat?.isDirectory()) {
      const found = await findContractFiles(abs);
      if (found.length === 0) result.unmatched.push({ arg, kind: 'folder' });
      for (const f of found) add(f, false);
    } else if (stat?.isFile()) {
      add(abs, true);
    } else if (stat) {
      // Reading /dev/zero or a FIFO would never end.
      result.unreadable.push({ arg, reason: 'not a regular file' });
    } else if (isGlob(arg)) {
      const matched = await expandGlob(arg, cwd);
      if (matched.length === 0) result.unmatched.push({ arg, kind: 'glob' });
      for (const f of matched) add(f, true);
    } else {
      result.unreadable.push({ arg, reason: 'no such file or folder' });
    }
  }
  return result;
}
