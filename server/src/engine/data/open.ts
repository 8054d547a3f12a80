/**
 * One call from a contract on disk to an open, sandboxed DataSession: resolve its sources (root/allow-path checks)
 * and register them. CLI commands and the language server share it. `openSources` below it is the only place a
 * DataSession is opened (test/architecture.test.ts), so the data-access options (threads, memory limit, timeout,
 * credentials) reach every session the same way.
 */
import type { DataAccessOptions, DataLimits } from '../../shared/dataAccess.js';
import type { Contract } from '../model/types.js';
import { DataSession, type SessionOptions } from './session.js';
import { resolveSources, type ResolvedSource, type SourceError } from './sources.js';

export type { DataAccessOptions };

export interface OpenedSession {
  session: DataSession;
  sources: ResolvedSource[];
  /** Resolution errors (also in session.sourceErrors(), together with registration errors). */
  errors: SourceError[];
}

/** A contract whose sources a session registers. */
export interface SessionContract {
  contract: Contract;
  path: string;
  /** The server to read for this contract: undefined → `options.server`; null → the contract's default server. */
  server?: string | null;
  /** Whether its resolution errors are reported by the session (default true; false for contracts only lent). */
  reportErrors?: boolean;
  /** Only these schema objects of the contract. */
  schemas?: readonly string[];
  /**
   * The key its sources are registered under instead of the contract's URI: a second copy of the same contract on
   * another server (reconcile's `against`) lives beside the first.
   */
  registerAs?: string;
}

/** What opening a session takes besides its sources: the data limits and what the session may touch. */
export type SessionAccess = DataLimits & Pick<SessionOptions, 'writeDirs' | 'logins' | 'rawText' | 'rowFilters'>;

/** The one way to open a data session: resolve every contract's sources under the same containment, then register. */
export async function openContractSession(contracts: SessionContract[], options: DataAccessOptions & SessionAccess & { cwd?: string }): Promise<OpenedSession> {
  const sources: ResolvedSource[] = [];
  const errors: SourceError[] = [];
  for (const c of contracts) {
    const server = c.server === undefined ? options.server : c.server ?? undefined;
    const r = resolveSources(c.contract, c.path, { root: options.root, allowPaths: options.allowPaths, server, cwd: options.cwd });
    const wanted = <T extends { schemaName?: string }>(x: T) => !c.schemas || x.schemaName === undefined || c.schemas.includes(x.schemaName);
    const renamed = <T extends { contractUri: string }>(x: T): T => (c.registerAs ? { ...x, contractUri: c.registerAs } : x);
    sources.push(...r.sources.filter(wanted).map(renamed));
    if (c.reportErrors !== false) errors.push(...r.errors.filter(wanted).map(renamed));
  }
  // Filters restrict the contracts being run, not those only lent (a relationship's target keeps all its rows).
  const own = new Set(contracts.filter((c) => c.reportErrors !== false).map((c) => c.registerAs ?? c.contract.uri));
  const session = await openSources(sources, errors, { ...options, rowFilters: { filters: options.filters, contracts: own } });
  return { session, sources, errors };
}

/** Opens a session over sources already resolved (a drift snapshot, a data file for init): the one DataSession.open. */
export function openSources(sources: ResolvedSource[], errors: SourceError[], access: SessionAccess): Promise<DataSession> {
  const { writeDirs, rawText, threads, memoryLimit, timeoutMs, logins, rowFilters } = access;
  return DataSession.open({ sources, sourceErrors: errors, writeDirs, rawText, threads, memoryLimit, timeoutMs, logins, rowFilters });
}

export async function withContractSession<T>(contracts: SessionContract[], options: DataAccessOptions & { cwd?: string }, fn: (opened: OpenedSession) => Promise<T>): Promise<T> {
  const opened = await openContractSession(contracts, options);
  try {
    return await fn(opened);
  } finally {
    await opened.session.close();
  }
}
