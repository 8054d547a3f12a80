/**
 * The schema knowledge completion and hover use (schemaInfoAt), and the promise behind it: every key of every
 * schema we ship has a description a person can read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { schemaInfoAt } from '../../server/src/engine/schema/describe.ts';
import type { JsonSchema } from '../../server/src/engine/schema/json/dsl.ts';
import { schemaFor } from '../../server/src/engine/schema/schemas.ts';

const DOC = parse(`
apiVersion: v3.1.0
kind: DataContract
servers:
  - server: warehouse
    type: postgres
  - server: lake
    type: s3
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
      - name: amount
        logicalType: number
    quality:
      - type: sql
`);

const names = (info: ReturnType<typeof schemaInfoAt>) => info?.keys.map((k) => k.name) ?? [];

test('top-level keys: required flags, types, enum values, deprecation', () => {
  const info = schemaInfoAt('odcs', 'v3.1.0', [], DOC)!;
  const api = info.keys.find((k) => k.name === 'apiVersion')!;
  assert.equal(api.required, true);
  assert.deepEqual(api.enumValues, ['v3.2.0', 'v3.1.0', 'v3.0.2', 'v3.0.1', 'v3.0.0']);
  assert.equal(info.keys.find((k) => k.name === 'name')!.required, false);
  assert.equal(info.keys.find((k) => k.name === 'schema')!.type, 'array');
  assert.equal(info.keys.find((k) => k.name === 'slaDefaultElement')!.deprecated, true);
  assert.ok(!names(info).includes('context'), 'v3.2 key absent from v3.1 documents');
  assert.ok(names(schemaInfoAt('odcs', 'v3.2.0', [], DOC)).includes('context'));
});

test('server keys follow the server type', () => {
  const pg = names(schemaInfoAt('odcs', 'v3.1.0', ['servers', 0], DOC));
  const s3 = names(schemaInfoAt('odcs', 'v3.1.0', ['servers', 1], DOC));
  for (const k of ['server', 'type', 'host', 'port', 'database', 'schema']) assert.ok(pg.includes(k), `postgres has ${k}`);
  assert.ok(!pg.includes('location'));
  assert.ok(s3.includes('location') && s3.includes('endpointUrl') && !s3.includes('port'));
  const type = schemaInfoAt('odcs', 'v3.1.0', ['servers', 0, 'type'], DOC)!;
  assert.ok(type.enumValues!.includes('postgres') && type.enumValues!.includes('snowflake'));
});

test('logicalTypeOptions follow the logicalType; quality keys follow the quality type', () => {
  assert.deepEqual(names(schemaInfoAt('odcs', 'v3.1.0', ['schema', 0, 'properties', 0, 'logicalTypeOptions'], DOC)).sort(), ['format', 'maxLength', 'minLength', 'pattern']);
  const num = schemaInfoAt('odcs', 'v3.1.0', ['schema', 0, 'properties', 1, 'logicalTypeOptions'], DOC)!;
  assert.ok(names(num).includes('minimum') && !names(num).includes('maxLength'));
  assert.deepEqual(num.keys.find((k) => k.name === 'format')!.enumValues, ['f32', 'f64']);
  const sql = schemaInfoAt('odcs', 'v3.1.0', ['schema', 0, 'quality', 0], DOC)!;
  assert.ok(names(sql).includes('query') && names(sql).includes('mustBe') && !names(sql).includes('metric'));
  assert.equal(sql.keys.find((k) => k.name === 'query')!.required, true);
  const dims = schemaInfoAt('odcs', 'v3.1.0', ['schema', 0, 'quality', 0, 'dimension'], DOC)!;
  assert.ok(dims.enumValues!.includes('completeness'));
  assert.match(dims.description!, /completeness/);
});

test('v3.2 property keys (enum, map) are offered for v3.2 documents', () => {
  const doc = parse('apiVersion: v3.2.0\nschema:\n  - name: t\n    properties:\n      - name: prefs\n        logicalType: map\n');
  const prop = schemaInfoAt('odcs', 'v3.2.0', ['schema', 0, 'properties', 0], doc)!;
  assert.ok(names(prop).includes('enum') && names(prop).includes('map'));
  assert.equal(prop.keys.find((k) => k.name === 'map')!.required, true);
  assert.deepEqual(names(schemaInfoAt('odcs', 'v3.2.0', ['schema', 0, 'properties', 0, 'map'], doc)).sort(), ['key', 'value']);
  assert.ok(schemaInfoAt('odcs', 'v3.2.0', ['schema', 0, 'properties', 0, 'logicalType'], doc)!.enumValues!.includes('map'));
});

test('DCS: fields by name, and unknown places give undefined', () => {
  const field = schemaInfoAt('dcs', '1.1.0', ['models', 'orders', 'fields', 'order_id'], {})!;
  assert.ok(names(field).includes('type') && names(field).includes('references'));
  assert.equal(schemaInfoAt('odcs', 'v3.1.0', ['nope', 'deeper'], DOC), undefined);
});

/** Every key (and every $defs entry) of every schema we ship has a description of some substance. */
test('every key of every shipped schema has a description', () => {
  for (const ruleSet of [{ format: 'odcs', rules: '3.1' }, { format: 'odcs', rules: '3.2' }, { format: 'dcs' }] as const) {
    const root = schemaFor(ruleSet);
    const missing: string[] = [];
    const visit = (s: unknown, where: string, isKey: boolean) => {
      if (!s || typeof s !== 'object' || Array.isArray(s)) return;
      const schema = s as JsonSchema;
      if (isKey && !(typeof schema.description === 'string' && schema.description.length >= 10)) missing.push(where);
      for (const [k, v] of Object.entries((schema.properties as JsonSchema | undefined) ?? {})) visit(v, `${where}.${k}`, true);
      for (const [k, v] of Object.entries((schema.$defs as JsonSchema | undefined) ?? {})) visit(v, `$defs.${k}`, true);
      for (const kw of ['items', 'additionalProperties', 'then', 'if', 'not']) visit(schema[kw], `${where}/${kw}`, false);
      for (const kw of ['allOf', 'anyOf', 'oneOf']) for (const [i, b] of ((schema[kw] as unknown[]) ?? []).entries()) visit(b, `${where}/${kw}/${i}`, false);
    };
    visit(root, '#', false);
    assert.deepEqual(missing.filter((m) => !m.includes('/if')), [], `keys without description in ${JSON.stringify(ruleSet)}`);
  }
});
