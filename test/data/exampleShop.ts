/**
 * The examples/shop contracts with freshly generated data in a scratch folder (never the committed example folder),
 * loaded into a WorkspaceIndex, plus the generator's expected counts. Shared by the check, reconcile and example tests.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Contract } from '../../server/src/engine/model/types.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { ROOT, scratchDir } from '../helpers/paths.ts';

export const SHOP = join(ROOT, 'examples', 'shop');
export const FORMATS = ['local-parquet', 'local-csv', 'local-jsonl'] as const;

export interface Expected {
  referenceTime: string;
  rows: Record<string, number>;
  failedRows: Record<string, number>;
  latest: Record<string, string>;
  reconcile: { missingInReplica: number; extraInReplica: number; changedRows: number; changedColumns: Record<string, number>; duplicateKeysInSource: number; matched: number };
}

export interface ShopCopy {
  dir: string;
  expected: Expected;
}

/** Copies the contracts and runs the real generator (a child process, as `npm run example` does). */
export function makeShop(orders = 1500, prefix = 'cl-shop-'): ShopCopy {
  const dir = scratchDir(prefix);
  for (const f of readdirSync(SHOP).filter((n) => n.endsWith('.odcs.yaml'))) copyFileSync(join(SHOP, f), join(dir, f));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'generate-shop-data.mjs'), '--out', join(dir, 'data'), '--orders', String(orders)], { stdio: 'pipe' });
  return { dir, expected: JSON.parse(readFileSync(join(dir, 'data', 'expected.json'), 'utf8')) as Expected };
}

export function loadContracts(dir: string): { index: WorkspaceIndex; contracts: Contract[] } {
  const index = new WorkspaceIndex();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.odcs.yaml')).sort()) {
    index.set(pathToFileURL(join(dir, f)).toString(), readFileSync(join(dir, f), 'utf8'));
  }
  return { index, contracts: [...index.contracts()] };
}
