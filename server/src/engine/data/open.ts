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

export async function openContractSession(contracts: { contract: Contract; path: string }[], options: DataAccessOptions): Promise<OpenedSession> {
  const sources: ResolvedSource[] = [];
  const errors: SourceError[] = [];
  for (const { contract, path } of contracts) {
    const r = resolveSources(contract, path, { root: options.root, allowPaths: options.allowPaths, server: options.server });
    sources.push(...r.sources);
    errors.push(...r.errors);
  }
  const session = await DataSession.open({ sources, sourceErrors: errors, threads: options.threads, memoryLimit: options.memoryLimit, timeoutMs: options.timeoutMs });
  return { session, sources, errors };
}

export async function withContractSession<T>(contracts: { contract: Contract; path: string }[], options: DataAccessOptions, fn: (opened: OpenedSession) => Promise<T>): Promise<T> {
  const opened = await openContractSession(contracts, options);
  try {
    return await fn(opened);
  } finally {
    await opened.session.close();
  }
}
