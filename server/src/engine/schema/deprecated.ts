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
  // The walk below resolves schemas at every object (a 5,000-line contract: ~60 ms of its first validation on a
  // loaded machine); a value that has none of the few deprecated key names anywhere cannot have a deprecated key.
  const names = deprecatedNames(root);
  if (names && !mentionsAny(value, names)) return [];
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

const namesBySchema = new WeakMap<JsonSchema, Set<string> | null>();

/**
 * Every key name that some property schema of `root` marks deprecated (after resolving $ref, siblings included).
 * null when a free-key map's value schema is itself deprecated: then any key could be, and the walk always runs.
 */
function deprecatedNames(root: JsonSchema): Set<string> | null {
  if (namesBySchema.has(root)) return namesBySchema.get(root)!;
  const names = new Set<string>();
  let free = false;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const s = node as JsonSchema;
    const props = s.properties;
    if (props && typeof props === 'object' && !Array.isArray(props)) {
      for (const [name, sub] of Object.entries(props as Record<string, JsonSchema>)) {
        if (sub && typeof sub === 'object' && resolveRef(root, sub).deprecated === true) names.add(name);
      }
    }
    const extra = s.additionalProperties;
    if (extra && typeof extra === 'object' && resolveRef(root, extra as JsonSchema).deprecated === true) free = true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child && typeof child === 'object') stack.push(child);
  }
  const result = free ? null : names;
  namesBySchema.set(root, result);
  return result;
}

/** Whether any object in `value` has one of `names` as a key (true as well when the value is too large to look). */
function mentionsAny(value: Json, names: Set<string>): boolean {
  let budget = MAX_OBJECTS;
  const stack: Json[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (--budget < 0) return true;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    for (const key in v as Record<string, Json>) {
      if (names.has(key)) return true;
      const child = (v as Record<string, Json>)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return false;
}
