/**
 * Opens one DataSession over every contract a check run may read: the contracts being checked (on the server the
 * user asked for) and the other contracts of the workspace that relationships and cross-source SQL may reference
 * (on the server of the same name when they declare one, else their default server).
 */
import { fileURLToPath } from 'node:url';
import type { Contract } from '../../model/types.js';
import { DataSession } from '../session.js';
import { resolveSources, type ResolvedSource, type SourceError } from '../sources.js';

export interface OpenChecksOptions {
  /** Contracts being checked. */
  checked: Contract[];
  /** Every contract of the workspace (the checked ones included). */
  all: Contract[];
  server?: string;
  root: string;
  allowPaths?: string[];
  /** Folders the engine writes failing rows to. */
  writeDirs?: string[];
  timeoutMs?: number;
  threads?: number;
}

export function contractPath(contract: Contract): string {
  return contract.uri.startsWith('file:') ? fileURLToPath(contract.uri) : contract.uri;
}

export async function openChecksSession(options: OpenChecksOptions): Promise<DataSession> {
  const sources: ResolvedSource[] = [];
  const errors: SourceError[] = [];
  const checked = new Set(options.checked.map((c) => c.uri));
  for (const contract of options.all) {
    const own = checked.has(contract.uri);
    const hasNamed = options.server !== undefined && contract.servers.some((s) => s.name?.value === options.server);
    // A referenced contract without the requested server still lends its default server's data.
    const server = own || hasNamed ? options.server : undefined;
    const r = resolveSources(contract, contractPath(contract), { server, root: options.root, allowPaths: options.allowPaths });
    sources.push(...r.sources);
    if (own) errors.push(...r.errors);
  }
  return DataSession.open({ sources, sourceErrors: errors, writeDirs: options.writeDirs, timeoutMs: options.timeoutMs, threads: options.threads });
}
