/**
 * Schema knowledge for completion and hover: at an instance path of a document, which keys are allowed, what they
 * mean, which values are allowed. Reads our own schemas as data (schemaWalk.ts), picking if/then branches from the
 * document's values (a server's `type`, a quality rule's `type`, a property's `logicalType`).
 */
import type { ContractFormat } from '../model/types.js';
import type { JsonSchema } from './json/dsl.js';
import { schemaFor } from './schemas.js';
import { applicable, keysOf, resolveRef, schemaAtPath } from './schemaWalk.js';
import { ruleSetFor } from './version.js';

export interface KeyDoc {
  name: string;
  description?: string;
  required: boolean;
  type?: string;
  enumValues?: string[];
  deprecated?: boolean;
}

export interface NodeSchemaInfo {
  description?: string;
  type?: string;
  keys: KeyDoc[];
  enumValues?: string[];
}

/**
 * Schema knowledge at an instance path (e.g. ['schema', 0, 'properties', 2]) of a document of that format/version.
 * `documentValue` is the document's plain JS, used to pick the right branch (server type, quality type).
 * Returns undefined when the path leads outside what the schema describes (e.g. inside `customProperties` values).
 */
export function schemaInfoAt(format: ContractFormat, apiVersion: string | undefined, path: readonly (string | number)[], documentValue?: unknown): NodeSchemaInfo | undefined {
  const root = schemaFor(ruleSetFor(format, apiVersion));
  const at = schemaAtPath(root, path, documentValue);
  if (!at) return undefined;
  const schemas = applicable(root, at.schema, at.value);
  const own = resolveRef(root, at.schema);
  const keys: KeyDoc[] = keysOf(root, schemas).map((k) => keyDoc(root, k.name, k.schema, k.required));
  return { description: own.description as string | undefined, type: typeName(root, at.schema), keys, enumValues: enumOf(root, at.schema) };
}

function keyDoc(root: JsonSchema, name: string, schema: JsonSchema, required: boolean): KeyDoc {
  const r = resolveRef(root, schema);
  const doc: KeyDoc = { name, required, description: r.description as string | undefined, type: typeName(root, schema) };
  const values = enumOf(root, schema);
  if (values) doc.enumValues = values;
  if (r.deprecated === true) doc.deprecated = true;
  return doc;
}

export function typeName(root: JsonSchema, schema: JsonSchema): string | undefined {
  const r = resolveRef(root, schema);
  if (Array.isArray(r.type)) return (r.type as string[]).join(' | ');
  if (typeof r.type === 'string') return r.type;
  const branches = (r.anyOf ?? r.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const types = [...new Set(branches.map((b) => typeName(root, b)).filter((t): t is string => !!t))];
    return types.length ? types.join(' | ') : undefined;
  }
  return undefined;
}

function enumOf(root: JsonSchema, schema: JsonSchema): string[] | undefined {
  const r = resolveRef(root, schema);
  return Array.isArray(r.enum) ? (r.enum as unknown[]).map(String) : undefined;
}
