/**
 * ODCS `schema[]`: the schema objects (tables, views, topics, files) and their properties (columns, fields). A
 * property's `logicalType` decides which `logicalTypeOptions` apply and whether it has nested `properties` (object),
 * `items` (array) or a `map` (v3.2).
 */
import { arr, bool, int, num, obj, oneOfStrings, ref, str, type JsonSchema } from './dsl.js';

export const LOGICAL_TYPES_31 = ['string', 'date', 'timestamp', 'time', 'number', 'integer', 'object', 'array', 'boolean'] as const;
export const LOGICAL_TYPES_32 = [...LOGICAL_TYPES_31, 'map'] as const;

function elementKeys(v32: boolean): Record<string, JsonSchema> {
  return {
    id: ref('StableId', 'Stable technical id (letters, digits, `_`, `-`), used by fully qualified references such as `users_tbl/properties/user_id_col`.'),
    name: str('Name of the element, used by references (`orders.user_id`) and quality rules, e.g. `orders`.'),
    physicalType: str('Type of the element in the data store: for an object `table`, `view`, `topic`, `file`…; for a property the column type, e.g. `VARCHAR(36)`, `BIGINT`, `TIMESTAMP`.'),
    description: str('What the element holds, for people reading the contract.'),
    businessName: str('Name of the element in business terms, e.g. `Customer order`.'),
    authoritativeDefinitions: ref('AuthoritativeDefinitions', 'Links to documents that define the element (glossary entry, transformation code…).'),
    tags: ref('Tags', 'Tags for the element, e.g. `[pii, finance]`.'),
    customProperties: ref('CustomProperties', 'Additional key/value pairs for the element that the standard does not define.'),
    ...(v32 ? { synonyms: ref('Synonyms', 'Other names of the element (v3.2), e.g. `customer` for `user`.') } : {}),
  };
}

const DATE_BOUND = (what: string, cmp: string) => str(`All ${what} values must be ${cmp} this one, written in the property's format, e.g. \`2020-01-01\`.`);

function optionsFor(logicalType: string): Record<string, JsonSchema> {
  const numeric = (formats: string[], example: string): Record<string, JsonSchema> => ({
    multipleOf: num('Values must be a multiple of this (greater than 0), e.g. `0.01` for cents.', { exclusiveMinimum: 0 }),
    minimum: num('Smallest allowed value (inclusive), e.g. `0`.'),
    exclusiveMinimum: num('Values must be strictly greater than this.'),
    maximum: num('Largest allowed value (inclusive).'),
    exclusiveMaximum: num('Values must be strictly less than this.'),
    format: oneOfStrings(formats, `Storage size of the value. One of: ${formats.map((f) => `\`${f}\``).join(', ')}; e.g. \`${example}\`.`),
  });
  const temporal = (what: string): Record<string, JsonSchema> => ({
    format: str(`Format of the ${what} as text, e.g. \`yyyy-MM-dd\` or \`yyyy-MM-dd'T'HH:mm:ssXXX\`.`),
    minimum: DATE_BOUND(what, 'on or after'),
    exclusiveMinimum: DATE_BOUND(what, 'strictly after'),
    maximum: DATE_BOUND(what, 'on or before'),
    exclusiveMaximum: DATE_BOUND(what, 'strictly before'),
  });
  switch (logicalType) {
    case 'string':
      return {
        minLength: int('Shortest allowed length, in characters (0 or more).', { minimum: 0 }),
        maxLength: int('Longest allowed length, in characters (0 or more).', { minimum: 0 }),
        pattern: str('Regular expression every value must match, e.g. `^[A-Z]{2}-[0-9]{6}$`.'),
        format: str('Well-known format of the text, e.g. `email`, `uri`, `uuid`, `ipv4`, `hostname`.'),
      };
    case 'date':
      return temporal('date');
    case 'timestamp':
    case 'time':
      return {
        ...temporal(logicalType),
        timezone: bool('Whether the values carry a time zone.'),
        defaultTimezone: str('Time zone assumed for values without one, e.g. `Etc/UTC` (the default) or `Europe/Paris`.', { default: 'Etc/UTC' }),
      };
    case 'integer':
      return numeric(['i8', 'i16', 'i32', 'i64', 'i128', 'u8', 'u16', 'u32', 'u64', 'u128'], 'i64');
    case 'number':
      return numeric(['f32', 'f64'], 'f64');
    case 'object':
      return {
        minProperties: int('Fewest properties an object value may have.', { minimum: 0 }),
        maxProperties: int('Most properties an object value may have.', { minimum: 0 }),
        required: arr({ type: 'string' }, 'Names of the nested properties that must be present, e.g. `[street, city]`.', { minItems: 1, uniqueItems: true }),
      };
    case 'array':
      return {
        minItems: int('Fewest items an array value may have.', { minimum: 0 }),
        maxItems: int('Most items an array value may have.', { minimum: 0 }),
        uniqueItems: bool('Whether all items of an array value must differ.'),
      };
    default:
      return {};
  }
}

/**
 * One if/then per logical type: the options it allows, and the nested structure it brings. Nested `properties` and
 * `items` are also accepted when `logicalType` is absent (as the standard's schema does), options are not.
 */
function logicalTypeBranches(v32: boolean): JsonSchema[] {
  const types = v32 ? LOGICAL_TYPES_32 : LOGICAL_TYPES_31;
  const out: JsonSchema[] = [];
  const when = (t: string, required: boolean): JsonSchema => ({ properties: { logicalType: { const: t } }, ...(required ? { required: ['logicalType'] } : {}) });
  for (const t of types) {
    const options = optionsFor(t);
    if (Object.keys(options).length) {
      const logicalTypeOptions = obj(options, `Constraints on the values of ${/^[aeiou]/.test(t) ? 'an' : 'a'} \`${t}\` property: ${Object.keys(options).map((k) => `\`${k}\``).join(', ')}.`);
      out.push({ if: when(t, true), then: { properties: { logicalTypeOptions } } });
    }
    if (t === 'object') out.push({ if: when(t, false), then: { properties: { properties: arr({ $ref: '#/$defs/SchemaProperty' }, 'The nested properties of this object, each with a `name`.') } } });
    if (t === 'array') out.push({ if: when(t, false), then: { properties: { items: ref('SchemaItemProperty', 'What each item of the array is: a `logicalType` and its options, or an object with `properties`.') } } });
    if (t === 'map') {
      const map = obj(
        {
          key: ref('SchemaItemProperty', 'The map\'s keys: usually `logicalType: string`.'),
          value: ref('SchemaItemProperty', 'The map\'s values: any logical type, e.g. `logicalType: integer` or an object with `properties`.'),
        },
        'Shape of a `map` property (v3.2): `key` and `value`, each described like a property without a name.',
        { required: ['key', 'value'] },
      );
      out.push({ if: when(t, true), then: { $comment: 'when logicalType', properties: { map }, required: ['map'] } });
    }
  }
  return out;
}

export function schemaObjectDefs(v32: boolean): Record<string, JsonSchema> {
  const types = v32 ? LOGICAL_TYPES_32 : LOGICAL_TYPES_31;
  const baseProperty: Record<string, JsonSchema> = {
    ...elementKeys(v32),
    logicalType: oneOfStrings(types, `Logical type of the values, independent of the data store. One of: ${types.map((t) => `\`${t}\``).join(', ')}. It decides which \`logicalTypeOptions\` apply.`),
    logicalTypeOptions: { type: 'object', description: 'Constraints on the values that depend on the `logicalType`: e.g. `minLength`/`maxLength`/`pattern` for `string`, `minimum`/`maximum` for `integer` and `number`, `format` for dates.' },
    physicalName: str('Name of the column or field in the data store when it differs from `name`, e.g. `usr_id`.'),
    primaryKey: bool('Whether the property is (part of) the primary key.'),
    primaryKeyPosition: int('Position of the property in a composite primary key, starting at 1 (`-1` when not part of it).', { default: -1 }),
    required: bool('Whether every record must have a value (no nulls). Default `false`.', { default: false }),
    unique: bool('Whether no two records may have the same value. Default `false`.', { default: false }),
    partitioned: bool('Whether the data is partitioned on this property. Default `false`.', { default: false }),
    partitionKeyPosition: int('Position of the property in a composite partition key, starting at 1 (`-1` when not part of it).', { default: -1 }),
    classification: str('Sensitivity of the data, e.g. `public`, `internal`, `restricted`, `confidential`, `pii`.'),
    encryptedName: str('Name of the column that holds the encrypted value, e.g. `email_encrypted`.'),
    transformSourceObjects: arr({ type: 'string' }, 'Objects of the source systems this property is computed from, e.g. `[crm.users, erp.accounts]`.'),
    transformLogic: str('How the value is computed, e.g. SQL such as `SUM(amount)`.'),
    transformDescription: str('How the value is computed, in plain words.'),
    examples: arr({}, 'Example values, e.g. `[ORD-000001, ORD-000002]`; they must satisfy the property\'s own constraints.'),
    criticalDataElement: bool('Whether this is a critical data element (CDE) that needs extra care. Default `false`.', { default: false }),
    relationships: arr({ $ref: '#/$defs/RelationshipPropertyLevel' }, 'Relationships from this property to others, e.g. `- to: users.user_id` for a foreign key.'),
    quality: ref('QualityChecks', 'Data quality checks on this property, e.g. `- metric: nullValues` with `mustBe: 0`.'),
  };
  if (v32) {
    baseProperty.enum = arr({ $ref: '#/$defs/EnumValue' }, 'The allowed values of the property (v3.2), each with `value` and optionally `label` and `description`, e.g. `- value: pending`.', { minItems: 1, uniqueItems: true });
    baseProperty.semanticType = oneOfStrings(['column', 'measure', 'dimension'], 'Role of the property in analytics (v3.2): `column` (default, a stored column), `measure` (an aggregate whose formula is in `transformLogic`) or `dimension` (an attribute to group and filter by).', { default: 'column' });
  }
  const propertyBranches = logicalTypeBranches(v32);
  return {
    SchemaObject: obj(
      {
        ...elementKeys(v32),
        logicalType: oneOfStrings(['object'], 'Logical type of a schema object: always `object`.'),
        physicalName: str('Name of the table, view, topic or file in the data store when it differs from `name`, e.g. `tbl_orders`.'),
        dataGranularityDescription: str('What one record stands for, e.g. "one row per order line".'),
        properties: arr({ $ref: '#/$defs/SchemaProperty' }, 'The properties (columns, fields) of the object, each with a `name` and usually a `logicalType`.'),
        relationships: arr({ $ref: '#/$defs/RelationshipSchemaLevel' }, 'Relationships between properties of this object and others, with explicit `from` and `to`, e.g. composite foreign keys.'),
        quality: ref('QualityChecks', 'Data quality checks on the whole object, e.g. `- metric: rowCount` with `mustBeGreaterThan: 0`.'),
        ...(v32 ? { context: ref('Context', 'Guidance for AI agents and semantic tools about this object (v3.2).') } : {}),
      },
      'A schema object: a table, view, topic or file. Required: `name`. Its `properties` are the columns or fields.',
      { required: ['name'] },
    ),
    SchemaProperty: { type: 'object', description: 'A property (column or field). Required: `name`. Its `logicalType` decides which `logicalTypeOptions` apply.', properties: baseProperty, required: ['name'], allOf: propertyBranches, unevaluatedProperties: false },
    SchemaItemProperty: { type: 'object', description: 'Shape of an array item or a map key/value: like a property, without a required `name`.', properties: baseProperty, allOf: propertyBranches, unevaluatedProperties: false },
  };
}
