/**
 * The history store: an embedded DuckDB file (default `.contractlens/history.duckdb`), append-only.
 *
 * DuckDB lets one process at a time open a file (an OS lock on it), so every writer and reader opens the file only
 * for the moment it needs it and, when another process holds it, retries with a random back-off until
 * `lockTimeoutMs`. A run's records are inserted in ONE transaction: DuckDB's write-ahead log makes it all-or-nothing,
 * so a process killed mid-write leaves the file readable with every earlier run intact (test/history/).
 *
 *   await appendHistory(path, records);
 *   const rows = await readHistory(path, { rule: 'orders.user_id.relationship', since: new Date('2026-01-01') });
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { loadDuckDB } from '../data/duckdb.js';
import type { HistoryRecord } from './record.js';

export interface StoreOptions {
  /** How long to wait for another process that holds the file (default 60 s). */
  lockTimeoutMs?: number;
}

export interface HistoryQuery {
  rule?: string;
  /** Contract display path (as recorded). */
  contract?: string;
  since?: Date;
  /** Only the newest N runs per rule (all when unset). */
  lastRuns?: number;
}

export class HistoryLockedError extends Error {}

const COLUMNS = [
  ['run_id', 'VARCHAR NOT NULL'], ['run_time', 'TIMESTAMP NOT NULL'], ['git_commit', 'VARCHAR'], ['tool', 'VARCHAR NOT NULL'],
  ['contract', 'VARCHAR NOT NULL'], ['schema_name', 'VARCHAR NOT NULL'], ['property', 'VARCHAR'], ['rule', 'VARCHAR NOT NULL'],
  ['kind', 'VARCHAR NOT NULL'], ['dimension', 'VARCHAR'], ['server', 'VARCHAR'], ['status', 'VARCHAR NOT NULL'], ['severity', 'VARCHAR'],
  ['failed_rows', 'BIGINT'], ['total_rows', 'BIGINT'], ['observed', 'DOUBLE'], ['threshold', 'VARCHAR'], ['duration_ms', 'DOUBLE'],
  // Order of the record inside its run, so a run reads back in the order it was reported.
  ['ordinal', 'INTEGER NOT NULL'],
  // Added in the third version of the format (stores written before lack them; they are added on the next write and
  // read as NULL): the contract's `id` (the identity the editor matches records by, since paths move) and, for a
  // reconciliation, the server compared with `server`.
  ['contract_id', 'VARCHAR'], ['against', 'VARCHAR'],
] as const;

const ADDED_COLUMNS = COLUMNS.slice(COLUMNS.findIndex(([n]) => n === 'contract_id'));

const CREATE = `CREATE TABLE IF NOT EXISTS results (${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`;
/** Brings an older store to the current columns (ADD COLUMN appends, so the positional INSERT still lines up). */
const MIGRATE = ADDED_COLUMNS.map(([n, t]) => `ALTER TABLE results ADD COLUMN IF NOT EXISTS ${n} ${t}`);
/** Rows per INSERT statement (all in one transaction): keeps the parameter list of one statement small. */
const BATCH = 200;

function isLockError(e: unknown): boolean {
  return /Could not set lock|Conflicting lock|database is locked/i.test(e instanceof Error ? e.message : String(e));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens the file (retrying while another process holds it), runs fn, and always closes it again. */
async function withDatabase<T>(path: string, readOnly: boolean, options: StoreOptions, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await loadDuckDB();
  const deadline = Date.now() + (options.lockTimeoutMs ?? 60_000);
  const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', enable_external_access: 'false', threads: '1' };
  if (readOnly) config.access_mode = 'READ_ONLY';
  for (let attempt = 0; ; attempt++) {
    let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (e) {
      if (!isLockError(e)) throw e;
      if (Date.now() > deadline) throw new HistoryLockedError(`the history file ${path} stayed locked by another process for ${options.lockTimeoutMs ?? 60_000} ms.`);
      await sleep(20 + Math.random() * Math.min(500, 25 * 2 ** Math.min(attempt, 5)));
      continue;
    }
    const conn = await instance.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }
}

function row(r: HistoryRecord, ordinal: number): DuckDBValue[] {
  return [r.runId, r.time, r.commit, r.tool, r.contract, r.schema, r.property, r.rule, r.kind, r.dimension, r.server, r.status, r.severity, r.failedRows, r.totalRows, r.observed, r.threshold, r.durationMs, ordinal, r.contractId ?? null, r.against ?? null];
}

/** Appends one run's records atomically. Creates the file (and its folder) on first use. */
export function appendHistory(path: string, records: readonly HistoryRecord[], options: StoreOptions = {}): Promise<void> {
  return appendHistoryRuns(path, [records], options);
}

/**
 * Appends several runs in one opening of the file, each run in its own transaction. Opening and closing (with its
 * checkpoint) costs far more than the insert, so `serve` flushes the runs that finished while the file was busy
 * together.
 */
export async function appendHistoryRuns(path: string, runs: readonly (readonly HistoryRecord[])[], options: StoreOptions = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await withDatabase(path, false, options, async (conn) => {
    await conn.run(CREATE);
    for (const sql of MIGRATE) await conn.run(sql);
    for (const records of runs) await insertRun(conn, records);
  });
}

const PLACEHOLDERS = `(${COLUMNS.map(([, t], i) => (t.startsWith('TIMESTAMP') ? `CAST($${i + 1} AS TIMESTAMPTZ)::TIMESTAMP` : `$${i + 1}`)).join(', ')})`;

async function insertRun(conn: DuckDBConnection, records: readonly HistoryRecord[]): Promise<void> {
  if (!records.length) return;
  await conn.run('BEGIN TRANSACTION');
  try {
    for (let start = 0; start < records.length; start += BATCH) {
      const chunk = records.slice(start, start + BATCH);
      const values: DuckDBValue[] = [];
      const tuples = chunk.map((r, k) => {
        const base = values.length;
        values.push(...row(r, start + k));
        return PLACEHOLDERS.replace(/\$(\d+)/g, (_, n) => `$${base + Number(n)}`);
      });
      await conn.run(`INSERT INTO results VALUES ${tuples.join(', ')}`, values);
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Records oldest first, in the order each run reported them. A file that does not exist yet holds no records. */
export async function readHistory(path: string, query: HistoryQuery = {}, options: StoreOptions = {}): Promise<HistoryRecord[]> {
  if (!existsSync(path)) return [];
  return withDatabase(path, true, options, async (conn) => {
    const exists = await conn.runAndReadAll(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'results'`);
    if (Number(exists.getRowObjectsJS()[0]?.n ?? 0) === 0) return [];
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    const param = (v: DuckDBValue) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (query.rule) where.push(`rule = ${param(query.rule)}`);
    if (query.contract) where.push(`contract = ${param(query.contract)}`);
    // An older store has no contract_id column (it is added at the next write): its contracts are told apart by path.
    const hasId = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'results' AND column_name = 'contract_id'`)).getRowObjectsJS()[0]?.n ?? 0) > 0;
    if (query.since) where.push(`run_time >= CAST(${param(query.since.toISOString())} AS TIMESTAMPTZ)::TIMESTAMP`);
    let from = 'results';
    if (query.lastRuns !== undefined) {
      from = `(SELECT *, dense_rank() OVER (PARTITION BY ${hasId ? 'coalesce(contract_id, contract)' : 'contract'}, rule ORDER BY run_time DESC, run_id DESC) AS run_rank FROM results) WHERE run_rank <= ${Math.max(1, Math.floor(query.lastRuns))}`;
    }
    const sql = `SELECT run_id, strftime(run_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, * EXCLUDE (run_id, run_time) FROM ${from}${where.length ? `${from === 'results' ? ' WHERE' : ' AND'} ${where.join(' AND ')}` : ''} ORDER BY run_time, run_id, ordinal`;
    const reader = await conn.runAndReadAll(sql, values);
    return reader.getRowObjectsJS().map(toRecord);
  });
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function toRecord(r: Record<string, unknown>): HistoryRecord {
  return {
    runId: String(r.run_id),
    time: String(r.time),
    commit: (r.git_commit as string | null) ?? null,
    tool: r.tool as HistoryRecord['tool'],
    contract: String(r.contract),
    schema: String(r.schema_name),
    property: (r.property as string | null) ?? null,
    rule: String(r.rule),
    kind: String(r.kind),
    dimension: String(r.dimension ?? ''),
    server: (r.server as string | null) ?? null,
    status: r.status as HistoryRecord['status'],
    severity: String(r.severity ?? ''),
    failedRows: num(r.failed_rows),
    totalRows: num(r.total_rows),
    observed: num(r.observed),
    threshold: (r.threshold as string | null) ?? null,
    durationMs: Number(r.duration_ms ?? 0),
    contractId: (r.contract_id as string | null | undefined) ?? null,
    against: (r.against as string | null | undefined) ?? null,
  };
}
