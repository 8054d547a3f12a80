/**
 * YNode tree → Contract model (ODCS v3.x). Walks only the keys the model holds, with a node budget, so a huge or
 * hostile document (aliases pointing at big subtrees many times) costs bounded work.
 */
import { asMap, asScalar, asSeq, getNode, keyText, resolve, type YMap, type YNode } from '../syntax/ast.js';
import type { Chunk } from '../syntax/parse.js';
import { buildDcsContract } from './dcs.js';
import {
  QUALITY_OPERATORS,
  type Contract,
  type ContractFormat,
  type Located,
  type Property,
  type QualityRule,
  type Relationship,
  type SchemaObject,
  type Server,
  type SlaProperty,
} from './types.js';

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
    let schema = chunk?.memo.get(MODEL_MEMO) as SchemaObject | undefined;
    if (schema) schema.index = index;
    else {
      schema = buildSchemaObject(node, index, budget);
      chunk?.memo.set(MODEL_MEMO, schema);
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
  const prop: Property = {
    node,
    schema,
    parent,
    path: parent ? `${parent.path}.${name?.value ?? ''}` : name?.value ?? '',
    id: str(node, 'id'),
    name,
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
    quality: [],
    relationships: [],
    properties: [],
  };
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

export function buildQualityRule(node: YMap, schema?: SchemaObject, property?: Property): QualityRule {
  const operators: QualityRule['operators'] = [];
  for (const op of QUALITY_OPERATORS) {
    const v = located(getNode(node, op));
    if (v) operators.push({ name: op, value: v });
  }
  return {
    node,
    schema,
    property,
    type: str(node, 'type'),
    // ODCS v3.0 called the metric `rule`.
    metric: str(node, 'metric') ?? str(node, 'rule'),
    name: str(node, 'name'),
    description: str(node, 'description'),
    dimension: str(node, 'dimension'),
    severity: str(node, 'severity'),
    unit: str(node, 'unit'),
    operators,
    query: str(node, 'query'),
    arguments: locatedEntries(asMap(getNode(node, 'arguments'))),
    element: str(node, 'element'),
  };
}

function buildRelationship(node: YMap, owner: SchemaObject, property?: Property): Relationship {
  return { node, owner, property, type: str(node, 'type'), from: strList(getNode(node, 'from')), to: strList(getNode(node, 'to')) };
}

export function buildServer(node: YMap, index: number, name: Located<string> | undefined): Server {
  const fields = new Map<string, Located<unknown>>();
  for (const p of node.pairs) {
    const v = located(p.value);
    if (v) fields.set(keyText(p), v);
  }
  return { node, index, name, type: str(node, 'type'), fields };
}

function buildSla(node: YMap): SlaProperty {
  return { node, property: str(node, 'property'), value: located(getNode(node, 'value')), unit: str(node, 'unit'), element: str(node, 'element'), driver: str(node, 'driver') };
}

// --- small readers: each returns undefined when the key is absent or of the wrong kind -------------------------

export function seqMaps(node: YNode | undefined): YMap[] {
  const seq = asSeq(node);
  if (!seq) return [];
  const out: YMap[] = [];
  for (const item of seq.items) {
    const m = asMap(item);
    if (m) out.push(m);
  }
  return out;
}

export function located(node: YNode | undefined): Located<unknown> | undefined {
  const s = asScalar(node);
  if (s) return s.value === null && s.start === s.end ? undefined : { value: s.value, node: node! };
  const r = resolve(node);
  return r ? { value: r.kind === 'seq' ? r.items.map((i) => asScalar(i)?.value) : r, node: node! } : undefined;
}

export function str(map: YMap, key: string): Located<string> | undefined {
  const node = getNode(map, key);
  const s = asScalar(node);
  if (!s || s.value === null) return undefined;
  return { value: String(s.value), node: node! };
}

function bool(map: YMap, key: string): Located<boolean> | undefined {
  const node = getNode(map, key);
  const v = asScalar(node)?.value;
  return typeof v === 'boolean' ? { value: v, node: node! } : undefined;
}

function num(map: YMap, key: string): Located<number> | undefined {
  const node = getNode(map, key);
  const v = asScalar(node)?.value;
  return typeof v === 'number' ? { value: v, node: node! } : undefined;
}

/** A string or a list of strings (relationship `from`/`to` accept both). */
export function strList(node: YNode | undefined): Located<string>[] {
  const s = asScalar(node);
  if (s && s.value !== null) return [{ value: String(s.value), node: node! }];
  const seq = asSeq(node);
  if (!seq) return [];
  const out: Located<string>[] = [];
  for (const item of seq.items) {
    const v = asScalar(item)?.value;
    if (v !== null && v !== undefined) out.push({ value: String(v), node: item });
  }
  return out;
}

export function locatedItems(node: YNode | undefined): Located<unknown>[] | undefined {
  const seq = asSeq(node);
  if (!seq) return undefined;
  return seq.items.map((item) => ({ value: asScalar(item) ? asScalar(item)!.value : resolve(item), node: item }));
}

export function locatedEntries(map: YMap | undefined): Map<string, Located<unknown>> {
  const out = new Map<string, Located<unknown>>();
  if (!map) return out;
  for (const p of map.pairs) {
    const s = asScalar(p.value);
    const seq = asSeq(p.value);
    out.set(keyText(p), { value: s ? s.value : seq ? seq.items.map((i) => asScalar(i)?.value) : resolve(p.value), node: p.value });
  }
  return out;
}
