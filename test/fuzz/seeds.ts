/** The contracts mutations start from: the ODCS corpus examples and the shop example (real, valid contracts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT } from '../helpers/paths.ts';

export function seedContracts(): string[] {
  const out: string[] = [];
  for (const dir of [join(CORPUS, 'v3.1.0/examples'), join(CORPUS, 'v3.2.0-draft/examples'), join(ROOT, 'examples/shop')]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch {
      continue;
    }
    for (const n of names) out.push(readFileSync(join(dir, n), 'utf8'));
  }
  if (out.length === 0) throw new Error(`no seed contracts found under ${CORPUS}`);
  return out;
}
