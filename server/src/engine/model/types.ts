/**
 * The contract model: what a contract says, in one shape for ODCS v3.x and the older Data Contract Specification,
 * with the YAML node of every value so that any rule, feature or data check can point at the exact place.
 * Values are as written (unvalidated): a rule must cope with a missing or mistyped value.
 */
import type { YMap, YNode } from '../syntax/ast.js';

export type { ContractFormat } from '../../shared/contractFiles.js';
import type { ContractFormat } from '../../shared/contractFiles.js';

/** A scalar value together with the node it was read from. */
export interface Located<T> {
  value: T;
  node: YNode;
}

export interface Contract {
  uri: string;
  format: ContractFormat;
  /** `apiVersion` for ODCS (e.g. `v3.1.0`), `dataContractSpecification` for DCS (e.g. `1.1.0`). */
  formatVersion?: Located<string>;
  root: YMap;
  id?: Located<string>;
  name?: Located<string>;
  version?: Located<string>;
  status?: Located<string>;
  schemas: SchemaObject[];
  servers: Server[];
  sla: SlaProperty[];
  /** Quality rules declared at the contract's top level (DCS allows it). */
  quality: QualityRule[];
}

export interface SchemaObject {
  node: YMap;
  /** Index in the `schema` list (ODCS) or position in `models` (DCS). */
  index: number;
  id?: Located<string>;
  name?: Located<string>;
  physicalName?: Located<string>;
  /** `table`, `view`, `topic`… (ODCS physicalType of the object; DCS model `type`). */
  physicalType?: Located<string>;
  logicalType?: Located<string>;
  description?: Located<string>;
  properties: Property[];
  quality: QualityRule[];
  /** Schema-level relationships (with explicit `from`). */
  relationships: Relationship[];
}

export interface Property {
  node: YMap;
  schema: SchemaObject;
  /** Parent property for nested properties (object properties, array items). */
  parent?: Property;
  /** Dotted path from the schema object, e.g. `address.city`. */
  path: string;
  id?: Located<string>;
  name?: Located<string>;
  physicalName?: Located<string>;
  logicalType?: Located<string>;
  physicalType?: Located<string>;
  /**
   * DCS only: the field `type` as written (`timestamp_ntz`, `bytes`…). It is a logical type (DCS: `timestamp` has a
   * time zone, `timestamp_ntz` none), so data checks read it as such and never compare it as a physicalType.
   */
  dcsType?: Located<string>;
  description?: Located<string>;
  required?: Located<boolean>;
  unique?: Located<boolean>;
  primaryKey?: Located<boolean>;
  primaryKeyPosition?: Located<number>;
  /** `logicalTypeOptions` entries (DCS: the field-level constraint keys such as `pattern`, `minLength`). */
  options: Map<string, Located<unknown>>;
  /** v3.2 `enum` (DCS `enum`). */
  enumValues?: Located<unknown>[];
  examples?: Located<unknown>[];
  classification?: Located<string>;
  /** `tags` of the property (DCS: a `pii: true` field reads as the tag `pii`); engine/data/sensitive.ts reads them. */
  tags?: Located<string>[];
  quality: QualityRule[];
  relationships: Relationship[];
  /** Nested properties of an object, or of an array's items. */
  properties: Property[];
  items?: Property;
  /** DCS `type: map`: the field its keys are (`keys`) and the field its values are (`values`). */
  mapKeys?: Property;
  mapValues?: Property;
}

/** The comparison operators of ODCS quality rules. */
export const QUALITY_OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const;
export type QualityOperator = (typeof QUALITY_OPERATORS)[number];

export interface QualityRule {
  node: YMap;
  /** Where the rule is attached: a schema object, or a property of it. */
  schema?: SchemaObject;
  property?: Property;
  /** `library` (default), `sql`, `custom`, `text`. */
  type?: Located<string>;
  /** Library metric (`nullValues`, `rowCount`…). ODCS v3.0 `rule:` is read into this too. */
  metric?: Located<string>;
  name?: Located<string>;
  description?: Located<string>;
  dimension?: Located<string>;
  severity?: Located<string>;
  unit?: Located<string>;
  /** Operators present on the rule (normally one). */
  operators: { name: QualityOperator; value: Located<unknown> }[];
  /** `query` of a sql rule. */
  query?: Located<string>;
  /** `arguments` (validValues, pattern, properties…) as a map of located values. */
  arguments: Map<string, Located<unknown>>;
  /** ODCS v3.2 `element` / DCS-style target naming a property, when given. */
  element?: Located<string>;
}

export interface Relationship {
  node: YMap;
  /** The schema object that declares it. */
  owner: SchemaObject;
  /** Set for property-level relationships (then `from` is implicit: this property). */
  property?: Property;
  type?: Located<string>;
  /** Source column references (explicit at schema level). */
  from: Located<string>[];
  /** Target references: `schema.property`, `schema.nested.property`, or `file.yaml#schema.property`. */
  to: Located<string>[];
}

export interface Server {
  node: YMap;
  index: number;
  /** ODCS `server` name; DCS: the key under `servers`. */
  name?: Located<string>;
  type?: Located<string>;
  /** Other scalar fields of the server (path, format, database, schema, host…). */
  fields: Map<string, Located<unknown>>;
}

export interface SlaProperty {
  node: YMap;
  property?: Located<string>;
  value?: Located<unknown>;
  unit?: Located<string>;
  /** `table.column` (or several, comma-separated) the SLA applies to. */
  element?: Located<string>;
  driver?: Located<string>;
}
