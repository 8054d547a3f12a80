import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { contractDrift } from '../../server/src/engine/data/drift.ts';
import { withContractSession } from '../../server/src/engine/data/open.ts';
import type { Finding, TextEdit } from '../../server/src/engine/findings.ts';
import { ruleDocUrl } from '../../server/src/engine/rules/catalog.ts';
import { contractYaml, duck, loadContract, newWorkspace, write } from './dataFixtures.ts';

async function drift(dir: string, file = 'c.odcs.yaml'): Promise<{ findings: Finding[]; text: string }> {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const contract = loadContract(path);
  const findings = await withContractSession([{ contract, path }], { root: dir }, async ({ session }) => contractDrift(session, contract, text));
  return { findings, text };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  return text;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

const PROPS = [
  '      - name: order_id',
  '        logicalType: integer',
  '        required: true',
  '      - name: amount',
  '        logicalType: number',
  '      - name: placed_at',
  '        logicalType: timestamp',
  '      - name: coupon',
  '        logicalType: string',
  '',
].join('\n');

test('no drift when the data matches the contract (csv types are guesses: integer/number/timestamp accepted)', async () => {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', 'order_id,amount,placed_at,coupon\n1,9.5,2024-01-01 10:00:00,A\n2,3,2024-01-02 11:00:00,\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  const { findings } = await drift(dir);
  assert.deepEqual(findings, []);
});

test('removed, added and retyped columns: CL201 on the property name line, CL202 on the schema name, CL203 on the name', async () => {
  const dir = newWorkspace();
  // coupon removed, channel added, amount now text
  write(dir, 'data/orders.csv', 'order_id,amount,placed_at,channel\n1,nine,2024-01-01 10:00:00,web\n2,3,2024-01-02 11:00:00,app\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  const { findings, text } = await drift(dir);
  const summary = findings.map((f) => `${f.code}@${lineOf(text, f.range.start)}:${text.slice(f.range.start, f.range.end)}`);
  assert.deepEqual(summary, ['CL202@8:orders', 'CL203@13:amount', 'CL201@17:coupon']);
  const [extra, retyped, missing] = findings;
  assert.equal(missing.severity, 'error');
  assert.match(missing.message, /Column "coupon" is declared in the contract but missing from the data \(orders\.csv\)/);
  assert.match(extra.message, /Column "channel" \(VARCHAR\) is in the data/);
  assert.match(retyped.message, /"amount": the data's column "amount" is VARCHAR, but logicalType number accepts/);
  assert.ok(ruleDocUrl('CL203')?.endsWith('CL203-type-mismatch.md'));

  // Quick fix: add the extra column as a property → that finding goes away, the YAML stays well indented.
  const added = applyEdits(text, extra.fixes![0].edits);
  assert.match(added, /      - name: coupon\n        logicalType: string\n      - name: channel\n        logicalType: string\n        physicalType: VARCHAR\nservers:/);
  writeFileSync(join(dir, 'c.odcs.yaml'), added);
  assert.deepEqual((await drift(dir)).findings.map((f) => f.code), ['CL203', 'CL201']);

  // Quick fix: remove the missing property; update the type.
  const text2 = readFileSync(join(dir, 'c.odcs.yaml'), 'utf8');
  const again = (await drift(dir)).findings;
  const fixed = applyEdits(text2, [...again.find((f) => f.code === 'CL201')!.fixes![0].edits, ...again.find((f) => f.code === 'CL203')!.fixes![0].edits]);
  assert.doesNotMatch(fixed, /coupon/);
  assert.match(fixed, /      - name: amount\n        logicalType: string\n/);
  writeFileSync(join(dir, 'c.odcs.yaml'), fixed);
  assert.deepEqual((await drift(dir)).findings, []);
});

test('a date in a VARCHAR column is drift unless a format is declared; physicalType compared exactly for parquet', async () => {
  const dir = newWorkspace();
  await duck(`COPY (SELECT 1::INTEGER AS id, '31/01/2024' AS day, 1::BIGINT AS qty, now()::TIMESTAMPTZ AS ts) TO '${dir}/t.parquet' (FORMAT parquet)`);
  const props = (fmt: string) => [
    '      - name: id', '        logicalType: integer', '        physicalType: INT', '      - name: day', '        logicalType: date', fmt,
    '      - name: qty', '        logicalType: integer', '        physicalType: INTEGER', '      - name: ts', '        logicalType: timestamp', '',
  ].filter((l) => l !== null).join('\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: t.parquet\n', schemas: [{ name: 't', props: props('        description: no format') }] }));
  let { findings, text } = await drift(dir);
  assert.deepEqual(findings.map((f) => `${f.code}:${text.slice(f.range.start, f.range.end)}`), ['CL203:day', 'CL203:qty']);
  assert.match(findings[0].message, /is VARCHAR, but logicalType date accepts DATE \(or text with a declared logicalTypeOptions.format\)/);
  assert.match(findings[1].message, /is BIGINT, but physicalType is INTEGER/);
  const fixedQty = applyEdits(text, findings[1].fixes![0].edits);
  assert.match(fixedQty, /physicalType: BIGINT/);

  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: t.parquet\n', schemas: [{ name: 't', props: props('        logicalTypeOptions:\n          format: dd/MM/yyyy') }] }));
  ({ findings, text } = await drift(dir));
  assert.deepEqual(findings.map((f) => `${f.code}:${text.slice(f.range.start, f.range.end)}`), ['CL203:qty']);
});

test('duckdb database: NOT NULL-less column under a required property is CL204; missing table and missing file are CL210', async () => {
  const dir = newWorkspace();
  await duck(`ATTACH '${dir}/shop.duckdb' AS shop`, 'CREATE TABLE shop.main.orders (order_id BIGINT NOT NULL, amount DECIMAL(10,2), placed_at TIMESTAMPTZ, coupon VARCHAR)', 'DETACH shop');
  const props = PROPS.replace('      - name: amount\n', '      - name: amount\n        required: true\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: db\n    type: duckdb\n    database: shop.duckdb\n', schemas: [{ name: 'orders', props }, { name: 'refunds', props: PROPS }] }));
  const { findings, text } = await drift(dir);
  assert.deepEqual(findings.map((f) => `${f.code}:${text.slice(f.range.start, f.range.end)}`), ['CL204:amount', 'CL210:shop.duckdb']);
  assert.match(findings[1].message, /refunds/);

  write(dir, 'm.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: ./nowhere/orders.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  const m = await drift(dir, 'm.odcs.yaml');
  assert.deepEqual(m.findings.map((f) => `${f.code}:${m.text.slice(f.range.start, f.range.end)}`), ['CL210:./nowhere/orders.csv']);
  assert.match(m.findings[0].message, /nowhere\/orders\.csv does not exist/);
});

test('adding a property to a schema object that has none creates the properties list', async () => {
  const dir = newWorkspace();
  write(dir, 'data/x.csv', 'a,b\n1,2\n');
  const yaml = 'apiVersion: v3.1.0\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\nschema:\n  - name: x\n    physicalType: table\nservers:\n  - server: s\n    type: local\n    path: data/x.csv\n';
  write(dir, 'c.odcs.yaml', yaml);
  const { findings, text } = await drift(dir);
  assert.deepEqual(findings.map((f) => f.code), ['CL202', 'CL202']);
  const fixed = applyEdits(text, findings[0].fixes![0].edits);
  assert.match(fixed, /  - name: x\n    physicalType: table\n    properties:\n      - name: a\n        logicalType: integer\n        physicalType: BIGINT\nservers:/);
  writeFileSync(join(dir, 'c.odcs.yaml'), fixed);
  assert.deepEqual((await drift(dir)).findings.map((f) => f.message.slice(0, 12)), ['Column "b" (']);
});

test('Data Contract Specification files: servers by key, models and fields are compared too', async () => {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', 'order_id,amount,channel\n1,x,web\n');
  write(dir, 'datacontract.yaml', [
    'dataContractSpecification: 1.1.0',
    'id: orders',
    'info:',
    '  title: Orders',
    '  version: 1.0.0',
    'servers:',
    '  local:',
    '    type: local',
    '    path: ./data/{model}.csv',
    '    format: csv',
    'models:',
    '  orders:',
    '    fields:',
    '      order_id:',
    '        type: long',
    '        required: true',
    '      amount:',
    '        type: decimal',
    '      coupon:',
    '        type: string',
    '',
  ].join('\n'));
  const { findings, text } = await drift(dir, 'datacontract.yaml');
  assert.deepEqual(findings.map((f) => `${f.code}:${text.slice(f.range.start, f.range.end)}`), ['CL202:orders', 'CL203:amount', 'CL201:coupon']);
  assert.equal(findings[0].fixes, undefined, 'no add-property fix in the DCS fields map');
});

test('csv guesses are not drift: DOUBLE declared over whole numbers, DATE over a TIMESTAMP guess, VARCHAR over digits', async () => {
  const dir = newWorkspace();
  write(dir, 'data/t.csv', 'pct,born,zip,qty\n5,1990-01-01 00:00:00,01234,1\n10,1991-02-03 00:00:00,99999,2\n');
  const props = [
    '      - name: pct', '        logicalType: number', '        physicalType: DOUBLE',
    '      - name: born', '        logicalType: date', '        physicalType: DATE',
    '      - name: zip', '        logicalType: string', '        physicalType: varchar(5)',
    '      - name: qty', '        logicalType: integer', '        physicalType: DOUBLE', '',
  ].join('\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: s\n    type: local\n    path: data/t.csv\n', schemas: [{ name: 't', props }] }));
  assert.deepEqual((await drift(dir)).findings, []);
  // The same declarations over typed parquet columns are drift.
  await duck(`COPY (SELECT 5::BIGINT AS pct, TIMESTAMP '1990-01-01' AS born, 1234 AS zip, 1::BIGINT AS qty) TO '${dir}/data/t.parquet' (FORMAT parquet)`);
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: s\n    type: local\n    path: data/t.parquet\n', schemas: [{ name: 't', props }] }));
  const { findings, text } = await drift(dir);
  assert.deepEqual(findings.map((f) => `${f.code}:${text.slice(f.range.start, f.range.end)}`), ['CL203:pct', 'CL203:born', 'CL203:zip', 'CL203:qty']);
});

test('the drift report lists each column beside its property, the missing ones, and the findings with lines', async () => {
  const { driftMarkdown } = await import('../../server/src/engine/data/driftReport.ts');
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', 'order_id,amount,placed_at,channel\n1,nine,2024-01-01 10:00:00,web\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  const path = join(dir, 'c.odcs.yaml');
  const text = readFileSync(path, 'utf8');
  const contract = loadContract(path);
  const md = await withContractSession([{ contract, path }], { root: dir }, async ({ session }) => driftMarkdown(contract, text, session, contractDrift(session, contract, text)));
  assert.match(md, /\| channel \| VARCHAR \| — \(not in the contract\) \|  \|/);
  assert.match(md, /\| amount \| VARCHAR \| amount \| number \|/);
  assert.match(md, /\| — \(missing\) \|  \| coupon \| string \|/);
  assert.match(md, /## Findings \(3\)/);
  assert.match(md, /\| 17 \| CL201 \| error \| Column "coupon" is declared/);
});

test('nested properties are compared with STRUCT fields (objects) and list element fields (arrays of objects)', async () => {
  const dir = newWorkspace();
  write(dir, 'data/events.jsonl', '{"id":1,"ctx":{"page":"home","device":{"os":"ios","v":2}},"items":[{"sku":"a","qty":1}]}\n');
  const props = [
    '      - name: id', '        logicalType: integer',
    '      - name: ctx', '        logicalType: object', '        properties:',
    '          - name: page', '            logicalType: string',
    '          - name: referrer', '            logicalType: string',
    '          - name: device', '            logicalType: object', '            properties:',
    '              - name: os', '                logicalType: integer',
    '      - name: items', '        logicalType: array', '        items:', '          logicalType: object', '          properties:',
    '            - name: sku', '              logicalType: string', '',
  ].join('\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: s\n    type: local\n    path: data/{model}.jsonl\n', schemas: [{ name: 'events', props }] }));
  const { findings, text } = await drift(dir);
  assert.deepEqual(findings.map((f) => `${f.code}:${lineOf(text, f.range.start)}:${text.slice(f.range.start, f.range.end)}`), [
    'CL201:17:referrer',
    'CL202:19:device',
    'CL203:22:os',
    'CL202:24:items',
  ]);
  assert.match(findings[0].message, /Field "ctx.referrer" is declared in the contract but missing/);
  assert.match(findings[1].message, /Field "v" \(BIGINT\) is in the data \(events\.jsonl\) but not in "ctx\.device"/);
  assert.match(findings[3].message, /Field "qty" \(BIGINT\) is in the data .* but not in the items of "items"/);
  // Fixes: add the missing nested fields with the nested list's indentation.
  let fixed = applyEdits(text, findings[3].fixes![0].edits);
  fixed = applyEdits(fixed, findings[1].fixes![0].edits);
  assert.match(fixed, /              - name: os\n                logicalType: integer\n              - name: v\n                logicalType: integer\n                physicalType: BIGINT\n/);
  assert.match(fixed, /            - name: sku\n              logicalType: string\n            - name: qty\n              logicalType: integer\n              physicalType: BIGINT\n/);
  writeFileSync(join(dir, 'c.odcs.yaml'), fixed);
  assert.deepEqual((await drift(dir)).findings.map((f) => f.code), ['CL201', 'CL203']);
});
