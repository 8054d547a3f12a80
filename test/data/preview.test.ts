import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { withContractSession } from '../../server/src/engine/data/open.ts';
import { findSchema, previewSchema, type PreviewResult } from '../../server/src/engine/data/preview.ts';
import { contractYaml, duck, loadContract, newWorkspace, write } from './dataFixtures.ts';

const PROPS = [
  '      - name: order_id',
  '        logicalType: integer',
  '        required: true',
  '      - name: status',
  '        logicalType: string',
  '        enum:', // ODCS v3.2: items are mappings with a value
  '          - value: new',
  '            label: New',
  '          - value: paid',
  '          - value: shipped',
  '      - name: country',
  '        logicalType: string',
  '        logicalTypeOptions:',
  '          pattern: "^[A-Z]{2}$"',
  '          maxLength: 2',
  '      - name: quantity',
  '        logicalType: integer',
  '        logicalTypeOptions:',
  '          minimum: 1',
  '          maximum: 100',
  '      - name: placed_on',
  '        logicalType: date',
  '        logicalTypeOptions:',
  "          format: dd/MM/yyyy",
  '      - name: gone',
  '        logicalType: string',
  '',
].join('\n');

const CSV = [
  'order_id,status,country,quantity,placed_on,extra',
  '1,new,DE,5,31/01/2024,x',
  ',paid,FR,0,01/02/2024,x', // required null; quantity below minimum
  '3,lost,de,101,2024-02-01,x', // enum; pattern; maximum; date format
  '4,shipped,DEU,abc,02/02/2024,x', // pattern + maxLength; type (not an integer)
  '5,new,,,,x', // nulls: nothing but required may fire
  '6,paid,IT,2.5,03/02/2024,x', // not an integer
].join('\n') + '\n';

function marks(p: PreviewResult): string[] {
  const out: string[] = [];
  p.rows.forEach((row, r) => {
    for (const [col, ids] of Object.entries(row.broken ?? {})) {
      for (const id of ids) out.push(`${r}:${p.columns[Number(col)].name}:${p.rules[id].rule}`);
    }
  });
  return out.sort();
}

async function preview(dir: string, schema = 'orders', limit?: number): Promise<PreviewResult> {
  const path = join(dir, 'c.odcs.yaml');
  const contract = loadContract(path);
  return withContractSession([{ contract, path }], { root: dir }, ({ session }) => previewSchema(session, contract, findSchema(contract, schema)!, { limit }));
}

test('preview marks exactly the cells that break a rule; nulls only break required', async () => {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', CSV);
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  const p = await preview(dir);
  assert.equal(p.rows.length, 6);
  assert.equal(p.truncated, false);
  assert.deepEqual(p.columns.map((c) => c.name), ['order_id', 'status', 'country', 'quantity', 'placed_on', 'extra']);
  assert.equal(p.columns[5].property, undefined, 'extra column has no property');
  assert.deepEqual(p.missingColumns, ['gone']);
  assert.deepEqual(marks(p), [
    '1:order_id:required',
    '1:quantity:minimum',
    '2:country:pattern',
    '2:placed_on:format',
    '2:quantity:maximum',
    '2:status:enum',
    '3:country:maxLength',
    '3:country:pattern',
    '3:quantity:type',
    '5:quantity:type',
  ]);
  assert.equal(p.brokenCells, 9);
  assert.equal(p.rows[0].values[0], 1);
  const text = await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'c.odcs.yaml'), 'utf8'));
  const enumRule = p.rules.find((r) => r.rule === 'enum')!;
  assert.equal(text.slice(enumRule.range!.start, enumRule.range!.end), 'enum', 'a rule points at its constraint in the contract');
});

test('preview limit: LIMIT pushed down, truncated flag, typed parquet columns skip the cast checks', async () => {
  const dir = newWorkspace();
  await duck(`COPY (SELECT range::INTEGER AS order_id, CASE WHEN range % 10 = 0 THEN NULL ELSE 'new' END AS status, 'DE' AS country, (range % 200)::INTEGER AS quantity, DATE '2024-01-01' + range::INTEGER AS placed_on FROM range(1000000)) TO '${dir}/orders.parquet' (FORMAT parquet)`);
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: orders.parquet\n', schemas: [{ name: 'orders', props: PROPS.replace('          format: dd/MM/yyyy\n', '          format: yyyy-MM-dd\n') }] }));
  const p = await preview(dir, 'orders', 20);
  assert.equal(p.rows.length, 20);
  assert.equal(p.truncated, true);
  assert.ok(!p.rules.some((r) => r.rule === 'type' || r.rule === 'format'), 'integer and date columns need no cast check');
  assert.deepEqual(marks(p), ['0:quantity:minimum']);
  assert.equal(p.rows[1].values[4], '2024-01-02');
});

test('a source error surfaces as a clear rejection, not a crash', async () => {
  const dir = newWorkspace();
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/missing.csv\n', schemas: [{ name: 'orders', props: PROPS }] }));
  await assert.rejects(preview(dir), /data\/missing\.csv does not exist/);
});
