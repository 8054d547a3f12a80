/**
 * `doctor --server NAME`: can Contract Lens reach a contract's server, and is the access it gets no more than reading?
 * For PostgreSQL: connects with the credentials a run would use, then reports the role's rights on the contract's
 * tables (engines/postgres/rights.ts) with warnings when it can write, is a superuser or may reach server files.
 * For MySQL/MariaDB: the same from the user's grants (engines/mysql/grants.ts): warnings for writes, SUPER, FILE.
 * For files and DuckDB databases: whether every schema object's data is found and readable.
 */
import type { Contract } from '../model/types.js';
import { openSources } from './open.js';
import { pickServer, resolveSources } from './sources.js';
import { PostgresEngine } from './engines/postgres/engine.js';
import { describeTarget, type PostgresCredentials } from './engines/postgres/connection.js';
import { rightsWarnings, type RoleRights } from './engines/postgres/rights.js';
import { MysqlEngine } from './engines/mysql/engine.js';
import { grantsWarnings, type MysqlGrants } from './engines/mysql/grants.js';

export interface DoctorReport {
  server: string;
  type: string;
  /** Where: `postgres://host:port/db`, or the data files. */
  target: string;
  connected: boolean;
  problems: string[];
  warnings: string[];
  rights?: RoleRights;
  /** MySQL/MariaDB: the connecting user's grants and privileges. */
  grants?: MysqlGrants;
}

export interface DoctorOptions {
  server?: string;
  root: string;
  allowPaths?: string[];
  timeoutMs?: number;
  credentials?: PostgresCredentials;
}

export async function doctorServer(contract: Contract, contractPath: string, options: DoctorOptions): Promise<DoctorReport> {
  const picked = pickServer(contract, options.server);
  const name = picked.server?.name?.value ?? options.server ?? '?';
  const type = String(picked.server?.type?.value ?? '');
  const report: DoctorReport = { server: name, type, target: '', connected: false, problems: [], warnings: [] };
  if (!picked.server) return { ...report, problems: [picked.error ?? 'no server'] };
  const { sources, errors } = resolveSources(contract, contractPath, { server: options.server, root: options.root, allowPaths: options.allowPaths });
  report.problems.push(...errors.map((e) => e.message));
  if (!sources.length) return report;
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (sources[0].kind === 'postgres') {
    const target = sources[0].postgres!;
    report.target = describeTarget(target);
    let engine: PostgresEngine;
    try {
      engine = await PostgresEngine.connect(target, { timeoutMs, credentials: options.credentials });
    } catch (e) {
      report.problems.push((e as Error).message);
      return report;
    }
    try {
      report.connected = true;
      report.rights = await engine.rights(sources.map((s) => s.table!));
      for (const t of report.rights.tables) {
        if (!t.exists) report.problems.push(`table ${target.schema}.${t.table} does not exist (or role ${report.rights.role} cannot see it)`);
        else if (!t.privileges.includes('SELECT')) report.problems.push(`role ${report.rights.role} cannot SELECT from ${target.schema}.${t.table}`);
      }
      report.warnings.push(...rightsWarnings(report.rights));
    } finally {
      await engine.close();
    }
    return report;
  }
  if (sources[0].kind === 'mysql') {
    let engine: MysqlEngine;
    try {
      engine = await MysqlEngine.connect(sources[0].mysql!, { timeoutMs });
    } catch (e) {
      report.target = `mysql://${sources[0].mysql!.host}:${sources[0].mysql!.port}/${sources[0].mysql!.database}`;
      report.problems.push((e as Error).message);
      return report;
    }
    report.target = engine.describe();
    try {
      report.connected = true;
      const g = await engine.grants(sources.map((s) => s.table!));
      report.grants = g;
      for (const t of g.tables) {
        if (!t.exists) report.problems.push(`table ${engine.target.database}.${t.table} does not exist (or user ${g.user} cannot see it)`);
        else if (!t.privileges.includes('SELECT')) report.problems.push(`user ${g.user} cannot SELECT from ${engine.target.database}.${t.table}`);
      }
      report.warnings.push(...grantsWarnings(g));
    } catch (e) {
      report.problems.push(`cannot read the user's grants: ${(e as Error).message}`);
    } finally {
      await engine.close();
    }
    return report;
  }
  report.target = sources.map((s) => s.database ?? s.paths.join(', ')).join('; ');
  const session = await openSources(sources, [], { timeoutMs });
  try {
    report.connected = true;
    report.problems.push(...session.sourceErrors().map((e) => e.message));
  } finally {
    await session.close();
  }
  return report;
}
