/**
 * The two versions of every contract under some paths: as committed at a base revision (read through git, no
 * checkout) and as in the working tree. Contracts present on one side only are added or deleted contracts.
 */
import { promises as fs } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectFormatFromText, isContractFileName, isYamlFileName } from '../model/detect.js';
import { decodeContractBytes } from '../text/decode.js';
import { ContractDocument, type DocumentView } from '../workspace/document.js';
import { findContractFiles, readContractFile } from '../workspace/files.js';
import { listFilesAt, readFilesAt } from '../git/git.js';
import { compareContracts, type ContractComparison } from './compare.js';

export interface VersionText {
  text: string;
  readonly doc: DocumentView;
}

export interface ContractDiff {
  /** Path relative to the repository root, `/`-separated. */
  relPath: string;
  absPath: string;
  before?: VersionText;
  after?: VersionText;
  comparison?: ContractComparison;
  /** Same text at the base and in the working tree (nothing was parsed). */
  unchanged?: boolean;
  /** The contract moved: its base version was at this path (matched by the contract's `id`). */
  movedFrom?: string;
  /** Why this file could not be compared (unreadable, not parseable on one side). */
  error?: string;
}

export class PathOutsideRepository extends Error {}

export async function diffContracts(root: string, commit: string, paths: string[]): Promise<ContractDiff[]> {
  const rels = new Set<string>();
  const explicitFiles = new Set<string>();
  const baseDirs: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const rel = relative(root, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new PathOutsideRepository(`${p} is outside the git repository at ${root}.`);
    const relPosix = rel.split(sep).join('/');
    const st = await fs.stat(abs).catch(() => undefined);
    if (st?.isDirectory()) {
      for (const f of await findContractFiles(abs)) rels.add(relative(root, f).split(sep).join('/'));
      baseDirs.push(relPosix);
    } else {
      // A file (perhaps deleted from the working tree): compared whatever its name, since it was named.
      rels.add(relPosix);
      explicitFiles.add(relPosix);
    }
  }
  if (baseDirs.length) {
    // YAML files whose name does not say "contract" are contracts when their content says so: read them in one go.
    const unnamed: string[] = [];
    for (const f of await listFilesAt(root, commit, baseDirs)) {
      if (rels.has(f) || !isYamlFileName(f) || isSkipped(f)) continue;
      if (isContractFileName(f)) rels.add(f);
      else unnamed.push(f);
    }
    for (const [f, bytes] of await readFilesAt(root, commit, unnamed)) {
      if (bytes && detectFormatFromText(bytes.subarray(0, 65536).toString('utf8'))) rels.add(f);
    }
  }

  const ordered = [...rels].sort();
  const baseFiles = await readFilesAt(root, commit, ordered);
  const out: ContractDiff[] = [];
  for (const relPath of ordered) {
    const absPath = resolve(root, relPath);
    const entry: ContractDiff = { relPath, absPath };
    out.push(entry);
    const uri = pathToFileURL(absPath).toString();
    const baseBytes = baseFiles.get(relPath);
    if (baseBytes) {
      const decoded = decodeContractBytes(baseBytes);
      if (!decoded.ok) {
        entry.error = `${relPath} at the base revision: ${decoded.message}`;
        continue;
      }
      entry.before = version(`${uri}?base`, decoded.text);
    }
    const exists = await fs.stat(absPath).then((s) => s.isFile(), () => false);
    if (exists) {
      const read = await readContractFile(absPath);
      if (!read.ok) {
        entry.error = read.message.includes(relPath) ? read.message : `${relPath}: ${read.message}`;
        continue;
      }
      entry.after = version(uri, read.text);
    } else if (explicitFiles.has(relPath) && !baseBytes) {
      entry.error = `${relPath}: no such file in the working tree nor at the base revision.`;
      continue;
    }
    // Most contracts of a pull request are untouched: identical text needs no parse and no comparison.
    if (entry.before && entry.after && entry.before.text === entry.after.text) {
      entry.comparison = { changes: [], majorVersionBump: false };
      entry.unchanged = true;
      continue;
    }
    const problem = unparseable(entry.before, 'at the base revision') ?? unparseable(entry.after, 'in the working tree');
    if (problem) {
      entry.error = `${relPath} ${problem}`;
      continue;
    }
    entry.comparison = compareContracts(entry.before?.doc.contract, entry.after?.doc.contract);
  }
  return pairMovedContracts(out);
}

/**
 * A contract deleted at one path and added at another with the same `id` was moved (git mv, a folder renamed): it is
 * compared as one contract, so its real changes show instead of "removed" plus "added".
 */
function pairMovedContracts(diffs: ContractDiff[]): ContractDiff[] {
  const idOf = (v: VersionText | undefined) => v?.doc.contract?.id?.value;
  const added = new Map<string, ContractDiff[]>();
  for (const d of diffs) {
    const id = !d.error && !d.before ? idOf(d.after) : undefined;
    if (id) added.set(id, [...(added.get(id) ?? []), d]);
  }
  const dropped = new Set<ContractDiff>();
  for (const d of diffs) {
    const id = !d.error && !d.after ? idOf(d.before) : undefined;
    const candidates = id ? added.get(id) : undefined;
    // Only an unambiguous pair: one deleted and one added file with that id.
    if (!candidates || candidates.length !== 1 || diffs.filter((x) => !x.after && idOf(x.before) === id).length !== 1) continue;
    const target = candidates[0];
    target.before = d.before;
    target.movedFrom = d.relPath;
    target.comparison = compareContracts(target.before?.doc.contract, target.after?.doc.contract);
    dropped.add(d);
  }
  return diffs.filter((d) => !dropped.has(d));
}

/** The text now; the parsed document on first use (an unchanged contract is never parsed). */
function version(uri: string, text: string): VersionText {
  let doc: DocumentView | undefined;
  return {
    text,
    get doc() {
      return (doc ??= new ContractDocument(uri).update(text));
    },
  };
}

function unparseable(v: VersionText | undefined, where: string): string | undefined {
  if (!v) return undefined;
  const syntax = v.doc.parsed.issues.find((i) => i.severity === 'error');
  if (syntax) return `${where} has a YAML error (${syntax.message.split('\n')[0]}); fix it (contractlens lint) before comparing.`;
  if (!v.doc.contract) return `${where} is not a contract (the top level is not a mapping).`;
  return undefined;
}

/** The folders findContractFiles does not enter (workspace/files.ts): the base side must skip the same ones. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'venv', '__pycache__', 'target']);

function isSkipped(relPath: string): boolean {
  const dirs = relPath.split('/').slice(0, -1);
  return dirs.some((seg) => SKIP_DIRS.has(seg) || seg.startsWith('.'));
}
