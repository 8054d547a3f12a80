/**
 * Options shared by the commands that read data (preview, drift; check and reconcile may use them too):
 * which server, the root data paths must stay inside, extra allowed paths, and DuckDB limits.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRoot } from '../../engine/data/files.js';
import type { DataAccessOptions } from '../../engine/data/open.js';
import type { SensitivePolicy } from '../../engine/data/sensitive.js';
import { integerOption } from '../args.js';
import { UsageError, type CliIO } from '../command.js';

export const DATA_OPTIONS = {
  server: { type: 'string' },
  root: { type: 'string' },
  'allow-path': { type: 'string', multiple: true },
  threads: { type: 'string' },
  'memory-limit': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const DATA_OPTIONS_USAGE = `  --server NAME                the server to read (default: the first of type local, duckdb or postgres)
  --root DIR                   data paths must resolve inside DIR (default: the enclosing git repository, else the
                               current folder); symbolic links are followed before the check
  --allow-path PATH            also allow data under PATH (repeatable)
  --threads N                  DuckDB threads (default: all cores)
  --memory-limit SIZE          DuckDB memory limit, e.g. 2GB
  --timeout MS                 stop any single query after MS milliseconds (default 30000)`;

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

export function dataAccessOptions(values: Record<string, unknown>, io: Pick<CliIO, 'cwd'>): DataAccessOptions {
  const root = rootOption(values.root, io.cwd);
  const allow = (values['allow-path'] as string[] | undefined) ?? [];
  return {
    root,
    allowPaths: allow.map((p) => resolve(io.cwd, p)),
    server: values.server as string | undefined,
    threads: integerOption(values, 'threads', { min: 1 }),
    memoryLimit: memoryLimitOption(values['memory-limit']),
    timeoutMs: integerOption(values, 'timeout', { min: 1 }),
  };
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
