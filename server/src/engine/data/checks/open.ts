/**
 * Opens one DataSession over every contract a check run may read: the contracts being checked (on the server the
 * user asked for) and the other contracts of the workspace that relationships and cross-source SQL may reference
 * (on the server of the same name when they declare one, else their default server).
 */
import type { DataAccessOptions } from '../../../shared/dataAccess.js';
import type { Contract } from '../../model/types.js';
import type { ContractLookup } from '../../workspace/index.js';
import { uriToPath } from '../../workspace/uris.js';
import { openContractSession, type SessionContract } from '../open.js';
import type { DataSession } from '../session.js';
import { planChecks } from './plan.js';

export interface OpenChecksOptions extends DataAccessOptions {
  /** Contracts being checked. */
  checked: Contract[];
  /** Every contract of the workspace (the checked ones included). */
  all: Contract[];
  /** Folders the engine writes failing rows to. */
  writeDirs?: string[];
  /** The working folder relative paths fall back to (engine/data/sources.ts). */
  cwd?: string;
  /** Read the CHECKED contracts' CSV/JSON sources as text (engine/data/rawText.ts): clean does. */
  rawText?: boolean;
}

export function contractPath(contract: Contract): string {
  return uriToPath(contract.uri) ?? contract.uri;
}

export async function openChecksSession(options: OpenChecksOptions): Promise<DataSession> {
  const checked = new Set(options.checked.map((c) => c.uri));
  const needed = referencedContracts(options.checked, options.all);
  const contracts: SessionContract[] = [];
  for (const contract of options.all) {
    if (!needed.has(contract.uri)) continue; // opening (binding a view: a Parquet footer, a CSV sniff) costs: only what the run reads
    const own = checked.has(contract.uri);
    const hasNamed = options.server !== undefined && contract.servers.some((s) => s.name?.value === options.server);
    // A referenced contract without the requested server still lends its default server's data.
    contracts.push({ contract, path: contractPath(contract), server: own || hasNamed ? options.server ?? null : null, reportErrors: own });
  }
  const rawText = options.rawText ? (source: { contractUri: string }) => checked.has(source.contractUri) : undefined;
  return (await openContractSession(contracts, { ...options, rawText })).session;
}

/**
 * The checked contracts and those their relationships and SQL rules point at. A SQL rule may name any schema object
 * (`FROM order_items`, `\${order_items}`): a contract is opened when one of its names occurs as a word in the query
 * (a superset of what the parser will bind at run time; opening more only costs time).
 */
export function referencedContracts(checked: Contract[], all: Contract[]): Set<string> {
  const out = new Set(checked.map((c) => c.uri));
  const lookup: ContractLookup = { contracts: () => all, contract: (uri) => all.find((c) => c.uri === uri) };
  for (const contract of checked) {
    for (const rule of planChecks(contract, lookup)) {
      if (rule.kind === 'relationship' && rule.params.target) out.add(rule.params.target.contractUri);
      if (rule.kind === 'sql') {
        const words = new Set((rule.params.query ?? '').toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
        for (const c of all) if (c.schemas.some((s) => [s.name?.value, s.physicalName?.value].some((n) => n && words.has(n.toLowerCase())))) out.add(c.uri);
      }
    }
  }
  return out;
}
