/**
 * The shape of a contract's data (columns per schema object, registration errors), read once with a short-lived
 * DataSession and cached by a signature of its sources (paths, sizes, modification times). The language server
 * recomputes drift on every keystroke from the snapshot, without touching the data; a data file that changes on
 * disk changes the signature. No DuckDB instance (nor the read lock of a .duckdb file) is held between runs.
 */
import { statSync } from 'node:fs';
import type { DataAccessOptions, DataLimits } from '../../shared/dataAccess.js';
import type { DriftData } from './drift.js';
import { openSources } from './open.js';
import type { ColumnInfo } from './session.js';
import type { ResolvedSource, SourceError } from './sources.js';

export interface DataSnapshot {
  signature: string;
  sources: ResolvedSource[];
  columns: Map<string, ColumnInfo[]>;
  /** Errors found when registering (not resolution errors: those are recomputed fresh, with current positions). */
  registrationErrors: SourceError[];
}

function stamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** A database server has no file stamp: its catalog is read again at most once a minute. */
const SERVER_SNAPSHOT_MS = 60_000;

export function sourcesSignature(sources: ResolvedSource[], now = Date.now()): string {
  return JSON.stringify(
    sources.map((s) => [s.schemaName, s.kind, s.format, s.delimiter, s.database, s.dbSchema, s.table, s.paths.map((p) => [p, stamp(p)]), s.postgres ? [s.postgres, Math.floor(now / SERVER_SNAPSHOT_MS)] : null]),
  );
}

const key = (schemaName: string) => schemaName;

export async function readSnapshot(sources: ResolvedSource[], options: DataLimits & Pick<DataAccessOptions, 'logins'> = {}): Promise<DataSnapshot> {
  const signature = sourcesSignature(sources);
  // Nothing to read (every data file is missing here, or no server has data): the resolution errors say it all, and
  // opening a session would load DuckDB (~35-55 MB of the language server's RSS) to register nothing.
  if (sources.length === 0) return { signature, sources, columns: new Map(), registrationErrors: [] };
  const session = await openSources(sources, [], options);
  try {
    const columns = new Map<string, ColumnInfo[]>();
    for (const s of sources) {
      const cols = session.columns(s.contractUri, s.schemaName);
      if (cols) columns.set(key(s.schemaName), cols);
    }
    return { signature, sources, columns, registrationErrors: session.sourceErrors() };
  } finally {
    await session.close();
  }
}

/**
 * Drift data from a snapshot and the CURRENT resolution of the contract: errors point at the current text's nodes
 * (the snapshot's may come from an older version of the document).
 */
export function driftDataFrom(snapshot: DataSnapshot, current: { sources: ResolvedSource[]; errors: SourceError[] }): DriftData {
  const bySchema = new Map(current.sources.map((s) => [s.schemaName, s]));
  const registration = snapshot.registrationErrors
    .filter((e) => e.schemaName === undefined || bySchema.has(e.schemaName))
    // A snapshot may have been read for another contract with the same sources: errors belong to this one.
    .map((e) => {
      const src = e.schemaName !== undefined ? bySchema.get(e.schemaName) : current.sources[0];
      return { ...e, contractUri: src?.contractUri ?? e.contractUri, node: e.schemaName !== undefined ? src?.node : undefined };
    });
  return {
    columns: (_uri, schemaName) => (bySchema.has(schemaName) ? snapshot.columns.get(key(schemaName)) : undefined),
    source: (_uri, schemaName) => bySchema.get(schemaName),
    sourceErrors: () => [...current.errors, ...registration],
  };
}
