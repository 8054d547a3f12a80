/**
 * Data Contract Specification 1.x (`dataContractSpecification:`) → the same Contract model as ODCS, so every rule,
 * feature and data check works on both. DCS is deprecated upstream in favour of ODCS; the analyzer says so.
 */
import { asMap, asScalar, getNode, keyText, type YMap, type YPair } from '../syntax/ast.js';
import { buildQualityRule, buildServer, located, locatedItems, newProperty, seqMaps, str, strList } from './builders.js';
import type { Contract, Located, Property, SchemaObject, SlaProperty } from './types.js';

/** DCS field `type` → ODCS `logicalType`. */
export const DCS_TYPE_TO_LOGICAL: Record<string, string> = {
  string: 'string', text: 'string', varchar: 'string', bytes: 'bytes', uuid: 'string',
  integer: 'integer', int: 'integer', long: 'integer', bigint: 'integer',
  number: 'number', decimal: 'number', numeric: 'number', float: 'number', double: 'number',
  boolean: 'boolean',
  timestamp: 'timestamp', timestamp_tz: 'timestamp', timestamp_ntz: 'timestamp',
  date: 'date', time: 'time',
  array: 'array', object: 'object', record: 'object', struct: 'object', map: 'object',
};

const FIELD_OPTION_KEYS = ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'format', 'multipleOf'];

export function buildDcsContract(uri: string, root: YMap): Contract {
  const info = asMap(getNode(root, 'info'));
  const contract: Contract = {
    uri,
    format: 'dcs',
    formatVersion: str(root, 'dataContractSpecification'),
    root,
    id: str(root, 'id'),
    name: info ? str(info, 'title') : undefined,
    version: info ? str(info, 'version') : undefined,
    status: info ? str(info, 'status') : undefined,
    schemas: [],
    servers: [],
    sla: [],
    quality: seqMaps(getNode(root, 'quality')).map((q) => buildQualityRule(q)),
  };
  const servers = asMap(getNode(root, 'servers'));
  servers?.pairs.forEach((pair, index) => {
    const m = asMap(pair.value);
    if (m) contract.servers.push(buildServer(m, index, keyName(pair)));
  });
  const models = asMap(getNode(root, 'models'));
  models?.pairs.forEach((pair, index) => {
    const m = asMap(pair.value);
    if (m) contract.schemas.push(buildModel(pair, m, index));
  });
  const levels = asMap(getNode(root, 'servicelevels'));
  for (const [property, valueKey] of [['freshness', 'threshold'], ['retention', 'period']] as const) {
    const level = asMap(getNode(levels, property));
    if (!level) continue;
    const sla: SlaProperty = { node: level, property: { value: property, node: getPairKey(levels!, property) ?? level }, value: located(getNode(level, valueKey)), element: str(level, 'timestampField') };
    contract.sla.push(sla);
  }
  return contract;
}

function buildModel(pair: YPair, node: YMap, index: number): SchemaObject {
  const schema: SchemaObject = {
    node,
    index,
    name: keyName(pair),
    physicalName: str(node, 'physicalName'),
    physicalType: str(node, 'type'),
    description: str(node, 'description'),
    properties: [],
    quality: [],
    relationships: [],
  };
  schema.properties = fields(node, schema, undefined);
  schema.quality = seqMaps(getNode(node, 'quality')).map((q) => buildQualityRule(q, schema));
  return schema;
}

function fields(node: YMap, schema: SchemaObject, parent: Property | undefined): Property[] {
  const out: Property[] = [];
  for (const pair of asMap(getNode(node, 'fields'))?.pairs ?? []) {
    const f = asMap(pair.value);
    if (f) out.push(field(f, keyName(pair), schema, parent));
  }
  return out;
}

/**
 * One field: a named one of `fields`, or the unnamed field an array's `items`, a map's `keys` or its `values` is
 * (each a Field Object in the DCS, so each is compared with the data like a column).
 */
function field(f: YMap, name: Located<string> | undefined, schema: SchemaObject, parent: Property | undefined): Property {
  const type = str(f, 'type');
  const logical = type && DCS_TYPE_TO_LOGICAL[type.value.toLowerCase()];
  const options = new Map<string, Located<unknown>>();
  for (const k of FIELD_OPTION_KEYS) {
    const v = located(getNode(f, k));
    if (v) options.set(k, v);
  }
  const prop = newProperty(f, schema, parent, name, {
    logicalType: type && logical ? { value: logical, node: type.node } : undefined,
    physicalType: type,
    dcsType: type,
    description: str(f, 'description'),
    required: flag(f, 'required'),
    unique: flag(f, 'unique'),
    primaryKey: flag(f, 'primaryKey') ?? flag(f, 'primary'),
    options,
    enumValues: locatedItems(getNode(f, 'enum')),
    examples: locatedItems(getNode(f, 'examples')),
    classification: str(f, 'classification'),
    tags: dcsTags(f),
  });
  prop.quality = seqMaps(getNode(f, 'quality')).map((q) => buildQualityRule(q, schema, prop));
  const ref = str(f, 'references');
  if (ref) prop.relationships.push({ node: f, owner: schema, property: prop, type: { value: 'foreignKey', node: ref.node }, from: [], to: [ref] });
  prop.properties = fields(f, schema, prop);
  const part = (key: string) => {
    const m = asMap(getNode(f, key));
    return m ? field(m, undefined, schema, prop) : undefined;
  };
  const items = part('items');
  const keys = part('keys');
  const values = part('values');
  if (items) prop.items = items;
  if (keys) prop.mapKeys = keys;
  if (values) prop.mapValues = values;
  return prop;
}

function keyName(pair: YPair): Located<string> | undefined {
  const k = keyText(pair);
  return k ? { value: k, node: pair.key } : undefined;
}

function getPairKey(map: YMap, key: string) {
  return map.pairs.find((p) => keyText(p) === key)?.key;
}

/** DCS marks personal data with `pii: true` beside `tags`: both read as tags, so masking has one rule. */
function dcsTags(f: YMap): Located<string>[] {
  const tags = strList(getNode(f, 'tags'));
  const pii = flag(f, 'pii');
  if (pii?.value) tags.push({ value: 'pii', node: pii.node });
  return tags;
}

function flag(map: YMap, key: string): Located<boolean> | undefined {
  const node = getNode(map, key);
  const v = asScalar(node)?.value;
  return typeof v === 'boolean' ? { value: v, node: node! } : undefined;
}
