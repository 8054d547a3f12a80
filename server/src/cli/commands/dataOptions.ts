/**
 * The data flags of every command that reads data (declared once in shared/dataAccess.ts: DATA_FLAGS and its usage
 * text) turned into the engine's DataAccessOptions: the root data paths must stay inside, extra allowed paths, the
 * server, and DuckDB's limits. Defaults are the editor's (shared/settings.ts).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRoot } from '../../engine/data/files.js';
import { resolveSources, sourceNotes } from '../../engine/data/sources.js';
import type { Contract } from '../../engine/model/types.js';
import { uriToPath } from '../../engine/workspace/index.js';
import type { SensitivePolicy } from '../../engine/data/sensitive.js';
import type { DataAccessOptions, DataLimits, RowFilter } from '../../shared/dataAccess.js';
import { FilterRejected, parseFilterFlag } from '../../engine/sql/index.js';
import { DEFAULT_QUERY_TIMEOUT_MS } from '../../shared/dataAccess.js';
import { integerOption } from '../args.js';
import { UsageError, type CliIO } from '../command.js';

export { DATA_FLAGS, DATA_FLAGS_USAGE, DATA_LIMIT_FLAGS, DATA_LIMIT_FLAGS_USAGE } from '../../shared/dataAccess.js';

/** `--root DIR` (must be an existing folder: a typo must not turn every data rule into an error), else the default. */
export function rootOption(root: unknown, cwd: string): string {
  if (!root) return defaultRoot(cwd);
  const dir = resolve(cwd, String(root));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--root ${String(root)}: no such folder.`);
  return dir;
}

/** DuckDB's memory_limit syntax: a number and a unit (2GB, 512MB, 1.5GiB). */
function memoryLimitOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text)) throw new UsageError(`--memory-limit ${text}: expected a size such as 2GB or 512MB.`);
  return text;
}

/**
 * `--threads`, `--memory-limit`, `--timeout` (or its older spelling `--timeout-ms`; both in ms). `defaultTimeoutMs`
 * is for batch commands that rewrite whole tables (clean), whose editor request applies the same longer default.
 */
export function dataLimits(values: Record<string, unknown>, defaultTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS): Required<Pick<DataLimits, 'timeoutMs'>> & DataLimits {
  if (values.timeout !== undefined && values['timeout-ms'] !== undefined) throw new UsageError('give --timeout or --timeout-ms (its older spelling), not both.');
  const timeoutMs = integerOption(values, 'timeout', { min: 1 }) ?? integerOption(values, 'timeout-ms', { min: 1 }) ?? defaultTimeoutMs;
  return { timeoutMs, threads: integerOption(values, 'threads', { min: 1 }), memoryLimit: memoryLimitOption(values['memory-limit']) };
}

export function dataAccessOptions(values: Record<string, unknown>, io: Pick<CliIO, 'cwd'>, defaultTimeoutMs?: number): DataAccessOptions {
  const allow = (values['allow-path'] as string[] | undefined) ?? [];
  return {
    root: rootOption(values.root, io.cwd),
    allowPaths: allow.map((p) => resolve(io.cwd, p)),
    server: values.server as string | undefined,
    filters: filterOptions(values.filter),
    ...dataLimits(values, defaultTimeoutMs),
  };
}

/** `--filter [SCHEMA:]PREDICATE` (repeatable): screened here; each engine's parser checks it again when it opens. */
function filterOptions(value: unknown): RowFilter[] | undefined {
  const texts = (value as string[] | undefined) ?? [];
  try {
    return texts.length ? texts.map(parseFilterFlag) : undefined;
  } catch (e) {
    if (e instanceof FilterRejected) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * The info line every data command prints when a relative `path` was read from the working folder (nothing was beside
 * the contract), as `check` does: one per contract and note, on stderr, whatever the output format.
 */
export function printPathNotes(command: string, io: Pick<CliIO, 'cwd' | 'stderr'>, contracts: readonly { contract: Contract; display: string }[], access: DataAccessOptions, servers: readonly (string | undefined)[] = [access.server]): void {
  const said = new Set<string>();
  for (const c of contracts) {
    for (const server of servers) {
      const path = uriToPath(c.contract.uri) ?? c.contract.uri;
      for (const n of sourceNotes(resolveSources(c.contract, path, { ...access, server, cwd: io.cwd }).sources)) {
        const line = `contractlens ${command}: info: ${c.display}: ${n.message}\n`;
        if (!said.has(line)) io.stderr(line);
        said.add(line);
      }
    }
  }
}

/** Masking of sensitive columns (engine/data/sensitive.ts), declared once for check, reconcile and preview. */
export const SENSITIVE_OPTIONS = {
  'include-pii': { type: 'boolean' },
  'sensitive-classifications': { type: 'string' },
} as const;

export const SENSITIVE_OPTIONS_USAGE = `  --include-pii                show the values of sensitive columns (default: \`***\`)
  --sensitive-classifications LIST
                               classifications whose columns are masked, comma-separated
                               (default: pii,sensitive,restricted,confidential; a pii/sensitive tag always masks)`;

export function sensitiveOption(values: Record<string, unknown>): SensitivePolicy {
  const list = typeof values['sensitive-classifications'] === 'string' ? values['sensitive-classifications'].split(',').map((c) => c.trim()).filter(Boolean) : undefined;
  return { include: values['include-pii'] === true, classifications: list };
}
