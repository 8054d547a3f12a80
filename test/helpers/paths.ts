/** Paths every test uses: the project root, the shared ODCS corpus, a scratch folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'odcs');
export const CLI = join(ROOT, 'dist', 'contractlens.js');

export function scratchDir(prefix = 'cl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
