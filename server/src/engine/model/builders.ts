/**
 * The pieces of the contract model that both readers build the same way (ODCS in build.ts, DCS in dcs.ts): quality
 * rules, servers, the common skeleton of a property, and small readers of located values. Both readers stand on
 * this module, so neither imports the other's.
 */
import { asMap, asScalar, asSeq, getNode, keyText, resolve, type YMap, type YNode } from '../syntax/ast.js';
import { QUALITY_OPERATORS, type Located, type Property, type QualityRule, type SchemaObject, type Server } from './types.js';

/** What a format reader says about a property besides its place in the tree. */
export type PropertyFields = Partial<Omit<Property, 'node' | 'schema' | 'parent' | 'path' | 'name' | 'quality' | 'relationships' | 'properties' | 'items' | 'options'>> & Pick<Property, 'options'>;

/**
 * A property with its place in the tree and what the format says. Every property is built by this one literal, so
 * all of them share one V8 hidden class: built with an object spread, each of the 18,000 properties of a 500-contract
 * workspace had a hidden class of its own (~12 MB of maps and descriptor arrays in a heap snapshot).
 */
export function newProperty(node: YMap, schema: SchemaObject, parent: Property | undefined, name: Located<string> | undefined, f: PropertyFields): Property {
  // Every key of Property, optional ones included, must be written here: a field added to the type and not to this
  // literal fails to compile instead of being silently dropped.
  const prop: { [K in keyof Required<Property>]: Property[K] } = {
    node,
    schema,
    parent,
    path: parent ? `${parent.path}.${name?.value ?? ''}` : name?.value ?? '',
    id: f.id,
    name,
    physicalName: f.physicalName,
    logicalType: f.logicalType,
    physicalType: f.physicalType,
    dcsType: f.dcsType,
    description: f.description,
    required: f.required,
    unique: f.unique,
    primaryKey: f.primaryKey,
    primaryKeyPosition: f.primaryKeyPosition,
    options: f.options,
    enumValues: f.enumValues,
    examples: f.examples,
    classification: f.classification,
    tags: f.tags,
    quality: [],
    relationships: [],
    properties: [],
    items: undefined,
    mapKeys: undefined,
    mapValues: undefined,
  };
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

export function buildServer(node: YMap, index: number, name: Located<string> | undefined): Server {
  const fields = new Map<string, Located<unknown>>();
  for (const p of node.pairs) {
    const v = located(p.value);
    if (v) fields.set(keyText(p), v);
  }
  return { node, index, name, type: str(node, 'type'), fields };
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

export function bool(map: YMap, key: string): Located<boolean> | undefined {
  const node = getNode(map, key);
  const v = asScalar(node)?.value;
  return typeof v === 'boolean' ? { value: v, node: node! } : undefined;
}

export function num(map: YMap, key: string): Located<number> | undefined {
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
