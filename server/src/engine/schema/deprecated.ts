/**
 * Keys the standard still accepts but has deprecated (CL026, a hint rendered struck through): ODCS v3.1
 * `slaDefaultElement` and `dataProduct`, a quality rule's v3.0 `rule`, DCS `primary`… Found by walking the document
 * along our schema (the deprecation is a schema annotation, which ajv does not report). Paths only: the caller caches
 * an item's result in its chunk memo like the ajv errors.
 */
import type { JsonSchema } from './json/dsl.js';
import type { Segment } from './issue.js';
import { applicable, childSchema, keysOf, resolveRef, type Json } from './schemaWalk.js';

export interface DeprecatedKey {
  /** Path of the object holding the key. */
  path: Segment[];
  key: string;
  message: string;
  /** The key that replaces it, when renaming is the whole fix. */
  replacement?: string;
}

const REPLACED_BY: Record<string, string> = { rule: 'metric', primary: 'primaryKey', serviceLevels: 'servicelevels' };
// (`example` → `examples` is not a rename: the value must become a list.)

/** What to say, for the keys whose schema description is not a message by itself. */
const MESSAGES: Record<string, string> = {
  dataProduct: '`dataProduct` is deprecated since ODCS v3.1.0: the standard describes data products in their own documents.',
  slaDefaultElement: '`slaDefaultElement` is deprecated since ODCS v3.1.0 (to be removed in v4): write `element` on each SLA property instead.',
  rule: '`rule` is the ODCS v3.0 name of `metric`: rename it.',
  primary: '`primary` is deprecated in the Data Contract Specification: use `primaryKey`.',
  serviceLevels: '`serviceLevels` is the DCS 0.9 spelling: DCS 1.x reads `servicelevels`.',
  example: '`example` is deprecated in the Data Contract Specification: use `examples`, a list.',
};

/** Budget of visited objects, so a pathological document costs bounded work. */
const MAX_OBJECTS = 100_000;

export function findDeprecatedKeys(root: JsonSchema, schema: JsonSchema, value: Json, base: readonly Segment[]): DeprecatedKey[] {
  const out: DeprecatedKey[] = [];
  let budget = MAX_OBJECTS;
  const visit = (s: JsonSchema, v: Json, path: Segment[], depth: number) => {
    if (v === null || typeof v !== 'object' || depth > 40 || --budget < 0) return;
    const schemas = applicable(root, s, v);
    if (Array.isArray(v)) {
      const items = childSchema(schemas, 0);
      if (items) v.forEach((item, i) => visit(items, item, [...path, i], depth + 1));
      return;
    }
    const keys = new Map(keysOf(root, schemas).map((k) => [k.name, k.schema]));
    for (const [key, child] of Object.entries(v as Record<string, Json>)) {
      const ks = keys.get(key) ?? childSchema(schemas, key);
      if (!ks) continue;
      const r = resolveRef(root, ks);
      if (r.deprecated === true) {
        const replacement = REPLACED_BY[key] && !(REPLACED_BY[key] in (v as object)) ? REPLACED_BY[key] : undefined;
        out.push({ path, key, message: MESSAGES[key] ?? `\`${key}\` is deprecated. ${typeof r.description === 'string' ? r.description : ''}`.trim(), replacement });
      }
      visit(ks, child, [...path, key], depth + 1);
    }
  };
  visit(schema, value, [...base], 0);
  return out;
}
