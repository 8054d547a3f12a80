/**
 * ajv validators, compiled once per process and rule set, lazily (a document of a given format/version pays the
 * compile once; the others are never compiled). Two per ODCS rule set: the "frame" (the document without its
 * `schema[]` items) and the schema object, so each item is validated alone and its errors cached with its chunk.
 */
import Ajv2019 from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { odcsSchema, odcsSchemaId } from './json/odcs.js';
import { schemaFor } from './schemas.js';
import { ruleSetKey, type RuleSet } from './version.js';

export interface Validators {
  frame: ValidateFunction;
  /** ODCS only: one `schema[]` item. */
  item?: ValidateFunction;
}

/** Lenient checks for the few formats our schemas use; a wrong value is reported (CL024) but never blocks. */
export const FORMATS = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/,
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/,
};

export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
  // Our operator rule lists `required: [mustBe]` in anyOf branches whose properties are declared beside them.
  strictRequired: false,
  formats: FORMATS,
} as const;

const cache = new Map<string, Validators>();

export function validatorsFor(ruleSet: RuleSet): Validators {
  const key = ruleSetKey(ruleSet);
  let v = cache.get(key);
  if (!v) {
    v = compile(ruleSet);
    cache.set(key, v);
  }
  return v;
}

function compile(ruleSet: RuleSet): Validators {
  const ajv = new Ajv2019(AJV_OPTIONS);
  if (ruleSet.format === 'dcs') return { frame: ajv.compile(schemaFor(ruleSet)) };
  ajv.addSchema(schemaFor(ruleSet));
  const frame = ajv.compile(odcsSchema(ruleSet.rules, false));
  const item = ajv.getSchema(`${odcsSchemaId(ruleSet.rules)}#/$defs/SchemaObject`);
  if (!item) throw new Error('schema object validator missing');
  return { frame, item };
}

/** Runs a validator and returns its errors (never null). */
export function runValidator(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
