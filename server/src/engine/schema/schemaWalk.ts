/**
 * Reading our JSON Schemas as data (no ajv): which subschemas apply to a value, which keys an object may have, what a
 * key means. Used by describe.ts (hover, completion) and by the error mapper ("did you mean", allowed keys).
 *
 * Only the constructs our own schemas use are understood: $ref to #/$defs, allOf, if/then with `const`/`required`
 * conditions, anyOf/oneOf (picked by the value's JSON type), properties, items, required.
 */
import type { JsonSchema } from './json/dsl.js';

export type Json = unknown;

export function jsonType(value: Json): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function resolveRef(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let hops = 0; typeof s.$ref === 'string' && hops < 16; hops++) {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref as string);
    const target = m ? ((root.$defs as Record<string, JsonSchema> | undefined)?.[m[1]]) : undefined;
    if (!target) break;
    // Siblings of $ref (a description at the use site) stay visible next to the target's keywords.
    const { $ref: _ignored, ...siblings } = s;
    s = { ...target, ...siblings, description: siblings.description ?? target.description };
  }
  return s;
}

function typeMatches(schemaType: unknown, value: Json): boolean {
  const t = jsonType(value);
  if (schemaType === undefined || t === undefined) return true;
  const types = Array.isArray(schemaType) ? schemaType : [schemaType];
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** Does `value` satisfy the condition of an `if`? Understands the shapes our schemas use. */
export function conditionHolds(cond: JsonSchema, value: Json): boolean {
  const obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : undefined;
  if (Array.isArray(cond.required) && !(cond.required as string[]).every((k) => obj && k in obj)) return false;
  if (cond.properties) {
    for (const [k, sub] of Object.entries(cond.properties as Record<string, JsonSchema>)) {
      if (!obj || !(k in obj)) continue;
      if ('const' in sub && obj[k] !== sub.const) return false;
      if (sub.type && !typeMatches(sub.type, obj[k])) return false;
    }
  }
  if (Array.isArray(cond.anyOf) && !(cond.anyOf as JsonSchema[]).some((c) => conditionHolds(c, value))) return false;
  return true;
}

/** The subschemas that apply to a value: the schema itself, its allOf members, the `then` of every holding `if`. */
export function applicable(root: JsonSchema, schema: JsonSchema, value: Json, depth = 0): JsonSchema[] {
  const s = resolveRef(root, schema);
  const out = [s];
  if (depth > 12) return out;
  for (const member of (s.allOf as JsonSchema[] | undefined) ?? []) out.push(...applicable(root, member, value, depth + 1));
  if (s.if && s.then && conditionHolds(s.if as JsonSchema, value)) out.push(...applicable(root, s.then as JsonSchema, value, depth + 1));
  for (const kw of ['anyOf', 'oneOf'] as const) {
    const branches = s[kw] as JsonSchema[] | undefined;
    if (!branches) continue;
    const resolved = branches.map((b) => resolveRef(root, b));
    // A branch of the value's type (team: object or list); for `required`-only branches (operators) none is picked.
    const pick = resolved.find((b) => b.type !== undefined && typeMatches(b.type, value) && value !== undefined) ?? resolved.find((b) => b.type !== undefined && value === undefined && (b.properties || b.items));
    if (pick) out.push(...applicable(root, pick, value, depth + 1));
  }
  return out;
}

/** The schema of one key (or list item) below `schemas`; later (more specific, e.g. if/then) definitions win. */
export function childSchema(schemas: JsonSchema[], segment: string | number): JsonSchema | undefined {
  let found: JsonSchema | undefined;
  for (const s of schemas) {
    if (typeof segment === 'number' || /^\d+$/.test(String(segment))) {
      if (s.items && typeof s.items === 'object') found = s.items as JsonSchema;
      if (typeof segment === 'number') continue;
    }
    const props = s.properties as Record<string, JsonSchema> | undefined;
    const p = props?.[String(segment)];
    if (p) found = found && !p.properties && found.properties ? found : p;
    // Maps with free keys (DCS `models:`, `fields:`): every value has the same schema.
    else if (!found && s.additionalProperties && typeof s.additionalProperties === 'object') found = s.additionalProperties as JsonSchema;
  }
  return found;
}

export interface KeyInfo {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** Every key an object may have at this place, with its schema, given the object's current value. */
export function keysOf(root: JsonSchema, schemas: JsonSchema[]): KeyInfo[] {
  const byName = new Map<string, KeyInfo>();
  const required = new Set<string>();
  for (const s of schemas) {
    for (const r of (s.required as string[] | undefined) ?? []) required.add(r);
    for (const [name, sub] of Object.entries((s.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      const prev = byName.get(name);
      // Keep the richer definition: the if/then one with its own keys or values beats the generic "type: object".
      if (!prev || sub.properties || sub.enum || !prev.schema.description) byName.set(name, { name, schema: sub, required: false });
    }
  }
  for (const k of byName.values()) k.required = required.has(k.name);
  void root;
  return [...byName.values()];
}

/** Walks `path` from the root schema, following the document's values to pick if/then and anyOf branches. */
export function schemaAtPath(root: JsonSchema, path: readonly (string | number)[], documentValue: Json): { schema: JsonSchema; value: Json } | undefined {
  let schema: JsonSchema = root;
  let value: Json = documentValue;
  for (const seg of path) {
    const next = childSchema(applicable(root, schema, value), seg);
    if (!next) return undefined;
    schema = next;
    value = value !== null && typeof value === 'object' ? (value as Record<string, Json>)[String(seg)] : undefined;
  }
  return { schema, value };
}
