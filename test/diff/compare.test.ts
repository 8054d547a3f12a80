/** The comparison engine on cases the CLI table does not reach: nesting, arrays, ordered options, rules, servers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareContracts } from '../../server/src/engine/diff/compare.ts';
import { compareIntervals, compareMultipleOf, operatorInterval } from '../../server/src/engine/diff/constraints.ts';
import { ContractDocument } from '../../server/src/engine/workspace/document.ts';

const HEAD = 'apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n';

function diff(before: string, after: string) {
  const b = new ContractDocument('file:///b.odcs.yaml').update(HEAD + before);
  const a = new ContractDocument('file:///a.odcs.yaml').update(HEAD + after);
  const changes = compareContracts(b.contract, a.contract).changes;
  return changes.map((c) => ({ ...c, text: (c.side === 'new' ? a.text : b.text).slice(c.range.start, c.range.end) }));
}

test('nested object properties and array items are compared by path', () => {
  const before = 'schema:\n  - name: users\n    properties:\n      - name: address\n        logicalType: object\n        properties:\n          - name: city\n            logicalType: string\n          - name: zip\n            logicalType: string\n      - name: tags\n        logicalType: array\n        items:\n          logicalType: string\n          logicalTypeOptions:\n            maxLength: 20\n';
  const after = before.replace('          - name: zip\n            logicalType: string\n', '').replace('maxLength: 20', 'maxLength: 10');
  const changes = diff(before, after);
  const removed = changes.find((c) => c.code === 'CL304')!;
  assert.equal(removed.subject, 'users.address.zip');
  assert.equal(removed.text, 'zip');
  const narrowed = changes.find((c) => c.code === 'CL315')!;
  assert.equal(narrowed.subject, 'users.tags[]');
  assert.equal(narrowed.text, '10');
});

test('ordered options: multipleOf, exclusive bounds as booleans or numbers, enum both ways', () => {
  assert.equal(compareMultipleOf(0.01, 0.05), 'narrowed');
  assert.equal(compareMultipleOf(4, 2), 'widened');
  assert.equal(compareMultipleOf(3, 2), 'both');
  const prop = (opts: string, extra = '') => `schema:\n  - name: t\n    properties:\n      - name: x\n        logicalType: number\n${extra}        logicalTypeOptions:\n${opts}`;
  assert.deepEqual(diff(prop('          exclusiveMinimum: false\n'), prop('          exclusiveMinimum: true\n')).map((c) => [c.code, c.level]), [['CL315', 'breaking']]);
  assert.deepEqual(diff(prop('          exclusiveMaximum: 10\n'), prop('          exclusiveMaximum: 20\n')).map((c) => [c.code, c.level]), [['CL316', 'warning']]);
  const both = diff(prop('          minimum: 0\n', '        enum: [a, b]\n'), prop('          minimum: 0\n', '        enum: [a, c]\n'));
  assert.deepEqual(both.map((c) => [c.code, c.level, c.breaks]), [['CL315', 'breaking', ['consumers', 'producers']]]);
  assert.match(both[0].message, /no longer allowed: b; newly allowed: c/);
});

test('quality rules: thresholds as intervals, severity, SQL, matched by name', () => {
  assert.equal(compareIntervals(operatorInterval('mustBe', 0), operatorInterval('mustBeLessThan', 5)), 'widened');
  assert.equal(compareIntervals(operatorInterval('mustBeBetween', [0, 10]), operatorInterval('mustBeBetween', [2, 8])), 'narrowed');
  assert.equal(compareIntervals(operatorInterval('mustBeBetween', [0, 10]), operatorInterval('mustBeBetween', [5, 15])), 'both');
  assert.equal(compareIntervals(operatorInterval('mustNotBe', 0), operatorInterval('mustBe', 0)), 'unknown');
  const rules = (r: string) => `schema:\n  - name: t\n    quality:\n${r}    properties:\n      - name: x\n        logicalType: string\n`;
  const sql = (q: string, sev: string) => `      - name: totals_match\n        type: sql\n        query: "${q}"\n        mustBe: 0\n        severity: ${sev}\n`;
  const changes = diff(rules(sql('SELECT count(*) FROM t', 'error')), rules(sql('SELECT count(*) FROM t WHERE x > 1', 'warning')));
  assert.deepEqual(changes.map((c) => c.code).sort(), ['CL325', 'CL326']);
  assert.ok(changes.find((c) => c.code === 'CL325')!.message.includes('severity'));
  assert.ok(changes.find((c) => c.code === 'CL326')!.message.includes('SQL query changed'));
  const renamed = diff(rules(sql('SELECT 1', 'error')), rules(sql('SELECT 1', 'error').replace('totals_match', 'totals_equal')));
  assert.deepEqual(renamed.map((c) => c.code).sort(), ['CL324', 'CL326'], 'a rule under another name is one removed and one added');
});

test('servers, status, apiVersion minor, DCS contracts', () => {
  const servers = (path: string, extra = '') => `servers:\n  - server: prod\n    type: local\n    path: ${path}\n${extra}schema: []\n`;
  const s = diff(servers('a.csv'), servers('b.csv', '  - server: replica\n    type: local\n    path: r.csv\n'));
  assert.deepEqual(s.map((c) => [c.code, c.level]).sort(), [['CL322', 'info'], ['CL322', 'warning']]);
  assert.equal(diff('schema: []\n', 'schema: []\n').length, 0, 'no change, nothing reported');
  const b = new ContractDocument('file:///b.yaml').update(HEAD + 'schema: []\n');
  const a = new ContractDocument('file:///a.yaml').update(HEAD.replace('status: active', 'status: deprecated').replace('v3.1.0', 'v3.0.2') + 'schema: []\n');
  const changes = compareContracts(b.contract, a.contract).changes;
  assert.deepEqual(changes.map((c) => [c.code, c.level]).sort(), [['CL323', 'info'], ['CL331', 'warning']]);

  const dcs = (fields: string) => `dataContractSpecification: 1.1.0\nid: d\ninfo:\n  title: d\n  version: 1.0.0\nmodels:\n  orders:\n    fields:\n${fields}`;
  const d1 = new ContractDocument('file:///d1.yaml').update(dcs('      order_id:\n        type: integer\n        required: true\n      note:\n        type: string\n'));
  const d2 = new ContractDocument('file:///d2.yaml').update(dcs('      order_id:\n        type: integer\n        required: true\n'));
  const dc = compareContracts(d1.contract, d2.contract).changes;
  assert.deepEqual(dc.map((c) => [c.code, c.subject]), [['CL304', 'orders.note']], 'one change, no metadata noise from DCS keys');
  const d3 = new ContractDocument('file:///d3.yaml').update(dcs('      order_id:\n        type: integer\n        required: true\n        pattern: "^[0-9]+$"\n      note:\n        type: string\n'));
  assert.deepEqual(compareContracts(d1.contract, d3.contract).changes.map((c) => [c.code, c.level]), [['CL315', 'breaking']]);
});
