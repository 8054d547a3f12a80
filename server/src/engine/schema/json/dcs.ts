/**
 * Our JSON Schema for the Data Contract Specification 1.x (`dataContractSpecification: 1.1.0`), the older format
 * that Contract Lens still reads. Lenient where the specification is open (server and service-level keys). The
 * top level, models and fields list their keys so that a misspelt key (which silently loses a constraint) is found;
 * the specification itself tolerates unknown keys, so validate.ts reports those as warnings for DCS files.
 */
import { anyValue, arr, bool, int, num, obj, oneOfStrings, str, type JsonSchema } from './dsl.js';

export const DCS_FIELD_TYPES = ['string', 'text', 'varchar', 'number', 'decimal', 'numeric', 'int', 'integer', 'long', 'bigint', 'float', 'double', 'boolean', 'timestamp', 'timestamp_tz', 'timestamp_ntz', 'date', 'time', 'array', 'map', 'object', 'record', 'struct', 'bytes', 'uuid', 'null'] as const;

const EXTENSIONS = { '^x-': { description: 'Specification extension: any key starting with `x-`.' } };

function field(): JsonSchema {
  return obj(
    {
      type: oneOfStrings(DCS_FIELD_TYPES, `Data type of the field. One of: ${DCS_FIELD_TYPES.map((t) => `\`${t}\``).join(', ')}.`),
      title: str('Business name of the field.'),
      description: str('What the field holds.'),
      required: bool('Whether every record must have a value (no nulls). Default `false`.'),
      unique: bool('Whether no two records may have the same value. Default `false`.'),
      primaryKey: bool('Whether the field is (part of) the primary key.'),
      primary: bool('Former name of `primaryKey`.', { deprecated: true }),
      format: str('Well-known format of a string, e.g. `email`, `uri`, `uuid`.'),
      pattern: str('Regular expression every value must match, e.g. `^[A-Z]{3}$`.'),
      minLength: int('Shortest allowed length.', { minimum: 0 }),
      maxLength: int('Longest allowed length.', { minimum: 0 }),
      minimum: num('Smallest allowed value (inclusive).'),
      exclusiveMinimum: num('Values must be strictly greater than this.'),
      maximum: num('Largest allowed value (inclusive).'),
      exclusiveMaximum: num('Values must be strictly less than this.'),
      precision: int('Total number of digits of a decimal.'),
      scale: int('Digits after the decimal point of a decimal.'),
      enum: arr({}, 'The allowed values, e.g. `[pending, shipped, delivered]`.'),
      example: { ...anyValue('One example value. Deprecated: use `examples`.'), deprecated: true },
      examples: arr({}, 'Example values.'),
      references: str('The field this one refers to, `model.field`, e.g. `users.user_id`.'),
      classification: str('Sensitivity, e.g. `public`, `internal`, `sensitive`, `restricted`.'),
      pii: bool('Whether the field holds personally identifiable information.'),
      tags: arr({ type: 'string' }, 'Tags for the field.'),
      links: { type: 'object', description: 'Links to related documents, by name.' },
      fields: { type: 'object', description: 'Nested fields of an object/record/struct field, by name.', additionalProperties: { $ref: '#/$defs/Field' } },
      items: { $ref: '#/$defs/Field', description: 'What each item of an array field is.' },
      keys: { $ref: '#/$defs/Field', description: 'Type of the keys of a map field.' },
      values: { $ref: '#/$defs/Field', description: 'Type of the values of a map field.' },
      quality: arr({ type: 'object' }, 'Quality checks on this field.'),
      config: { type: 'object', description: 'Tool-specific settings, e.g. physical types per server (`postgresType`, `bigqueryType`).' },
      lineage: { type: 'object', description: 'Where the field\'s values come from.' },
      $ref: str('Reference to a definition, e.g. `#/definitions/order_id`.'),
    },
    'A field (column) of a model. Usually has a `type`.',
    { extra: { patternProperties: EXTENSIONS } },
  );
}

export function dcsSchema(): JsonSchema {
  const server = { type: 'object', description: 'A server where the data lives: `type` (e.g. `postgres`, `s3`, `local`) plus its connection keys (`host`, `location`, `path`, `format`…).', properties: {
    type: str('Kind of server, e.g. `bigquery`, `postgres`, `s3`, `snowflake`, `local`, `kafka`.'),
    description: str('What this server is.'),
    environment: str('Environment, e.g. `prod`.'),
  }, required: ['type'] };
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: 'https://contractlens.dev/schemas/dcs-1.json',
    title: 'Data Contract Specification 1.x (Contract Lens)',
    ...obj(
      {
        dataContractSpecification: str('Version of the Data Contract Specification the file follows, e.g. `1.1.0`. The format is deprecated in favour of ODCS v3.'),
        id: str('Unique id of the contract, e.g. `urn:datacontract:shop:orders`.'),
        info: obj(
          {
            title: str('Name of the contract, e.g. `Orders`.'),
            version: str('Version of this contract, e.g. `1.0.0`.'),
            status: str('Status, e.g. `proposed`, `in development`, `active`, `retired`.'),
            description: str('What the data is.'),
            owner: str('Team that owns the data.'),
            contact: { type: 'object', description: 'Who to contact: `name`, `url`, `email`.' },
          },
          'Metadata of the contract. Required: `title` and `version`.',
          { required: ['title', 'version'], keys: 'open' },
        ),
        servers: { type: 'object', description: 'Servers by name, e.g. `production:` with `type: postgres` and its connection keys.', additionalProperties: server },
        terms: { type: 'object', description: 'Terms of use: `usage`, `limitations`, `policies`, `billing`, `noticePeriod`.' },
        models: { type: 'object', description: 'The models (tables, views) by name, each with `fields`.', additionalProperties: { $ref: '#/$defs/Model' } },
        definitions: { type: 'object', description: 'Reusable field definitions by name, referred to with `$ref: "#/definitions/<name>"`.' },
        servicelevels: { type: 'object', description: 'Service levels: `availability`, `retention`, `latency`, `freshness`, `frequency`, `support`, `backup`.' },
        serviceLevels: { type: 'object', description: 'Spelling of `servicelevels` in DCS 0.9.x files; DCS 1.x writes `servicelevels`.', deprecated: true },
        quality: { type: ['object', 'array'], description: 'Quality checks for the whole contract (e.g. `type: SodaCL` with a `specification`).' },
        links: { type: 'object', description: 'Links to related documents, by name.' },
        tags: arr({ type: 'string' }, 'Tags for the contract.'),
        examples: arr({ type: 'object' }, 'Example data per model (deprecated in DCS 1.1).'),
      },
      'A data contract in the Data Contract Specification 1.x (deprecated upstream; consider ODCS v3).',
      { required: ['dataContractSpecification', 'id', 'info'], extra: { patternProperties: EXTENSIONS } },
    ),
    $defs: {
      Model: obj(
        {
          type: oneOfStrings(['table', 'view', 'object'], 'Kind of model: `table` (default), `view` or `object`.'),
          additionalFields: bool('Whether the data may have fields the model does not list. Default `false`.'),
          title: str('Business name of the model.'),
          description: str('What one record of the model is.'),
          fields: { type: 'object', description: 'The fields (columns) of the model, by name.', additionalProperties: { $ref: '#/$defs/Field' } },
          primaryKey: arr({ type: 'string' }, 'Fields that make up the primary key.'),
          quality: arr({ type: 'object' }, 'Quality checks on the model, e.g. `- type: sql` with `query` and `mustBe`.'),
          config: { type: 'object', description: 'Tool-specific settings.' },
          tags: arr({ type: 'string' }, 'Tags for the model.'),
          examples: arr({}, 'Example records.'),
          $ref: str('Reference to a model definition elsewhere.'),
        },
        'A model (table, view) of the contract, with its `fields`.',
        { extra: { patternProperties: EXTENSIONS } },
      ),
      Field: field(),
    },
  };
}
