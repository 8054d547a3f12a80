/**
 * Data file → contract text: the one entry point of inference, shared by `contractlens init --from` and the language
 * server's `contractlens/createContract`. Reads through the locked-down DataSession; never writes anything.
 */
import { promises as fs } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import type { DataLimits } from '../../../shared/dataAccess.js';
import { openSources } from '../open.js';
import { formatOfFile, type DataFormat } from '../sources.js';
import { inferContract } from './contract.js';
import { profileTable } from './profile.js';

export interface InferFileOptions extends DataLimits {
  format?: DataFormat;
  name?: string;
  /** Folder the contract will be written to: the servers entry points at the data relative to it. */
  contractDir: string;
}

export type InferFileResult = { ok: true; name: string; text: string; summary: string } | { ok: false; message: string };

export async function inferContractFromFile(dataPath: string, opts: InferFileOptions): Promise<InferFileResult> {
  const format = opts.format ?? formatOfFile(dataPath);
  if (!format) return { ok: false, message: `Cannot tell the format of ${basename(dataPath)} from its extension; give csv, parquet or json.` };
  const name = opts.name ?? defaultContractName(dataPath);
  let real: string;
  try {
    real = await fs.realpath(dataPath);
  } catch {
    return { ok: false, message: `Cannot read ${dataPath}: no such file.` };
  }
  const uri = 'contractlens-init:';
  const session = await openSources([{ contractUri: uri, schemaName: name, kind: 'file', format, paths: [real] }], [], opts);
  try {
    const errors = session.sourceErrors();
    if (errors.length) return { ok: false, message: errors.map((e) => e.message).join('\n') };
    const profile = await profileTable({ dialect: session.duckdb.dialect, relation: session.relation(uri, name), columns: session.columns(uri, name) ?? [], query: (sql) => session.query(sql) });
    const rel = relative(opts.contractDir, dataPath).split(sep).join('/');
    const text = inferContract(profile, { name, format, dataPath: rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`, sourceLabel: basename(dataPath) });
    const required = profile.columns.filter((c) => c.rows > 0 && c.nonNull === c.rows).length;
    return { ok: true, name, text, summary: `${profile.columns.length} properties from ${profile.rows} rows (${required} required)` };
  } catch (e) {
    return { ok: false, message: `Cannot profile ${basename(dataPath)}: ${(e as Error).message}` };
  } finally {
    await session.close();
  }
}

/** `orders.csv` → `orders`, `events.jsonl.gz` → `events`; characters a name cannot hold become `_`. */
export function defaultContractName(path: string): string {
  const base = basename(path).replace(/(\.(csv|tsv|parquet|json|jsonl|ndjson|gz|zst))+$/i, '').replace(/\.[^.]*$/, '');
  const cleaned = base.replace(/[^\w-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
