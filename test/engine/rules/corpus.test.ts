/**
 * The official ODCS examples (v3.1.0 and the v3.2.0 draft) never get a CL1xx error (warnings are fine: they point at
 * contracts outside the corpus), analysed together as one workspace with the real DuckDB SQL parser; and a DCS
 * contract goes through the same rules as ODCS.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeDocument } from '../../../server/src/engine/analyze.ts';
import { DuckDbSqlParser } from '../../../server/src/engine/data/sqlParser.ts';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index.ts';
import { CORPUS } from '../../helpers/paths.ts';
import { lint, locate, semantic, tuples, uriOf } from './helpers.ts';

const sqlParser = new DuckDbSqlParser();
after(() => sqlParser.close());

for (const version of ['v3.1.0', 'v3.2.0-draft']) {
  test(`corpus ${version}/examples: no CL1xx error`, async () => {
    const dir = join(CORPUS, version, 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 15, `corpus present (${files.length} files)`);
    const index = new WorkspaceIndex();
    for (const f of files) index.set(uriOf(join(dir, f)), readFileSync(join(dir, f), 'utf8'));
    const errors: string[] = [];
    let warnings = 0;
    for (const f of files) {
      const doc = index.get(uriOf(join(dir, f)))!;
      for (const finding of await analyzeDocument(doc, index, { sqlParser })) {
        if (!/^CL1\d\d$/.test(finding.code)) continue;
        if (finding.severity === 'error') {
          const l = locate(doc.text, finding);
          errors.push(`${f}:${l.line}:${l.column} ${finding.code} ${finding.message}`);
        } else warnings++;
      }
    }
    assert.deepEqual(errors, []);
    // The corpus does have known dangling targets (receiver_types, tab1): the rules do look at these files.
    assert.ok(warnings > 0, 'the dangling references of the official examples are reported as warnings');
  });
}

test('a DCS contract: references, pattern, options, examples and servicelevels are checked like ODCS', async () => {
  const found = semantic(await lint('dcs/datacontract.yaml'));
  assert.deepEqual(tuples(found), [
    ['CL122', 'error', 23, 24, 23, 30, '[0-9+$'],
    ['CL110', 'warning', 26, 31, 26, 33, 'id'],
    ['CL124', 'warning', 29, 9, 29, 18, 'maxLength'],
    ['CL125', 'warning', 30, 24, 30, 28, '12.5'],
    ['CL131', 'warning', 34, 28, 34, 38, 'created_at'],
  ]);
  assert.match(found[1].message, /Schema object `customers` has no property `id`/);
});
