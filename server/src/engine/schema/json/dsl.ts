/**
 * A tiny vocabulary for writing our JSON Schemas (draft 2019-09) in TypeScript. Why code and not .json files: the
 * ODCS versions differ in a handful of places (v3.2 adds `enum`, `map`, `context`…), so one builder with a version
 * switch keeps a single source of truth, and every helper takes the description first so no key can go without one
 * (hover and completion show them).
 */
export type JsonSchema = { [key: string]: unknown };

export function str(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', description, ...extra };
}

export function int(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'integer', description, ...extra };
}

export function num(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'number', description, ...extra };
}

export function bool(description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'boolean', description, ...extra };
}

export function oneOfStrings(values: readonly string[], description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', enum: [...values], description, ...extra };
}

export function arr(items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema {
  return { type: 'array', description, items, ...extra };
}

export function ref(name: string, description: string, extra: JsonSchema = {}): JsonSchema {
  return { $ref: `#/$defs/${name}`, description, ...extra };
}

export interface ObjectOptions {
  required?: string[];
  /**
   * `closed` forbids unknown keys with additionalProperties:false (the fast, simple case); `unevaluated` forbids
   * them with unevaluatedProperties:false, needed when allOf/if-then branches add keys; `open` allows anything.
   */
  keys?: 'closed' | 'unevaluated' | 'open';
  extra?: JsonSchema;
}

export function obj(properties: Record<string, JsonSchema>, description: string, options: ObjectOptions = {}): JsonSchema {
  const s: JsonSchema = { type: 'object', description, properties };
  if (options.required?.length) s.required = options.required;
  const keys = options.keys ?? 'closed';
  if (keys === 'closed') s.additionalProperties = false;
  if (keys === 'unevaluated') s.unevaluatedProperties = false;
  return { ...s, ...options.extra };
}

/** A value of any JSON type (custom property values, `mustBe` operands). */
export function anyValue(description: string): JsonSchema {
  return { description, type: ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'] };
}

/** A scalar of any type (SLA values, enum values). */
export function scalar(description: string): JsonSchema {
  return { description, type: ['string', 'number', 'integer', 'boolean', 'null'] };
}
