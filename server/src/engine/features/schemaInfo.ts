/**
 * What the feature services need to know about the JSON Schema at a place in a document: engine/schema/describe.ts
 * answers it (`schemaInfoAt`). The services take it as a parameter (defaulting to schemaInfoAt) so that they never
 * depend on how the schemas are stored, and tests can feed them any schema knowledge.
 */
import type { ContractFormat } from '../model/types.js';
import { schemaInfoAt, type KeyDoc, type NodeSchemaInfo } from '../schema/describe.js';
import type { JsonPath } from './common.js';

export type { KeyDoc, NodeSchemaInfo };

/**
 * Schema knowledge for one node: `format`/`apiVersion` pick the schema, `path` is the JSON path of the node, and
 * `documentValue` (the document as plain JS) lets the describer pick the right branch of a conditional schema.
 */
export type SchemaKnowledge = (format: ContractFormat, apiVersion: string | undefined, path: JsonPath, documentValue: unknown) => NodeSchemaInfo | undefined;

export const defaultKnowledge: SchemaKnowledge = schemaInfoAt;
