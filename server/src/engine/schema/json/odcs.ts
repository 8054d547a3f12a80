/**
 * Our JSON Schema for the Open Data Contract Standard: v3.0 rules (v3.0.0–v3.0.2 files: derived from v3.1 by the
 * official v3.0.2 schema's differences, see odcsV30.ts), v3.1 rules, and v3.2 rules (the draft: property `enum`,
 * `map`, `semanticType`, `synonyms`, `context`; `status` optional).
 */
import { arr, obj, oneOfStrings, ref, str, type JsonSchema } from './dsl.js';
import { commonDefs } from './odcsCommon.js';
import { qualityDefs } from './odcsQuality.js';
import { schemaObjectDefs } from './odcsSchemaObjects.js';
import { serverDefs } from './odcsServers.js';
import { toV30 } from './odcsV30.js';

export type OdcsRules = '3.0' | '3.1' | '3.2';

/** Versions of the standard this schema knows, newest first. */
export const KNOWN_ODCS_VERSIONS = ['v3.2.0', 'v3.1.0', 'v3.0.2', 'v3.0.1', 'v3.0.0'] as const;

export function odcsSchemaId(rules: OdcsRules): string {
  return `https://contractlens.dev/schemas/odcs-${rules}.json`;
}

/**
 * The whole-document schema. `validateItems: false` gives the "frame" variant, which leaves the `schema[]` items to
 * the per-item validator (so a keystroke in one schema object re-validates that object only).
 */
export function odcsSchema(rules: OdcsRules, validateItems = true): JsonSchema {
  const v32 = rules === '3.2';
  const customProperties = ref('CustomProperties', 'Additional key/value pairs for the contract that the standard does not define.');
  const common = commonDefs(v32);
  const teamDef = common.Team;
  const properties: Record<string, JsonSchema> = {
    // Every known version, whatever the rules: versionFindings.ts judges the value, completion offers them all.
    apiVersion: oneOfStrings(KNOWN_ODCS_VERSIONS, 'Version of the Open Data Contract Standard the file follows: `v3.1.0` (current), `v3.0.x` (earlier) or `v3.2.0` (draft: adds property `enum`, the `map` type, `synonyms`, `context`).', { default: 'v3.1.0' }),
    kind: oneOfStrings(['DataContract'], 'Kind of document: always `DataContract`.', { default: 'DataContract' }),
    id: str('Unique id of the contract, stable across versions, e.g. a UUID `53581432-6c55-4ba2-a65f-72344a91553a` or `urn:datacontract:shop:orders`.'),
    name: str('Human-readable name of the contract, e.g. `Orders`.'),
    version: str('Version of this contract (not of the standard), ideally semantic versioning, e.g. `1.2.0`.'),
    status: str('Lifecycle status of the contract, e.g. `proposed`, `draft`, `active`, `deprecated`, `retired`.'),
    tenant: str('Organisation or business unit the data belongs to, e.g. `ClimateQuantumInc`.'),
    domain: str('Business domain of the data, e.g. `sales`, `logistics`.'),
    dataProduct: str(v32 ? 'Name of the data product this contract belongs to.' : 'Name of the data product this contract belongs to. Deprecated since v3.1.0.', v32 ? {} : { deprecated: true }),
    tags: ref('Tags', 'Tags for the whole contract, e.g. `[orders, gold]`.'),
    description: obj(
      {
        purpose: str('Why the data exists and what it is for.'),
        usage: str('How consumers are expected to use the data.'),
        limitations: str('What the data cannot be used for or does not cover.'),
        authoritativeDefinitions: ref('AuthoritativeDefinitions', 'Links to documents that describe the data (privacy statement, canonical URL…).'),
        customProperties,
      },
      'Description of the data: `purpose`, `usage` and `limitations`.',
      { keys: 'open' },
    ),
    schema: validateItems
      ? arr({ $ref: '#/$defs/SchemaObject' }, 'The schema objects (tables, views, topics, files) the contract describes, each with a `name` and `properties`.')
      : { type: 'array', description: 'The schema objects (validated one by one).' },
    servers: arr({ $ref: '#/$defs/Server' }, 'Where the data lives: one entry per server (environment, data store), each with `server` (its name) and `type`.'),
    support: arr({ $ref: '#/$defs/SupportItem' }, 'Support channels (chat, e-mail, tickets), each with at least `channel`.'),
    price: ref('Pricing', 'What using the data costs: `priceAmount`, `priceCurrency`, `priceUnit`.'),
    team: {
      type: ['object', 'array'],
      description: 'The team that owns the contract: an object with `name` and `members` (v3.1+), or (older form) the list of members.',
      properties: teamDef.properties,
      additionalProperties: false,
      items: { $ref: '#/$defs/TeamMember' },
    },
    roles: arr({ $ref: '#/$defs/Role' }, 'IAM roles that give access to the data, each with `role` and `access`.'),
    slaDefaultElement: str('Default element for SLAs, e.g. `orders.created_at`. Deprecated since v3.1: write `element` on each SLA property.', { deprecated: true }),
    slaProperties: arr({ $ref: '#/$defs/SlaProperty' }, 'Service-level agreements, each with `property` and `value`, e.g. `property: latency`, `value: 4`, `unit: d`.'),
    authoritativeDefinitions: ref('AuthoritativeDefinitions', 'Links to documents about the whole contract.'),
    customProperties,
    contractCreatedTs: str('When the contract was created, an ISO 8601 timestamp in UTC, e.g. `2024-05-01T10:00:00Z`.', { format: 'date-time' }),
  };
  if (v32) properties.context = ref('Context', 'Guidance for AI agents and semantic tools about the whole contract (v3.2).');
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: odcsSchemaId(rules) + (validateItems ? '' : '?frame'),
    title: `Open Data Contract Standard ${v32 ? 'v3.2 (draft)' : rules === '3.0' ? 'v3.0' : 'v3.1'} (Contract Lens)`,
    ...obj(properties, 'A data contract in the Open Data Contract Standard: what a data set looks like, who owns it, where it lives and what quality it promises.', {
      required: v32 ? ['apiVersion', 'kind', 'id', 'version'] : ['apiVersion', 'kind', 'id', 'version', 'status'],
    }),
    $defs: { ...common, ...qualityDefs(), ...schemaObjectDefs(v32), ...serverDefs(v32) },
  };
  return rules === '3.0' ? toV30(schema) : schema;
}
