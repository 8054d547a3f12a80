/** Test helpers for the data layer: a scratch workspace with a contract and data files written by a separate,
 * unsandboxed DuckDB instance (so the fixtures are real csv/parquet/json files), and the contract model read back. */
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ContractDocument } from '../../server/src/engine/workspace/document.ts';
import type { Contract } from '../../server/src/engine/model/types.ts';
import { scratchDir } from '../helpers/paths.ts';

export function write(dir: string, rel: string, text: string): string {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** Runs SQL in a throwaway, unsandboxed in-memory DuckDB (to COPY fixture data TO files). */
export async function duck(...statements: string[]): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    for (const s of statements) await conn.run(s);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

export function loadContract(path: string): Contract {
  const doc = new ContractDocument(pathToFileURL(path).toString()).update(readFileSync(path, 'utf8'));
  if (!doc.contract) throw new Error(`not a contract: ${path}`);
  return doc.contract;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function newWorkspace(): string {
  const dir = scratchDir('cl-data-');
  mkdirSync(join(dir, '.git'));
  return dir;
}

/** A small orders/users contract over one server, properties given as YAML lines under each schema object. */
export function contractYaml(opts: { server: string; schemas: { name: string; physicalName?: string; props: string }[] }): string {
  let s = 'apiVersion: v3.1.0\nkind: DataContract\nid: test\nname: test\nversion: 1.0.0\nstatus: active\nschema:\n';
  for (const sc of opts.schemas) {
    s += `  - name: ${sc.name}\n`;
    if (sc.physicalName) s += `    physicalName: ${sc.physicalName}\n`;
    s += `    properties:\n${sc.props}`;
  }
  return s + `servers:\n${opts.server}`;
}
