/**
 * ajv validators, one set per process and rule set. Two per ODCS rule set: the "frame" (the document without its
 * `schema[]` items) and the schema object, so each item is validated alone and its errors cached with its chunk.
 *
 * Why precompiled: compiling our schemas with ajv takes ~300–600 ms (unevaluatedProperties and the per-type server
 * branches generate a lot of code), which would land on the first keystroke of every session and on every CLI run.
 * The build (scripts/build.mjs → schema/standalone.ts) writes the same validators as standalone code next to the
 * bundle (dist/schema-validators.js); loading that takes a few ms. When it is absent (tests run from sources, or a
 * stale build), the schemas are compiled at run time, lazily, once: same schemas, same results.
 */
import type Ajv2019Type from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { odcsSchema, odcsSchemaId, type OdcsRules } from './json/odcs.js';
import { formatsToPatterns, schemaFor } from './schemas.js';
import { ruleSetKey, type RuleSet } from './version.js';

export interface Validators {
  frame: ValidateFunction;
  /** ODCS only: one `schema[]` item. */
  item?: ValidateFunction;
}

export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  // Our operator rule lists `required: [mustBe]` in anyOf branches whose properties are declared beside them.
  strictRequired: false,
} as const;

/** The name of each precompiled validator in the standalone module. */
export function exportName(ruleSet: RuleSet, part: 'frame' | 'item'): string {
  return `${ruleSetKey(ruleSet).replace(/[^A-Za-z0-9]/g, '_')}_${part}`;
}

export const PRECOMPILED_FILE = 'schema-validators.js';

const cache = new Map<string, Validators>();
let precompiled: Record<string, ValidateFunction> | null | undefined;

function loadPrecompiled(): Record<string, ValidateFunction> | null {
  if (precompiled !== undefined) return precompiled;
  precompiled = null;
  try {
    const file = join(__dirname, PRECOMPILED_FILE);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (existsSync(file)) precompiled = require(file) as Record<string, ValidateFunction>;
  } catch {
    precompiled = null; // unreadable or from another version: compile at run time instead
  }
  return precompiled;
}

export function validatorsFor(ruleSet: RuleSet): Validators {
  const key = ruleSetKey(ruleSet);
  let v = cache.get(key);
  if (!v) {
    v = fromPrecompiled(ruleSet) ?? compile(ruleSet);
    cache.set(key, v);
  }
  return v;
}

function fromPrecompiled(ruleSet: RuleSet): Validators | undefined {
  const mod = loadPrecompiled();
  const frame = mod?.[exportName(ruleSet, 'frame')];
  if (typeof frame !== 'function') return undefined;
  const item = ruleSet.format === 'odcs' ? mod?.[exportName(ruleSet, 'item')] : undefined;
  if (ruleSet.format === 'odcs' && typeof item !== 'function') return undefined;
  return { frame, item };
}

/** The schema documents of a rule set with the ids the validators are found by (also used by standalone.ts). */
export function validatorSources(ruleSet: RuleSet): { schemas: object[]; frame: string; item?: string } {
  if (ruleSet.format === 'dcs') {
    const s = schemaFor(ruleSet);
    return { schemas: [s], frame: s.$id as string };
  }
  const rules: OdcsRules = ruleSet.rules;
  const frame = formatsToPatterns(odcsSchema(rules, false));
  return { schemas: [schemaFor(ruleSet), frame], frame: frame.$id as string, item: `${odcsSchemaId(rules)}#/$defs/SchemaObject` };
}

/**
 * ajv itself, loaded only when a rule set has no precompiled validators: evaluating its ~60 modules took ~13 ms of
 * every start (the CLI's and the language server's) although the bundle's precompiled validators never need it.
 */
function loadAjv(): typeof Ajv2019Type {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ajv/dist/2019.js') as { default: typeof Ajv2019Type }).default;
}

function compile(ruleSet: RuleSet): Validators {
  const Ajv2019 = loadAjv();
  const ajv = new Ajv2019(AJV_OPTIONS);
  const src = validatorSources(ruleSet);
  for (const s of src.schemas) ajv.addSchema(s);
  const frame = ajv.getSchema(src.frame);
  const item = src.item ? ajv.getSchema(src.item) : undefined;
  if (!frame || (src.item && !item)) throw new Error(`validators for ${ruleSetKey(ruleSet)} missing`);
  return { frame, item };
}

/** Runs a validator and returns its errors (never null). */
export function runValidator(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
