/**
 * Structure validation on every keystroke: schema items' ajv results are cached with their parse chunk and reused
 * while the item's text is unchanged (even when it moves), and the findings always equal a from-scratch analysis.
 * Plus: the precompiled standalone validators (what the bundle ships) give exactly the run-time validators' errors.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { analyzeDocument } from '../../server/src/engine/analyze.ts';
import type { Finding } from '../../server/src/engine/findings.ts';
import { generateStandalone } from '../../server/src/engine/schema/standalone.ts';
import { exportName, runValidator, validatorsFor } from '../../server/src/engine/schema/validators.ts';
import type { RuleSet } from '../../server/src/engine/schema/version.ts';
import { WorkspaceIndex } from '../../server/src/engine/workspace/index.ts';
import { CORPUS, ROOT } from '../helpers/paths.ts';

function contract(items: number, props: number): string {
  let s = 'apiVersion: v3.1.0\nkind: DataContract\nid: big\nversion: 1.0.0\nstatus: active\nschema:\n';
  for (let i = 0; i < items; i++) {
    s += `  - name: table_${i}\n    physicalType: table\n    properties:\n`;
    for (let j = 0; j < props; j++) s += `      - name: col_${j}\n        logicalType: ${j % 2 ? 'integer' : 'string'}\n        description: Column ${j} of table ${i}.\n`;
  }
  return s + 'servers:\n  - server: local\n    type: local\n    path: ./data\n    format: parquet\n';
}

const shape = (fs: Finding[]) => fs.map((f) => ({ code: f.code, range: f.range, message: f.message, fixes: f.fixes }));

async function fresh(text: string): Promise<Finding[]> {
  const index = new WorkspaceIndex();
  return analyzeDocument(index.set('file:///fresh.odcs.yaml', text), index);
}

function structureMemo(memo: Map<string, unknown>): unknown {
  const key = [...memo.keys()].find((k) => k.startsWith('structure:'));
  assert.ok(key, `structure results cached in the chunk memo (keys: ${[...memo.keys()].join(', ')})`);
  return memo.get(key);
}

test('schema items are validated once and reused across edits elsewhere; findings equal a fresh analysis', async () => {
  const index = new WorkspaceIndex();
  const uri = 'file:///big.odcs.yaml';
  let text = contract(40, 12).replace('  - name: table_5\n    physicalType: table\n', '  - name: table_5\n    physicalType: table\n    descripton: typo here\n');
  const doc = index.set(uri, text);
  assert.equal(doc.parsed.schemaChunks.length, 40, 'the contract is parsed in chunks');
  const first = await analyzeDocument(doc, index);
  assert.deepEqual(first.filter((f) => f.code === 'CL020').map((f) => f.message), ['Unknown key `descripton`: did you mean `description`?']);
  const cached3 = structureMemo(doc.parsed.schemaChunks[3].memo);
  const chunk3 = doc.parsed.schemaChunks[3];

  // Edit 1: item 20 gets an error; item 3 is untouched and keeps its cached result.
  text = text.replace('  - name: table_20\n    physicalType: table\n', '  - name: table_20\n    physicalType: tabel\n    logicalType: objet\n');
  index.set(uri, text);
  const second = await analyzeDocument(doc, index);
  assert.equal(doc.parsed.schemaChunks[3], chunk3, 'same chunk object reused');
  assert.equal(structureMemo(doc.parsed.schemaChunks[3].memo), cached3, 'item 3 not validated again');
  assert.deepEqual(shape(second), shape(await fresh(text)));
  assert.ok(second.some((f) => f.code === 'CL023' && text.slice(f.range.start, f.range.end) === 'objet'));

  // Edit 2: lines inserted at the top move every item; the cached errors of item 5 land on the moved key.
  text = text.replace('status: active\n', 'status: active\nname: Big contract\ndomain: shop\n');
  index.set(uri, text);
  const third = await analyzeDocument(doc, index);
  assert.deepEqual(shape(third), shape(await fresh(text)));
  const typo = third.find((f) => f.code === 'CL020')!;
  assert.equal(text.slice(typo.range.start, typo.range.end), 'descripton');
});

test('precompiled standalone validators report exactly what the run-time validators report', () => {
  const dir = join(ROOT, 'test', '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `schema-validators-${process.pid}.js`);
  writeFileSync(file, generateStandalone());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const precompiled = require(file) as Record<string, ValidateFunction>;
  rmSync(file); // loaded: the module stays in memory
  const norm = (errors: ErrorObject[]) => errors.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`);
  const files = [
    ...readdirSync(join(CORPUS, 'v3.1.0', 'examples')).map((f) => join(CORPUS, 'v3.1.0', 'examples', f)),
    ...readdirSync(join(CORPUS, 'v3.2.0-draft', 'negative')).map((f) => join(CORPUS, 'v3.2.0-draft', 'negative', f)),
  ];
  let compared = 0;
  for (const path of files) {
    const doc = parse(readFileSync(path, 'utf8'));
    for (const ruleSet of [{ format: 'odcs', rules: '3.1' }, { format: 'odcs', rules: '3.2' }] as RuleSet[]) {
      const runtime = validatorsFor(ruleSet);
      assert.deepEqual(norm(runValidator(precompiled[exportName(ruleSet, 'frame')], doc)), norm(runValidator(runtime.frame, doc)), path);
      for (const item of Array.isArray(doc.schema) ? doc.schema : []) {
        assert.deepEqual(norm(runValidator(precompiled[exportName(ruleSet, 'item')], item)), norm(runValidator(runtime.item!, item)), path);
      }
      compared++;
    }
  }
  assert.ok(compared > 40);
});
