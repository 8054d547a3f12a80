/**
 * The ODCS compatibility corpus (../shared/corpus/odcs), through the real pipeline (analyzeDocument):
 *  - every example of v3.0.2, v3.1.0 and of the v3.2.0 draft lints with zero errors (each by its own version's rules);
 *  - v3.0.2 forms the corpus does not show (written here) get the verdict of the official v3.0.2 schema;
 *  - every negative file of the v3.2.0 draft gets an error on the line that is wrong (asserted per file below);
 *  - for every file, "we report an error" agrees with the standard's own JSON Schema run by ajv (the oracle).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { analyzeDocument } from '../server/src/engine/analyze.ts';
import type { Finding } from '../server/src/engine/findings.ts';
import { LineIndex } from '../server/src/engine/text/lineIndex.ts';
import { WorkspaceIndex } from '../server/src/engine/workspace/index.ts';
import { CORPUS } from './helpers/paths.ts';

interface Linted {
  text: string;
  findings: Finding[];
  errors: (Finding & { line: number })[];
}

async function lint(path: string): Promise<Linted> {
  const text = readFileSync(path, 'utf8');
  const index = new WorkspaceIndex();
  const uri = `file://${path}`;
  const doc = index.set(uri, text);
  const findings = await analyzeDocument(doc, index);
  const lines = new LineIndex(text);
  const errors = findings.filter((f) => f.severity === 'error').map((f) => ({ ...f, line: lines.positionAt(f.range.start).line + 1 }));
  return { text, findings, errors };
}

/** The official schema of a corpus folder, compiled with the draft its `$schema` names (2019-09 for both). */
function oracle(schemaFile: string) {
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2019-09/schema', `${schemaFile} uses another draft`);
  // The standard's schema names formats without defining them; ajv ignores unknown formats when told to, as the
  // standard's own tooling does.
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(schema);
}

const dirs = {
  v30: join(CORPUS, 'v3.0.2', 'examples'),
  v31: join(CORPUS, 'v3.1.0', 'examples'),
  v32: join(CORPUS, 'v3.2.0-draft', 'examples'),
  negative: join(CORPUS, 'v3.2.0-draft', 'negative'),
};
const oracles = {
  v30: oracle(join(CORPUS, 'v3.0.2', 'odcs-json-schema-v3.0.2.json')),
  v31: oracle(join(CORPUS, 'v3.1.0', 'odcs-json-schema-v3.1.0.json')),
  v32: oracle(join(CORPUS, 'v3.2.0-draft', 'odcs-json-schema-v3.2.0.json')),
};
const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

/** The offending line of each negative file, found by reading the file (1-based). */
const OFFENDING_LINE: Record<string, number> = {
  'additional-unknown-property.odcs.yaml': 9, // unknownRootField
  'enum-duplicate-values.odcs.yaml': 17, // the second `- value: pending`
  'enum-empty.odcs.yaml': 15, // enum: []
  'enum-missing-value.odcs.yaml': 16, // `- label: Pending` has no value
  'invalid-api-version.odcs.yaml': 5, // apiVersion: v4.0.0
  'invalid-kind.odcs.yaml': 6, // kind: DataModel
  'invalid-quality-dimension.odcs.yaml': 20, // dimension: validity
  'invalid-quality-metric.odcs.yaml': 17, // metric: invalidMetric
  'invalid-quality-type.odcs.yaml': 17, // type: unknown
  'map-missing-block.odcs.yaml': 14, // logicalType: map, but no `map` block
  'map-missing-key.odcs.yaml': 15, // map: without key
  'map-missing-value.odcs.yaml': 15, // map: without value
  'missing-required-fields.odcs.yaml': 4, // the document (its first key) lacks id and status
  'quality-custom-missing-implementation.odcs.yaml': 17, // type: custom without implementation
  'quality-element-field.odcs.yaml': 18, // element: is not a key of a quality rule
  'quality-library-missing-metric.odcs.yaml': 17, // type: library without metric
  'quality-multiple-operators.odcs.yaml': 20, // mustNotBe next to mustBe
  'quality-mustbebetween-wrong-size.odcs.yaml': 15, // mustBeBetween: [100]
  'quality-sql-missing-query.odcs.yaml': 17, // type: sql without query
  'relationship-property-level-with-from.odcs.yaml': 17, // from: on a property-level relationship
  'relationship-schema-level-missing-from-to.odcs.yaml': 13, // - type: foreignKey without from/to
  'schema-property-invalid-logicaltype.odcs.yaml': 14, // logicalType: binary
  'schema-property-missing-name.odcs.yaml': 13, // property item without name
  'server-invalid-type.odcs.yaml': 11, // type: mongodb
  'server-missing-conditional-fields.odcs.yaml': 11, // type: athena needs schema
  'server-missing-required-fields.odcs.yaml': 10, // server item without server and type
  'sla-missing-required-value.odcs.yaml': 10, // SLA item without value
  'synonym-missing-term.odcs.yaml': 18, // synonym item without synonym
};

const describeErrors = (errors: Linted['errors']) => errors.map((e) => `${e.line}: ${e.code} ${e.message}`).join('\n');

for (const [set, dir] of [['v30', dirs.v30], ['v31', dirs.v31], ['v32', dirs.v32]] as const) {
  for (const file of yamlFiles(dir)) {
    test(`corpus ${set} example ${file}: no error, as the official schema says`, async () => {
      const path = join(dir, file);
      const { errors } = await lint(path);
      assert.equal(oracles[set](parse(readFileSync(path, 'utf8'))), true, 'the official schema accepts the example');
      assert.deepEqual(errors, [], `errors reported:\n${describeErrors(errors)}`);
    });
  }
}

test('every negative file has its offending line listed', () => {
  assert.deepEqual(yamlFiles(dirs.negative), Object.keys(OFFENDING_LINE).sort());
});

for (const file of yamlFiles(dirs.negative)) {
  test(`corpus negative ${file}: an error at line ${OFFENDING_LINE[file]}, as the official schema rejects it`, async () => {
    const path = join(dirs.negative, file);
    const { errors } = await lint(path);
    assert.equal(oracles.v32(parse(readFileSync(path, 'utf8'))), false, 'the official schema rejects the file');
    assert.ok(errors.length > 0, 'at least one error');
    assert.ok(
      errors.some((e) => e.line === OFFENDING_LINE[file]),
      `no error at line ${OFFENDING_LINE[file]}; errors:\n${describeErrors(errors)}`,
    );
  });
}

/** A v3.0.2 contract around one fragment, for verdicts the corpus does not exercise. */
function v30(fragment: string): string {
  return `apiVersion: v3.0.2\nkind: DataContract\nid: frag\nversion: 1.0.0\nstatus: active\n${fragment}`;
}

const V30_CASES: [string, string][] = [
  ['team member comment', 'team:\n  - username: ceastwood\n    role: Data Scientist\n    comment: joined from the BI team\n'],
  ['kafka topic', 'servers:\n  - server: events\n    type: kafka\n    host: broker:9092\n    topic: orders\n    format: avro\n'],
  ['api format and delimiter', 'servers:\n  - server: api\n    type: api\n    location: https://api.example.com/orders\n    format: json\n    delimiter: new_line\n'],
  ['redshift port', 'servers:\n  - server: dwh\n    type: redshift\n    host: dwh.example.com\n    port: 5439\n    database: sales\n    schema: public\n'],
  ['rule without an operator', 'schema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n        quality:\n          - rule: nullCheck\n'],
  ['exclusiveMaximum: 5 beside a v3.0 flag', 'schema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: integer\n        logicalTypeOptions:\n          exclusiveMinimum: true\n          exclusiveMaximum: 5\n'],
  ['unknown key on a property', 'schema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n        colour: red\n'],
  ['sql rule without query', 'schema:\n  - name: t\n    quality:\n      - type: sql\n        mustBe: 0\n'],
];

for (const [what, fragment] of V30_CASES) {
  test(`v3.0.2 verdict agrees with the official v3.0.2 schema: ${what}`, async () => {
    const text = v30(fragment);
    const dir = mkdtempSync(join(tmpdir(), 'cl-v30-'));
    const path = join(dir, 'c.odcs.yaml');
    writeFileSync(path, text);
    try {
      const { errors } = await lint(path);
      const official = oracles.v30(parse(text)) as boolean;
      assert.equal(errors.length === 0, official, `official: ${official ? 'valid' : 'invalid'}; ours:\n${describeErrors(errors)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a v3.0.2 file in v3.1 forms (as the standard\'s own v3.1 examples write them): no error, CL010 says which version it follows', async () => {
  const text = v30('schema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: integer\n        logicalTypeOptions:\n          exclusiveMaximum: 5\n');
  const dir = mkdtempSync(join(tmpdir(), 'cl-v30-'));
  const path = join(dir, 'c.odcs.yaml');
  writeFileSync(path, text);
  try {
    const { errors, findings } = await lint(path);
    assert.deepEqual(errors, []);
    assert.deepEqual(findings.filter((f) => f.code === 'CL010').map((f) => text.slice(f.range.start, f.range.end)), ['v3.0.2']);
    assert.equal(oracles.v31(parse(text)), true, 'the official v3.1.0 schema accepts it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
