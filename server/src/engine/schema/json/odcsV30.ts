/**
 * ODCS v3.0.x rules, derived from our v3.1 schema by the differences the official v3.0.2 JSON Schema has:
 *  - quality rules name their library check `rule` (a free string; v3.1 renamed it `metric` with an enum); a rule
 *    without `type` is a library rule; operators (`mustBe`…) are optional; `metric` is accepted too (CL026 hints
 *    that it is the v3.1 name, see versionHints.ts);
 *  - `exclusiveMinimum` / `exclusiveMaximum` are booleans ("the bound beside me is exclusive"), not numbers;
 *  - `team` is the list of members;
 *  - only the root, schema objects, properties and `logicalTypeOptions` are closed: team members (`comment`),
 *    servers (kafka `topic`, api `format`/`delimiter`, redshift `port`), roles, support channels, price, SLAs,
 *    relationships, quality rules and custom properties accept keys v3.1 dropped or never had.
 * Two deliberate leniencies, where real v3.0 contracts depart from the official v3.0.2 schema: `metric` is
 * accepted in place of `rule` (with a CL009 hint), and `timestamp`/`time` logical types (missing from v3.0.2's enum,
 * written by datacontract-cli) are accepted. The corpus test holds every other verdict to the official schema.
 */
import { arr, str, type JsonSchema } from './dsl.js';

/** Definitions v3.0.2 leaves open to unknown keys. */
const OPEN_IN_V30 = /^(CustomProperty|Role|SupportItem|Pricing|TeamMember|Team|SlaProperty|Relationship\w*|Quality|Server|Server_\w+)$/;

export function toV30(schema: JsonSchema): JsonSchema {
  const defs = { ...(schema.$defs as Record<string, JsonSchema>) };
  for (const [name, def] of Object.entries(defs)) {
    if (!OPEN_IN_V30.test(name)) continue;
    const open: JsonSchema = { ...def };
    delete open.additionalProperties;
    delete open.unevaluatedProperties;
    defs[name] = open;
  }
  const quality = defs.Quality;
  if (quality) {
    const allOf = [...((quality.allOf as JsonSchema[]) ?? [])];
    // The library branch applies when `type` is `library` or absent (v3.0.2: `if: {properties: {type: {const: library}}}`).
    allOf[0] = { if: { anyOf: [{ properties: { type: { const: 'library' } }, required: ['type'] }, { not: { required: ['type'] } }] }, then: { $ref: '#/$defs/QualityLibrary' } };
    defs.Quality = { ...quality, allOf };
  }
  const lib = defs.QualityLibrary;
  if (lib) {
    const props = { ...(lib.properties as Record<string, JsonSchema>) };
    props.rule = str('The library check to run (ODCS v3.0; v3.1 renamed it `metric`), e.g. `nullCheck`, `duplicateCount`, `validValues`, `rowCount`.');
    props.metric = str('The v3.1 name of `rule`. Accepted here; in a v3.0.x file `rule` is the key.');
    defs.QualityLibrary = { type: 'object', $comment: 'when type', description: 'Keys of a library check (ODCS v3.0): `rule` names the check; a comparison operator is optional.', properties: props, anyOf: [{ required: ['rule'] }, { required: ['metric'] }] };
  }
  const sql = defs.QualitySql;
  if (sql) {
    const { anyOf: _a, dependentSchemas: _d, ...rest } = sql;
    defs.QualitySql = rest;
  }
  for (const name of Object.keys(defs)) defs[name] = booleanExclusiveBounds(defs[name]);
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  properties.team = arr({ $ref: '#/$defs/TeamMember' }, 'The team that owns the contract: the list of its members (ODCS v3.0), each with at least `username`.');
  return { ...schema, properties, $defs: defs };
}

const EXCLUSIVE = (which: string) => ({ type: 'boolean', default: false, description: `ODCS v3.0: \`true\` makes \`${which}\` exclusive (v3.1 writes the bound itself as \`exclusive${which[0].toUpperCase()}${which.slice(1)}: <value>\`).` });

/** `logicalTypeOptions.exclusiveMinimum/Maximum` become booleans wherever they are declared. */
function booleanExclusiveBounds(s: JsonSchema): JsonSchema {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  const out: JsonSchema = { ...s };
  const props = out.properties as Record<string, JsonSchema> | undefined;
  if (props && typeof props === 'object') {
    const next: Record<string, JsonSchema> = {};
    for (const [k, v] of Object.entries(props)) {
      next[k] = k === 'exclusiveMaximum' && !('$ref' in (v ?? {})) ? EXCLUSIVE('maximum') : k === 'exclusiveMinimum' && !('$ref' in (v ?? {})) ? EXCLUSIVE('minimum') : booleanExclusiveBounds(v);
    }
    out.properties = next;
  }
  for (const k of ['items', 'then', 'else', 'if', 'not', 'additionalProperties']) if (out[k] && typeof out[k] === 'object') out[k] = booleanExclusiveBounds(out[k] as JsonSchema);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(out[k])) out[k] = (out[k] as JsonSchema[]).map(booleanExclusiveBounds);
  return out;
}
