/**
 * Version-aware validation of ODCS v3.0.x files and the "Upgrade to v3.1.0" fix: a v3.0.2 file in v3.0 forms
 * (`rule`, boolean `exclusiveMaximum`, team member `comment`) is valid as is, `metric` gets a hint, and the upgrade
 * rewrites it into a file the v3.1.0 rules — ours and the official v3.1.0 schema — accept.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { ROOT, CORPUS } from '../helpers/paths.ts';
import { applyEdits, lintText, tuples } from './rules/helpers.ts';

const FILE = join(ROOT, 'test', 'fixtures', 'versions', 'v302-upgrade.odcs.yaml');

function official(version: 'v3.0.2' | 'v3.1.0') {
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(JSON.parse(readFileSync(join(CORPUS, version, `odcs-json-schema-${version}.json`), 'utf8')));
}

test('a v3.0.2 file in v3.0 forms: no error; CL009 offers the upgrade on apiVersion and marks `metric`', async () => {
  const text = readFileSync(FILE, 'utf8');
  // The official v3.0.2 schema's only objection is the one deliberate leniency: `metric` where v3.0 requires `rule`.
  const v302 = official('v3.0.2');
  v302(parse(text));
  assert.deepEqual([...new Set((v302.errors ?? []).filter((e) => e.keyword === 'required').map((e) => `${e.instancePath} ${e.params.missingProperty}`))], ['/schema/0/properties/0/quality/1 rule']);
  const found = await lintText('file:///mem/v302.odcs.yaml', text);
  assert.deepEqual(found.filter((f) => f.severity === 'error').map((f) => `${f.line} ${f.code} ${f.message}`), []);
  assert.deepEqual(tuples(found.filter((f) => f.code === 'CL009')), [
    ['CL009', 'hint', 1, 13, 1, 19, 'v3.0.2'],
    ['CL009', 'hint', 22, 13, 22, 19, 'metric'],
  ]);
  const metricHint = found.find((f) => f.code === 'CL009' && f.text === 'metric')!;
  assert.deepEqual(metricHint.finding.fixes?.map((x) => x.title), ['Upgrade to v3.1.0', 'Rename to `rule`']);
});

test('"Upgrade to v3.1.0" rewrites the v3.0 forms; the result is clean under v3.1.0 (ours and the official schema)', async () => {
  const text = readFileSync(FILE, 'utf8');
  const hint = (await lintText('file:///mem/v302.odcs.yaml', text)).find((f) => f.code === 'CL009' && f.line === 1)!;
  const upgraded = applyEdits(text, hint.finding.fixes![0].edits);
  assert.match(upgraded, /^apiVersion: v3\.1\.0$/m);
  assert.match(upgraded, /- metric: nullValues\n {12}description: no customer without an id\n {12}dimension: completeness\n {12}mustBe: 0\n/);
  assert.match(upgraded, /logicalTypeOptions:\n {10}minimum: 18\n {10}exclusiveMaximum: 130\n/);
  assert.match(upgraded, /- metric: rowCount\n {8}mustBeGreaterThan: 100\n/);
  assert.match(upgraded, /metric: rowCount\n {8}description: at least one row\n {8}mustBeGreaterThan: 0\n/);
  assert.doesNotMatch(upgraded, /\brule:|exclusiveM\w+: (true|false)/);
  const after = await lintText('file:///mem/v310.odcs.yaml', upgraded);
  assert.deepEqual(after.filter((f) => f.severity === 'error').map((f) => `${f.line} ${f.code} ${f.message}`), []);
  assert.equal(after.filter((f) => f.code === 'CL009').length, 0);
  assert.match(upgraded, /role: Data Scientist\n {4}description: joined from the BI team\n/);
  const v31 = official('v3.1.0');
  assert.equal(v31(parse(upgraded)), true, JSON.stringify(v31.errors));
});
