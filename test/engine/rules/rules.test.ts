/**
 * One fixture per semantic rule (test/fixtures/rules/<CODE>-<slug>.odcs.yaml), analysed through the real pipeline:
 * the exact code, severity and 1-based range of every CL1xx finding, and that each rule's doc page exists.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDbSqlParser } from '../../../server/src/engine/data/sqlParser.ts';
import { allRules, ruleInfo } from '../../../server/src/engine/rules/catalog.ts';
import { ROOT } from '../../helpers/paths.ts';
import { FIXTURES, lint, semantic, tuples } from './helpers.ts';

const sqlParser = new DuckDbSqlParser();
after(() => sqlParser.close());

type Row = [string, string, number, number, number, number, string];

const EXPECTED: Record<string, Row[]> = {
  'CL101-duplicate-schema-object.odcs.yaml': [['CL101', 'error', 11, 11, 11, 17, 'orders']],
  'CL102-duplicate-property.odcs.yaml': [
    ['CL102', 'error', 16, 19, 16, 23, 'city'],
    ['CL102', 'error', 18, 15, 18, 23, 'order_id'],
  ],
  'CL103-primary-key-position.odcs.yaml': [
    ['CL103', 'warning', 16, 29, 16, 30, '3'],
    ['CL103', 'warning', 30, 29, 30, 30, '1'],
  ],
  'CL111-relationship-type-mismatch.odcs.yaml': [['CL111', 'warning', 16, 17, 16, 36, 'products.product_id']],
  'CL112-relationship-shape.odcs.yaml': [
    ['CL112', 'error', 22, 13, 22, 35, '[inventory.product_id]'],
    ['CL112', 'error', 25, 13, 25, 35, '[inventory.product_id]'],
  ],
  'CL113-relationship-source-not-found.odcs.yaml': [
    ['CL113', 'error', 18, 20, 18, 26, 'usr_id'],
    ['CL113', 'error', 22, 15, 22, 28, 'users.user_id'],
  ],
  'CL120-quality-unknown-property.odcs.yaml': [['CL120', 'error', 17, 34, 17, 44, 'custmer_id']],
  'CL121-impossible-threshold.odcs.yaml': [
    ['CL121', 'error', 13, 22, 13, 23, '5'],
    ['CL121', 'error', 17, 32, 17, 35, '100'],
    ['CL121', 'error', 20, 24, 20, 34, '[1000, 10]'],
    ['CL121', 'error', 22, 17, 22, 19, '-1'],
  ],
  'CL122-invalid-pattern.odcs.yaml': [
    ['CL122', 'error', 12, 30, 12, 31, '('],
    ['CL122', 'error', 18, 44, 18, 49, '{5,2}'],
  ],
  'CL123-sql-syntax.odcs.yaml': [['CL123', 'error', 15, 31, 15, 34, 'AND']],
  'CL124-option-not-applicable.dcs.yaml': [['CL124', 'warning', 15, 9, 15, 18, 'maxLength']],
  'CL125-example-violates-constraints.odcs.yaml': [
    ['CL125', 'warning', 15, 13, 15, 19, 'sku-12'],
    ['CL125', 'warning', 20, 26, 20, 28, '-1'],
    ['CL125', 'warning', 23, 20, 23, 25, '"ten"'],
  ],
  'CL126-sql-not-a-query.odcs.yaml': [['CL126', 'error', 13, 16, 13, 59, 'DELETE FROM ${table} WHERE order_id IS NULL']],
  'CL127-pattern-not-portable.odcs.yaml': [
    ['CL127', 'warning', 12, 22, 12, 25, '(?='],
    ['CL127', 'warning', 16, 29, 16, 31, '\\1'],
  ],
  'CL130-server-not-found.odcs.yaml': [['CL130', 'error', 21, 20, 21, 24, 'locl']],
  'CL131-sla-element-not-found.odcs.yaml': [['CL131', 'warning', 21, 21, 21, 35, 'order_timestmp']],
  'CL132-duplicate-server.odcs.yaml': [['CL132', 'error', 11, 13, 11, 18, 'local']],
  'CL140-unused-suppression.odcs.yaml': [['CL140', 'hint', 18, 9, 18, 47, '# contractlens-disable-next-line CL124']],
};

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`${file}: code, severity and exact range`, async () => {
    const found = semantic(await lint(file, [], { sqlParser }));
    assert.deepEqual(tuples(found), expected);
    for (const f of found) assert.equal(f.severity, ruleInfo(f.code)?.severity, `${f.code} uses its catalog severity`);
  });
}

test('every CL1xx fixture is covered by an expectation, and every CL1xx code has a fixture (CL110: cross-file test)', () => {
  const files = readdirSync(FIXTURES).filter((f) => /^CL1\d\d-.*\.ya?ml$/.test(f));
  assert.deepEqual(files.sort(), Object.keys(EXPECTED).sort());
  const codes = allRules().filter((r) => /^CL1\d\d$/.test(r.code)).map((r) => r.code);
  for (const code of codes) {
    if (code === 'CL110') continue;
    assert.ok(files.some((f) => f.startsWith(code + '-')), `fixture for ${code}`);
  }
});

test('every CL1xx rule has its doc page with the catalog slug, saying what it means, an example and how to fix', () => {
  for (const r of allRules().filter((x) => /^CL1\d\d$/.test(x.code))) {
    const path = join(ROOT, 'docs', 'rules', `${r.code}-${r.slug}.md`);
    assert.ok(existsSync(path), `missing ${path}`);
    const text = readFileSync(path, 'utf8');
    assert.match(text, new RegExp(`^# ${r.code}`), `${r.code} page starts with its code`);
    assert.match(text, /```yaml/, `${r.code} page has a YAML example`);
    assert.match(text, /## How to fix/i, `${r.code} page says how to fix`);
  }
});
