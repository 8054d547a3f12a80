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
    s = formatsToPatterns(ruleSet.format === 'dcs' ? dcsSchema() : odcsSchema(ruleSet.rules));
    cache.set(key, s);
  }
  return s;
}

/** The same check as a `pattern`, for the formats our schemas name. */
export const FORMAT_PATTERNS: Record<string, string> = {
  date: '^\\d{4}-\\d{2}-\\d{2}$',
  'date-time': '^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:?\\d{2})?$',
  uri: '^[A-Za-z][A-Za-z0-9+.-]*:\\S*$',
};

/**
 * Turns `format: uri` (and date, date-time) into the equivalent `pattern`, so validation needs no format plugin and
 * the validators can be precompiled to standalone code. Only keyword positions are rewritten: a property *named*
 * `format` (logicalTypeOptions.format) is a key of `properties`, not a keyword.
 */
export function formatsToPatterns(schema: JsonSchema): JsonSchema {
  const visit = (s: unknown): unknown => {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
    const out: JsonSchema = { ...(s as JsonSchema) };
    if (typeof out.format === 'string' && FORMAT_PATTERNS[out.format] && !out.pattern) {
      out.pattern = FORMAT_PATTERNS[out.format];
      delete out.format;
    }
    for (const k of ['properties', 'patternProperties', '$defs', 'dependentSchemas']) {
      if (out[k] && typeof out[k] === 'object') out[k] = Object.fromEntries(Object.entries(out[k] as JsonSchema).map(([n, v]) => [n, visit(v)]));
    }
    for (const k of ['items', 'additionalProperties', 'if', 'then', 'else', 'not']) if (out[k] && typeof out[k] === 'object') out[k] = visit(out[k]);
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(visit);
    return out;
  };
  return visit(schema) as JsonSchema;
}
