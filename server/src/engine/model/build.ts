/**
 * YNode tree → Contract model (ODCS v3.x). Walks only the keys the model holds, with a node budget, so a huge or
 * hostile document (aliases pointing at big subtrees many times) costs bounded work.
 */
import { asMap, getNode, type YMap, type YNode } from '../syntax/ast.js';
import type { Chunk } from '../syntax/parse.js';
import { bool, buildQualityRule, buildServer, located, locatedEntries, locatedItems, num, newProperty, seqMaps, str, strList } from './builders.js';
import { buildDcsContract } from './dcs.js';
import type { Contract, ContractFormat, Property, Relationship, SchemaObject, SlaProperty } from './types.js';

/** Properties visited at most per contract (nested levels included). */
const MAX_PROPERTIES = 200_000;

/**
 * `schemaChunks` (from the incremental parser) lets an unchanged `schema:` item keep the SchemaObject built for it
 * on an earlier keystroke: its nodes were moved in place, so the cached model still points at the right offsets.
 */
export function buildContract(uri: string, root: YNode, format?: ContractFormat, schemaChunks: readonly Chunk[] = []): Contract | undefined {
  const map = asMap(root);
  if (!map) return undefined;
  const fmt = format ?? (getNode(map, 'dataContractSpecification') ? 'dcs' : 'odcs');
  return fmt === 'dcs' ? buildDcsContract(uri, map) : buildOdcsContract(uri, map, schemaChunks);
}

const MODEL_MEMO = 'model.schemaObject';

function buildOdcsContract(uri: string, root: YMap, schemaChunks: readonly Chunk[]): Contract {
  const budget = { properties: MAX_PROPERTIES };
  const contract: Contract = {
    uri,
    format: 'odcs',
    formatVersion: str(root, 'apiVersion'),
    root,
    id: str(root, 'id'),
    name: str(root, 'name'),
    version: str(root, 'version'),
    status: str(root, 'status'),
    schemas: [],
    servers: [],
    sla: [],
    quality: [],
  };
  seqMaps(getNode(root, 'schema')).forEach((node, index) => {
    const chunk = schemaChunks[index]?.node === node ? schemaChunks[index] : undefined;
    // A reused schema object spends the property budget it spent when built, so a document gets the same model
    // whatever versions came before it (a fresh build would otherwise run out of budget where a reuse did not).
    const memo = chunk?.memo.get(MODEL_MEMO) as { schema: SchemaObject; properties: number } | undefined;
    let schema: SchemaObject;
    if (memo && memo.properties <= budget.properties) {
      schema = memo.schema;
      schema.index = index;
      budget.properties -= memo.properties;
    } else {
      const before = budget.properties;
      schema = buildSchemaObject(node, index, budget);
      // Built short of budget, it is this document's answer only: not kept for the next version.
      if (budget.properties >= 0) chunk?.memo.set(MODEL_MEMO, { schema, properties: before - budget.properties });
      else chunk?.memo.delete(MODEL_MEMO);
    }
    contract.schemas.push(schema);
  });
  seqMaps(getNode(root, 'servers')).forEach((node, index) => contract.servers.push(buildServer(node, index, str(node, 'server'))));
  for (const node of seqMaps(getNode(root, 'slaProperties'))) contract.sla.push(buildSla(node));
  return contract;
}

function buildSchemaObject(node: YMap, index: number, budget: { properties: number }): SchemaObject {
  const schema: SchemaObject = {
    node,
    index,
    id: str(node, 'id'),
    name: str(node, 'name'),
    physicalName: str(node, 'physicalName'),
    physicalType: str(node, 'physicalType'),
    logicalType: str(node, 'logicalType'),
    description: str(node, 'description'),
    properties: [],
    quality: [],
    relationships: [],
  };
  for (const p of seqMaps(getNode(node, 'properties'))) {
    const prop = buildProperty(p, schema, undefined, budget);
    if (prop) schema.properties.push(prop);
  }
  schema.quality = seqMaps(getNode(node, 'quality')).map((q) => buildQualityRule(q, schema));
  schema.relationships = seqMaps(getNode(node, 'relationships')).map((r) => buildRelationship(r, schema));
  return schema;
}

function buildProperty(node: YMap, schema: SchemaObject, parent: Property | undefined, budget: { properties: number }): Property | undefined {
  if (--budget.properties < 0) return undefined;
  const name = str(node, 'name');
  const prop = newProperty(node, schema, parent, name, {
    id: str(node, 'id'),
    physicalName: str(node, 'physicalName'),
    logicalType: str(node, 'logicalType'),
    physicalType: str(node, 'physicalType'),
    description: str(node, 'description'),
    required: bool(node, 'required'),
    unique: bool(node, 'unique'),
    primaryKey: bool(node, 'primaryKey'),
    primaryKeyPosition: num(node, 'primaryKeyPosition'),
    options: locatedEntries(asMap(getNode(node, 'logicalTypeOptions'))),
    enumValues: locatedItems(getNode(node, 'enum')),
    examples: locatedItems(getNode(node, 'examples')),
    classification: str(node, 'classification'),
    tags: strList(getNode(node, 'tags')),
  });
  prop.quality = seqMaps(getNode(node, 'quality')).map((q) => buildQualityRule(q, schema, prop));
  prop.relationships = seqMaps(getNode(node, 'relationships')).map((r) => buildRelationship(r, schema, prop));
  for (const child of seqMaps(getNode(node, 'properties'))) {
    const c = buildProperty(child, schema, prop, budget);
    if (c) prop.properties.push(c);
  }
  const items = asMap(getNode(node, 'items'));
  if (items) prop.items = buildProperty(items, schema, prop, budget);
  return prop;
}

function buildRelationship(node: YMap, owner: SchemaObject, property?: Property): Relationship {
  return { node, owner, property, type: str(node, 'type'), from: strList(getNode(node, 'from')), to: strList(getNode(node, 'to')) };
}

function buildSla(node: YMap): SlaProperty {
  return { node, property: str(node, 'property'), value: located(getNode(node, 'value')), unit: str(node, 'unit'), element: str(node, 'element'), driver: str(node, 'driver') };
}
