/**
 * Structure validation (CL020–CL025, CL008) on real fixture files through the real pipeline: code, severity and
 * exact range of each finding, and its quick fix applied to the text and re-analysed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument } from '../../server/src/engine/analyze.ts';
import type { Finding, TextEdit } from '../../server/src/engine/findings.ts';
import { LineIndex } from '../../server/src/engine/text/lineIndex.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { ROOT } from '../helpers/paths.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'schema');

async function analyze(text: string, name = 'fixture.odcs.yaml'): Promise<Finding[]> {
  const index = new WorkspaceIndex();
  const doc = index.set(`file:///fixtures/${name}`, text);
  return analyzeDocument(doc, index);
}

/** 1-based line:column of a finding's start and end, as a person reads it in an editor. */
function where(text: string, f: Finding): string {
  const lines = new LineIndex(text);
  const s = lines.positionAt(f.range.start);
  const e = lines.positionAt(f.range.end);
  return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

interface Expectation {
  file: string;
  code: string;
  severity: Finding['severity'];
  /** line:col-line:col, 1-based, end exclusive. */
  range: string;
  message: RegExp;
  /** Title of the fix to apply; the re-analysed text must not have the finding any more. */
  fix?: RegExp;
}

const CASES: Expectation[] = [
  { file: 'cl020-unknown-key.odcs.yaml', code: 'CL020', severity: 'error', range: '12:9-12:16', message: /Unknown key `requird`: did you mean `required`\?/, fix: /Rename to `required`/ },
  { file: 'cl020-unknown-key.odcs.yaml', code: 'CL020', severity: 'error', range: '12:9-12:16', message: /requird/, fix: /Remove `requird`/ },
  { file: 'cl021-missing-key.odcs.yaml', code: 'CL021', severity: 'error', range: '7:5-7:13', message: /Missing required key `value`/, fix: /Add `value: TODO`/ },
  { file: 'cl022-wrong-type.odcs.yaml', code: 'CL022', severity: 'error', range: '11:19-11:22', message: /`required` must be `true` or `false`, but it is the text `yes`\. Did you mean `true`\?/, fix: /Replace with `true`/ },
  { file: 'cl023-invalid-enum.odcs.yaml', code: 'CL023', severity: 'error', range: '10:22-10:30', message: /`timestmp` is not a valid `logicalType`\. Did you mean `timestamp`\? Allowed: `string`, `date`, `timestamp`/, fix: /Replace with `timestamp`/ },
  { file: 'cl024-invalid-value.odcs.yaml', code: 'CL024', severity: 'error', range: '12:17-12:22', message: /`users` is not a valid `to`.*object\.property/ },
  { file: 'cl025-constraint.odcs.yaml', code: 'CL025', severity: 'error', range: '12:22-12:24', message: /`maxLength` must be >= 0, but it is `-1`/ },
  { file: 'cl008-future-version.odcs.yaml', code: 'CL008', severity: 'warning', range: '1:13-1:19', message: /`v3\.9\.0` is a version Contract Lens does not know.*validated with the v3\.2\.0 rules/, fix: /Change to `v3\.2\.0`/ },
  { file: 'malformed-version.odcs.yaml', code: 'CL024', severity: 'error', range: '1:13-1:16', message: /`3\.1` is not an ODCS version.*Did you mean `v3\.1\.0`\?/, fix: /Change to `v3\.1\.0`/ },
  { file: 'server-type-branch.odcs.yaml', code: 'CL020', severity: 'error', range: '13:5-13:15', message: /Unknown key `stagingDir`: it applies only when `type` is `athena` or `custom`\./, fix: /Remove `stagingDir`/ },
  { file: 'v32-key-in-v31.odcs.yaml', code: 'CL020', severity: 'error', range: '11:9-11:13', message: /`enum` is new in ODCS v3\.2\.0, but this contract declares an earlier `apiVersion`/, fix: /Change apiVersion to `v3\.2\.0`/ },
  { file: 'cl026-deprecated-key.yaml', code: 'CL026', severity: 'hint', range: '12:9-12:16', message: /`primary` is deprecated in the Data Contract Specification: use `primaryKey`/, fix: /Rename to `primaryKey`/ },
  { file: 'quality-rule-old-name.odcs.yaml', code: 'CL021', severity: 'error', range: '12:19-12:26', message: /Missing required key `metric`: it is written `rule` here, its older name/, fix: /Rename `rule` to `metric`/ },
  { file: 'dcs-unknown-field-key.yaml', code: 'CL020', severity: 'warning', range: '17:9-17:16', message: /Unknown key `requird`: did you mean `required`\?/, fix: /Rename to `required`/ },
];

for (const c of CASES) {
  test(`${c.file}: ${c.code} ${c.severity} at ${c.range}${c.fix ? `, fix "${c.fix.source}" removes it` : ''}`, async () => {
    const text = readFileSync(join(FIXTURES, c.file), 'utf8');
    const findings = await analyze(text, c.file);
    const structural = findings.filter((f) => /^CL0(0[8]|2\d)$/.test(f.code));
    if (c.code === 'CL026') assert.deepEqual(structural[0]?.tags, ['deprecated']);
    assert.equal(structural.length, 1, `exactly one structure finding expected, got:\n${structural.map((f) => `${where(text, f)} ${f.code} ${f.message}`).join('\n')}`);
    const f = structural[0];
    assert.equal(f.code, c.code);
    assert.equal(f.severity, c.severity);
    assert.equal(where(text, f), c.range);
    assert.match(f.message, c.message);
    if (!c.fix) return;
    const fix = f.fixes?.find((x) => c.fix!.test(x.title));
    assert.ok(fix, `fix ${c.fix} offered; offered: ${f.fixes?.map((x) => x.title).join(', ')}`);
    const fixed = applyEdits(text, fix.edits);
    const after = await analyze(fixed, c.file);
    const remaining = after.filter((x) => /^CL0(0[8]|2\d)$/.test(x.code));
    assert.deepEqual(remaining.map((x) => `${where(fixed, x)} ${x.code} ${x.message}`), [], `after the fix:\n${fixed}`);
  });
}

test('a well-formed DCS file gets only the deprecation note from the structure and format passes', async () => {
  const text = readFileSync(join(FIXTURES, 'dcs-unknown-field-key.yaml'), 'utf8').replace('requird: true', 'required: true');
  const findings = await analyze(text, 'datacontract.yaml');
  assert.deepEqual(findings.filter((f) => f.code.startsWith('CL0')).map((f) => f.code), ['CL007']);
});

test('an unknown key as the first entry of a list item is removed without breaking the item', async () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - nmae: orders\n    name: orders\n';
  const f = (await analyze(text)).find((x) => x.code === 'CL020')!;
  assert.match(f.message, /did you mean `name`\?/);
  const removed = applyEdits(text, f.fixes!.find((x) => x.title.startsWith('Remove'))!.edits);
  assert.equal(removed, 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n');
  assert.deepEqual((await analyze(removed)).filter((x) => x.severity === 'error'), []);
});

test('several keys missing from one object: one finding, one fix adding them all (flow mapping too)', async () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nservers:\n  - { description: primary }\n';
  const findings = (await analyze(text)).filter((x) => x.code === 'CL021');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /Missing required keys `server`, `type`/);
  const fixed = applyEdits(text, findings[0].fixes![0].edits);
  assert.equal(fixed.split('\n')[6], '  - { description: primary, server: TODO, type: TODO }');
});

test('a wrong quality operator set gives one finding, not one per operator', async () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: orders\n    quality:\n      - metric: rowCount\n      - metric: nullValues\n        mustBe: 0\n        mustBeLessThan: 3\n';
  const findings = (await analyze(text)).filter((x) => x.code.startsWith('CL02'));
  assert.deepEqual(
    findings.map((f) => `${where(text, f)} ${f.code}`),
    ['9:9-9:15 CL021', '12:9-12:23 CL025'],
    findings.map((f) => f.message).join('\n'),
  );
  assert.match(findings[0].message, /needs one comparison operator/);
});

test('CRLF documents get CRLF in inserted lines', async () => {
  const text = readFileSync(join(FIXTURES, 'cl021-missing-key.odcs.yaml'), 'utf8').replace(/\n/g, '\r\n');
  const f = (await analyze(text)).find((x) => x.code === 'CL021')!;
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.ok(fixed.includes('    unit: d\r\n    value: TODO\r\n'), JSON.stringify(fixed));
  assert.deepEqual((await analyze(fixed)).filter((x) => x.code.startsWith('CL02')), []);
});

test('a misspelt required key is one finding (unknown key with a rename fix), not two', async () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - nmae: orders\n    physicalType: table\n';
  const findings = (await analyze(text)).filter((x) => x.code.startsWith('CL02'));
  assert.deepEqual(findings.map((f) => `${where(text, f)} ${f.code}`), ['7:5-7:9 CL020']);
  const renamed = applyEdits(text, findings[0].fixes!.find((x) => x.preferred)!.edits);
  assert.deepEqual((await analyze(renamed)).filter((x) => x.severity === 'error'), []);
});

test('versions: a v3.1 patch we do not know is validated with the v3.1 rules, another major is an error', async () => {
  const base = 'kind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\n';
  const patch = (await analyze(`apiVersion: v3.1.7\n${base}`)).filter((f) => f.code.startsWith('CL0'));
  assert.deepEqual(patch.map((f) => [f.code, f.severity]), [['CL008', 'warning']]);
  assert.match(patch[0].message, /validated with the v3\.1\.0 rules/);
  const v2 = (await analyze(`apiVersion: v2.2.0\n${base}`)).filter((f) => f.code.startsWith('CL0'));
  assert.deepEqual(v2.map((f) => [f.code, f.severity]), [['CL023', 'error']]);
  assert.match(v2[0].message, /`v2\.2\.0` is not supported/);
  const missing = (await analyze(base)).filter((f) => f.code.startsWith('CL0'));
  assert.deepEqual(missing.map((f) => [f.code, f.message.split('.')[0]]), [['CL021', 'Missing required key `apiVersion`']]);
});

test('a key of another server type is reported even while another key is missing; a wrong type hides them', async () => {
  const base = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nservers:\n  - server: db\n';
  const misplaced = `${base}    type: postgres\n    host: h\n    port: 5432\n    database: d\n    stagingDir: s3://x/\n`;
  assert.deepEqual((await analyze(misplaced)).filter((f) => f.code.startsWith('CL02')).map((f) => f.message.replace(/[.:]( .*)?$/, '')), ['Missing required key `schema` (required when `type` is `postgres`)', 'Unknown key `stagingDir`']);
  const wrongType = `${base}    type: postgress\n    host: h\n    port: 5432\n`;
  const findings = (await analyze(wrongType)).filter((f) => f.code.startsWith('CL02'));
  assert.deepEqual(findings.map((f) => f.code), ['CL023']);
  assert.match(findings[0].message, /Did you mean `postgres`\?/);
});
