/**
 * Build step: writes every validator as standalone JavaScript (ajv/dist/standalone), so the bundled server and CLI
 * load them in milliseconds instead of compiling the schemas at start (see validators.ts). Run by scripts/build.mjs:
 *   node <this bundled> <output file>
 */
import Ajv2019 from 'ajv/dist/2019.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { writeFileSync } from 'node:fs';
import { AJV_OPTIONS, exportName, validatorSources } from './validators.js';
import type { RuleSet } from './version.js';

const RULE_SETS: RuleSet[] = [{ format: 'odcs', rules: '3.0' }, { format: 'odcs', rules: '3.1' }, { format: 'odcs', rules: '3.2' }, { format: 'dcs' }];

export function generateStandalone(): string {
  const ajv = new Ajv2019({ ...AJV_OPTIONS, code: { source: true } });
  const exports: Record<string, string> = {};
  for (const rs of RULE_SETS) {
    const src = validatorSources(rs);
    for (const s of src.schemas) ajv.addSchema(s);
    exports[exportName(rs, 'frame')] = src.frame;
    if (src.item) exports[exportName(rs, 'item')] = src.item;
  }
  return standaloneCode(ajv, exports);
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: standalone <output file>');
  writeFileSync(out, generateStandalone());
}
