/**
 * One call from a contract on disk to an open, sandboxed DataSession: resolve its sources (root/allow-path checks)
 * and register them. CLI commands and the language server share it.
 */
import type { DataAccessOptions } from '../../shared/dataAccess.js';
import type { Contract } from '../model/types.js';
import { DataSession } from './session.js';
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
}

/** The one way to open a data session: resolve every contract's sources under the same containment, then register. */
export async function openContractSession(contracts: SessionContract[], options: DataAccessOptions & { writeDirs?: string[]; cwd?: string; rawText?: (source: ResolvedSource) => boolean }): Promise<OpenedSession> {
  const sources: ResolvedSource[] = [];
  const errors: SourceError[] = [];
  for (const c of contracts) {
    const server = c.server === undefined ? options.server : c.server ?? undefined;
    const r = resolveSources(c.contract, c.path, { root: options.root, allowPaths: options.allowPaths, server, cwd: options.cwd });
    sources.push(...r.sources);
    if (c.reportErrors !== false) errors.push(...r.errors);
  }
  // Filters restrict the contracts being run, not those only lent (a relationship's target keeps all its rows).
  const own = new Set(contracts.filter((c) => c.reportErrors !== false).map((c) => c.contract.uri));
  const rowFilters = { filters: options.filters, contracts: own };
  const session = await DataSession.open({ sources, sourceErrors: errors, writeDirs: options.writeDirs, rawText: options.rawText, threads: options.threads, memoryLimit: options.memoryLimit, timeoutMs: options.timeoutMs, rowFilters, logins: options.logins });
  return { session, sources, errors };
}

export async function withContractSession<T>(contracts: SessionContract[], options: DataAccessOptions & { cwd?: string }, fn: (opened: OpenedSession) => Promise<T>): Promise<T> {
  const opened = await openContractSession(contracts, options);
  try {
    return await fn(opened);
  } finally {
    await opened.session.close();
  }
}
