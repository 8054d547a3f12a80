/** ODCS building blocks used in many places: ids, tags, links, custom properties, people, roles, SLAs, relationships. */
import { anyValue, arr, num, obj, oneOfStrings, ref, scalar, str, type JsonSchema } from './dsl.js';

// `object.property` (v3.2: also `object.nested.property`). Contract Lens also accepts a `file.yaml#` prefix on the
// short form for references into another contract, as it does on the fully qualified form.
const FILE_PREFIX = '(?:[A-Za-z0-9._\\-\\/]+\\.ya?ml#)?';
const SHORTHAND_31 = `^${FILE_PREFIX}[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$`;
const SHORTHAND_32 = `^${FILE_PREFIX}[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$`;
const FULLY_QUALIFIED = '^(?:(?:https?:\\/\\/)?[A-Za-z0-9._\\-\\/]+\\.yaml#)?\\/?[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+(?:\\/[A-Za-z_][A-Za-z0-9_]*\\/[A-Za-z0-9_-]+)*$';

/**
 * A relationship end: one reference or a list of them (composite key). Written with `type: [string, array]` and
 * keywords that apply per type instead of the standard's oneOf/anyOf, so a bad value gives one error, not one per
 * branch. A reference is `object.property` by name, or the fully qualified id form with an optional file prefix.
 */
function references(v32: boolean, what: string): JsonSchema {
  const pattern = `(?:${v32 ? SHORTHAND_32 : SHORTHAND_31})|(?:${FULLY_QUALIFIED})`;
  return {
    type: ['string', 'array'],
    description: `${what}: \`object.property\` by name (e.g. \`users.user_id\`), or by id with an optional file prefix (e.g. \`users.odcs.yaml#/schema/users_tbl/properties/user_id_col\`); a list of them for a composite key.`,
    pattern,
    items: { type: 'string', pattern, description: `One ${what.toLowerCase()} of a composite key, e.g. \`users.user_id\`.` },
    minItems: 1,
  };
}

export function commonDefs(v32: boolean): Record<string, JsonSchema> {
  const customProperties = ref('CustomProperties', 'Additional key/value pairs that the standard does not define.');
  const authDefs = ref('AuthoritativeDefinitions', 'Links to documents that define this (business glossary, privacy statement…).');
  const relationshipKeys = (fromAllowed: boolean): Record<string, JsonSchema> => ({
    type: oneOfStrings(['foreignKey'], 'Kind of relationship; only `foreignKey` is defined (the default).', { default: 'foreignKey' }),
    ...(fromAllowed ? { from: references(v32, 'Source property') } : {}),
    to: references(v32, 'Target property'),
    customProperties,
  });
  const defs: Record<string, JsonSchema> = {
    StableId: str('Stable technical identifier: letters, digits, `_` and `-` only, e.g. `orders_tbl`.', { pattern: '^[A-Za-z0-9_-]+$' }),
    Tags: arr({ type: 'string' }, 'Tags (free strings) to classify or find the element, e.g. `[finance, pii]`.'),
    AuthoritativeDefinitions: arr(
      obj(
        {
          id: ref('StableId', 'Stable technical id of this link.'),
          url: str('Address of the document, e.g. `https://wiki.example.com/glossary/order`.'),
          type: str('Kind of document, e.g. `businessDefinition`, `transformationImplementation`, `videoTutorial`, `tutorial`, `implementation`.'),
          description: str('What the linked document says, in a sentence.'),
        },
        'A link to an authoritative document. Required: `url` and `type`.',
        { required: ['url', 'type'] },
      ),
      'Links to authoritative documents (business definitions, implementations, tutorials…), each with `url` and `type`.',
    ),
    CustomProperties: arr({ $ref: '#/$defs/CustomProperty' }, 'Additional key/value pairs that the standard does not define, each with `property` and `value`.'),
    CustomProperty: obj(
      {
        id: ref('StableId', 'Stable technical id of this custom property.'),
        property: str('Name of the custom property, in camelCase, e.g. `refreshFrequency`.'),
        value: anyValue('Value of the custom property: any scalar, list or object.'),
        description: str('What the custom property means.'),
      },
      'A key/value pair the standard does not define. Required: `property` and `value`.',
      { required: ['property', 'value'] },
    ),
    Role: obj(
      {
        id: ref('StableId', 'Stable technical id of this role entry.'),
        role: str('Name of the IAM role that grants access, e.g. `orders_reader`.'),
        description: str('What the role allows.'),
        access: str('Kind of access the role grants, e.g. `read`, `write`.'),
        firstLevelApprovers: str('Who approves a request for this role first, e.g. a manager.'),
        secondLevelApprovers: str('Who approves a request for this role second, e.g. the data owner.'),
        customProperties,
      },
      'An IAM role giving access to the data. Required: `role`.',
      { required: ['role'] },
    ),
    SupportItem: obj(
      {
        id: ref('StableId', 'Stable technical id of this support channel.'),
        channel: str('Name of the channel, e.g. `#orders-help`.'),
        url: str('Address of the channel, e.g. `https://slack.example.com/archives/C123` or `mailto:data@example.com`.'),
        description: str('What the channel is for.'),
        tool: str('Tool behind the channel, e.g. `email`, `slack`, `teams`, `discord`, `ticket`, `other`.'),
        scope: str('What the channel is for: `interactive`, `announcements`, `issues`.'),
        invitationUrl: str('Link to request access to the channel, for tools that need an invitation.'),
        customProperties,
      },
      'A support channel. Required: `channel`.',
      { required: ['channel'] },
    ),
    Pricing: obj(
      {
        id: ref('StableId', 'Stable technical id of the price entry.'),
        priceAmount: num('Price per unit, e.g. `9.95`.'),
        priceCurrency: str('Currency of the price, e.g. `USD`, `EUR`.'),
        priceUnit: str('Unit the price applies to, e.g. `megabyte`, `gigabyte`, `row`.'),
      },
      'What using the data costs.',
    ),
    TeamMember: obj(
      {
        id: ref('StableId', 'Stable technical id of this member entry.'),
        username: str('User name or e-mail of the member, e.g. `jane.doe@example.com`.'),
        name: str('Full name of the member.'),
        description: str('Who the member is.'),
        role: str('Job role of the member, e.g. `owner`, `data steward`, `data scientist`.'),
        dateIn: str('Date the member joined, `YYYY-MM-DD`.', { format: 'date' }),
        dateOut: str('Date the member left, `YYYY-MM-DD`.', { format: 'date' }),
        replacedByUsername: str('User name of the member who took over.'),
        tags: ref('Tags', 'Tags for this member.'),
        customProperties,
        authoritativeDefinitions: authDefs,
      },
      'A person in the team. Required: `username`.',
      { required: ['username'] },
    ),
    Team: obj(
      {
        id: ref('StableId', 'Stable technical id of the team.'),
        name: str('Name of the team, e.g. `checkout-data`.'),
        description: str('What the team does.'),
        members: arr({ $ref: '#/$defs/TeamMember' }, 'The people in the team, each with at least `username`.'),
        tags: ref('Tags', 'Tags for the team.'),
        customProperties,
        authoritativeDefinitions: authDefs,
      },
      'The team that owns the contract (v3.1+ form: an object with `members`).',
    ),
    SlaProperty: obj(
      {
        id: ref('StableId', 'Stable technical id of this SLA entry.'),
        property: str('What the SLA is about, e.g. `latency`, `retention`, `frequency`, `generalAvailability`, `endOfSupport`, `timeOfAvailability`.'),
        value: scalar('The agreed value, e.g. `4` (with `unit: d`) or `2025-12-31`.'),
        valueExt: scalar('An extended value, e.g. the upper bound of a range.'),
        unit: str('Unit of `value`: `d`/`day`/`days`, `y`/`yr`/`years`, `h`, `m`… e.g. `unit: d`.'),
        element: str('Element(s) the SLA applies to, `object.property`, several comma-separated, e.g. `orders.created_at`.'),
        driver: str('Why the SLA matters: `regulatory`, `analytics` or `operational`.'),
        description: str('The SLA in words.'),
        scheduler: str('Scheduler that checks the SLA, e.g. `cron`.'),
        schedule: str('When the SLA is checked, in the scheduler\'s syntax.'),
      },
      'A service-level agreement. Required: `property` and `value`, e.g. `property: latency`, `value: 4`, `unit: d`.',
      { required: ['property', 'value'] },
    ),
    RelationshipSchemaLevel: obj(relationshipKeys(true), 'A relationship declared on a schema object: `from` (this object\'s property) and `to` (the target), both single references or lists of the same length for a composite key.', {
      required: ['from', 'to'],
    }),
    RelationshipPropertyLevel: obj(relationshipKeys(false), 'A relationship declared on a property: `to` names the target property, e.g. `to: users.user_id`; `from` is this property and must not be written.', {
      required: ['to'],
    }),
  };
  if (v32) Object.assign(defs, v32Defs(customProperties, authDefs));
  return defs;
}

function v32Defs(customProperties: JsonSchema, authDefs: JsonSchema): Record<string, JsonSchema> {
  const listItem = (key: string, keyDesc: string, desc: string, extra: Record<string, JsonSchema> = {}) =>
    obj({ id: str('Stable identifier of the entry.'), [key]: str(keyDesc), ...extra, authoritativeDefinitions: authDefs, tags: arr({ type: 'string' }, 'Tags for this entry.'), customProperties }, desc, { required: [key] });
  return {
    EnumValue: obj(
      {
        value: scalar('The allowed value, e.g. `pending` or `1`.'),
        label: str('Label to show for the value in a user interface, e.g. `Pending`.'),
        id: ref('StableId', 'Stable technical id of this value.'),
        description: str('What the value means.'),
        customProperties: ref('CustomProperties', 'Additional key/value pairs for this value (e.g. translations).'),
        authoritativeDefinitions: authDefs,
        tags: ref('Tags', 'Tags for this value.'),
      },
      'An allowed value of the property (v3.2). Required: `value`.',
      { required: ['value'] },
    ),
    Synonym: obj(
      {
        id: ref('StableId', 'Stable technical id of this synonym.'),
        synonym: str('The other name, e.g. `customer` for `user`.'),
        description: str('When or why this other name is used.'),
        locale: str('Language of the synonym as a BCP 47 tag, e.g. `en-US`, `fr-FR`.'),
        source: str('Where the synonym comes from, e.g. `glossary`, `legacy-system`.'),
        status: str('Status of the synonym, e.g. `active`, `deprecated`.'),
        customProperties,
      },
      'Another name for the element (v3.2), for catalogs and natural-language tools. Required: `synonym`.',
      { required: ['synonym'] },
    ),
    Synonyms: arr({ $ref: '#/$defs/Synonym' }, 'Other names of this element (v3.2), each with `synonym`.'),
    Context: {
      description: 'Guidance for AI agents and semantic tools (v3.2): a string (instructions only) or an object with `instructions`, `verifiedStatements` and `constraints`.',
      type: ['string', 'object'],
      properties: {
        instructions: str('How AI agents and tools should use this element, in natural language.'),
        verifiedStatements: arr(listItem('question', 'The canonical question, e.g. "What is the revenue per day?".', 'A canonical question, with its verified answer when given. Required: `question`.', { answer: str('The verified answer or the description of the expected result.') }), 'Canonical questions and verified question/answer pairs.'),
        constraints: arr(listItem('constraint', 'What AI agents must not do, e.g. "never join on email".', 'A constraint for AI agents. Required: `constraint`.'), 'What AI agents must NOT do with this element.'),
      },
      additionalProperties: false,
    },
  };
}

