/** Our schema documents, built once per process per rule set (plain objects: cheap, but shared by every caller). */
import type { JsonSchema } from './json/dsl.js';
import { dcsSchema } from './json/dcs.js';
import { odcsSchema } from './json/odcs.js';
import { ruleSetKey, type RuleSet } from './version.js';

const cache = new Map<string, JsonSchema>();

/** The complete schema of a rule set (schema items included): what describe.ts and the error mapper read. */
export function schemaFor(ruleSet: RuleSet): JsonSchema {
  const key = ruleSetKey(ruleSet);
  let s = cache.get(key);
  if (!s) {
    s = ruleSet.format === 'dcs' ? dcsSchema() : odcsSchema(ruleSet.rules);
    cache.set(key, s);
  }
  return s;
}
