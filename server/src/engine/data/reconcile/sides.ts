/**
 * One copy of a schema object, opened on the engine that holds it, for segment reconciliation: files and DuckDB
 * databases each in a DuckDB session of their own, MySQL/MariaDB and PostgreSQL through their engines (engines/mysql,
 * engines/postgres: read-only sessions, statement timeout, a timeout stops the statement on the server).
 */
import type { RowFilter } from '../../../shared/dataAccess.js';
import { filteredTable } from '../rowFilters.js';
import type { Contract, SchemaObject, Server } from '../../model/types.js';
import { columnOf } from '../checks/plan.js';
import { mysqlTarget } from '../engines/mysql/connection.js';
import { MysqlEngine } from '../engines/mysql/engine.js';
import { openContractSession } from '../open.js';
import { duckdbHash } from './hash/duckdb.js';
import { mysqlHash } from './hash/mysql.js';
import { postgresHash } from './hash/postgres.js';
import { postgresServerRef, postgresTargetOf, type DatabaseLogins } from '../logins.js';
import { PostgresEngine } from '../engines/postgres/engine.js';
import type { HashDialect } from './normalize.js';
import type { QueryRunner } from './sqlSource.js';

export interface Side {
  name: string;
  dialect: HashDialect;
  relation: string;
  columns: { name: string; type: string }[];
  run: QueryRunner;
  close(): Promise<void>;
}

export interface SideOptions {
  contract: Contract;
  contractPath: string;
  schema: SchemaObject;
  server: Server;
  root: string;
  allowPaths?: string[];
  timeoutMs?: number;
  threads?: number;
  memoryLimit?: string;
  logins?: DatabaseLogins;
  /** `--filter`: each side reads only the matching rows. */
  filters?: RowFilter[];
}

/** Server types segment reconciliation reads. */
export const SEGMENT_SERVER_TYPES = ['local', 'duckdb', 'mysql', 'postgres'];

/** The table of a schema object on a database server: `physicalName`, else `name`. */
export function physicalTable(schema: SchemaObject): string {
  return schema.physicalName?.value || (schema.name?.value ?? '');
}

export async function openSide(o: SideOptions): Promise<Side> {
  const name = o.server.name?.value ?? '?';
  const type = String(o.server.type?.value ?? '');
  const sName = o.schema.name?.value ?? '';
  if (type === 'mysql') {
    const target = mysqlTarget(o.server);
    if ('error' in target) throw new Error(target.error);
    const engine = await MysqlEngine.connect(target, { timeoutMs: o.timeoutMs ?? 30_000 });
    const table = physicalTable(o.schema);
    const columns = await engine.columns(table).catch(async (e) => {
      await engine.close();
      throw e;
    });
    if (!columns.length) {
      await engine.close();
      throw new Error(`Table ${target.database}.${table} does not exist on ${name} (or the user cannot read it).`);
    }
    const relation = await filteredTable(engine.relation(table), o.filters, [sName, table], 'mysql').catch(async (e) => {
      await engine.close();
      throw e;
    });
    // Through the engine: a statement past the timeout is stopped on the server (KILL QUERY), as in check.
    return { name, dialect: mysqlHash, relation, columns, run: (sql) => engine.query(sql), close: () => engine.close() };
  }
  if (type === 'postgres' || type === 'postgresql') {
    const target = postgresTargetOf(o.server);
    const ref = postgresServerRef(name, target);
    let engine: PostgresEngine;
    try {
      engine = await PostgresEngine.connect(target, { timeoutMs: o.timeoutMs ?? 600_000, credentials: await o.logins?.credentials?.(ref) });
      o.logins?.report?.(ref, { state: 'connected', role: engine.role });
    } catch (e) {
      o.logins?.report?.(ref, { state: 'failed', message: (e as Error).message });
      throw e;
    }
    const table = physicalTable(o.schema);
    const columns = await engine.columns(table).catch(async (e) => {
      await engine.close();
      throw e;
    });
    if (!columns.length) {
      await engine.close();
      throw new Error(`table ${target.schema}.${table} does not exist on ${engine.describe()} (or the role cannot see it).`);
    }
    const relation = await filteredTable(engine.relation(table), o.filters, [sName, table], 'postgresql').catch(async (e) => {
      await engine.close();
      throw e;
    });
    return { name, dialect: postgresHash, relation, columns, run: (sql) => engine.query(sql), close: () => engine.close() };
  }
  if (type === 'local' || type === 'duckdb') {
    const { session } = await openContractSession([{ contract: o.contract, path: o.contractPath, server: name, schemas: [sName] }], { root: o.root, allowPaths: o.allowPaths, timeoutMs: o.timeoutMs, threads: o.threads, memoryLimit: o.memoryLimit, filters: o.filters });
    if (!session.hasRelation(o.contract.uri, sName)) {
      const err = session.sourceErrors().find((e) => !e.schemaName || e.schemaName === sName);
      await session.close();
      throw new Error(err?.message ?? `no data for ${sName} on ${name}`);
    }
    const columns = (session.columns(o.contract.uri, sName) ?? []).map((c) => ({ name: c.name, type: c.type }));
    return { name, dialect: duckdbHash, relation: session.relation(o.contract.uri, sName), columns, run: (sql) => session.query(sql), close: () => session.close() };
  }
  throw new Error(`Server "${name}" is of type ${type || '(none)'}; reconcile reads ${SEGMENT_SERVER_TYPES.join(', ')}.`);
}

/** Declared column names of a schema object (the physical column names). */
export function declaredColumns(schema: SchemaObject): string[] {
  return schema.properties.filter((p) => p.name?.value).map(columnOf);
}
