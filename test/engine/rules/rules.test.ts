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
  'CL104-empty-id.odcs.yaml': [['CL104', 'error', 5, 5, 5, 7, '""']],
  'CL105-duplicate-id.odcs.yaml': [
    ['CL105', 'error', 10, 9, 10, 16, 'analyst'],
    ['CL105', 'error', 18, 11, 18, 13, 'm1'],
    ['CL105', 'error', 26, 17, 26, 27, 'q_not_null'],
  ],
  'CL106-array-without-items.odcs.yaml': [['CL106', 'warning', 10, 22, 10, 27, 'array']],
  'CL107-duplicate-custom-property.odcs.yaml': [['CL107', 'warning', 11, 15, 11, 25, 'owner_team']],
  'CL108-invalid-bound-value.odcs.yaml': [
    ['CL108', 'error', 17, 20, 17, 32, 'next tuesday'],
    ['CL108', 'error', 21, 20, 21, 32, "'2020-02-30'"],
    // In a declared common format (`dd/MM/yyyy`): 31/12/2030 parses, day 32 does not; a month-name format is not read.
    ['CL108', 'error', 32, 20, 32, 30, '32/01/2024'],
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
  'CL128-sql-unknown-table.odcs.yaml': [
    ['CL128', 'warning', 14, 37, 14, 42, 'ordrs'],
    ['CL128', 'warning', 19, 53, 19, 61, 'custmers'],
  ],
  'CL129-quality-rule-without-check.odcs.yaml': [['CL129', 'warning', 9, 9, 9, 20, 'description']],
  'CL130-server-not-found.odcs.yaml': [['CL130', 'error', 21, 20, 21, 24, 'locl']],
  'CL131-sla-element-not-found.odcs.yaml': [
    ['CL131', 'warning', 6, 20, 6, 25, 'order'],
    ['CL131', 'warning', 22, 21, 22, 35, 'order_timestmp'],
    ['CL137', 'warning', 22, 44, 22, 52, 'order_id'],
  ],
  'CL133-support-channel-without-url.odcs.yaml': [['CL133', 'warning', 7, 5, 7, 12, 'channel']],
  'CL134-invalid-price.odcs.yaml': [
    ['CL134', 'error', 7, 3, 7, 14, 'priceAmount'],
    ['CL134', 'error', 7, 16, 7, 21, '-9.95'],
  ],
  'CL135-schedule-without-scheduler.odcs.yaml': [
    ['CL135', 'warning', 11, 9, 11, 17, 'schedule'],
    ['CL135', 'warning', 20, 5, 20, 13, 'schedule'],
  ],
  'CL137-sla-on-non-temporal-property.odcs.yaml': [['CL137', 'warning', 17, 21, 17, 29, 'order_id']],
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
