/**
 * Bad input never crashes a rule: every fixture and corpus example, cut at many points and with values swapped for
 * odd types, goes through each rule family directly (not through runSemanticRules, which would hide a throw).
 */
import { knownTables } from '../../../server/src/engine/rules/sqlTables.ts';
import type { ParsedSql } from '../../../server/src/engine/sql/types.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalysisContext } from '../../../server/src/engine/analyze.ts';
import type { Finding } from '../../../server/src/engine/findings.ts';
import { checkExamples } from '../../../server/src/engine/rules/examples.ts';
import { checkDuplicateNames } from '../../../server/src/engine/rules/names.ts';
import { checkPatterns } from '../../../server/src/engine/rules/patterns.ts';
import { checkPrimaryKeyPositions } from '../../../server/src/engine/rules/primaryKeys.ts';
import { checkQualityRules } from '../../../server/src/engine/rules/quality.ts';
import { checkRelationships } from '../../../server/src/engine/rules/relationships.ts';
import { checkServers } from '../../../server/src/engine/rules/servers.ts';
import { checkSlaElements } from '../../../server/src/engine/rules/sla.ts';
import { checkSqlSyntax } from '../../../server/src/engine/rules/sqlSyntax.ts';
import { applySuppressions } from '../../../server/src/engine/rules/suppressions.ts';
import { checkTypeOptions } from '../../../server/src/engine/rules/typeOptions.ts';
import { documentToJS } from '../../../server/src/engine/syntax/parse.ts';
import { WorkspaceIndex } from '../../../server/src/engine/workspace/index.ts';
import { CORPUS } from '../../helpers/paths.ts';
import { FIXTURES } from './helpers.ts';

const RULES = [checkDuplicateNames, checkPrimaryKeyPositions, checkRelationships, checkQualityRules, checkPatterns, checkTypeOptions, checkExamples, checkServers, checkSlaElements];

function texts(): string[] {
  const out: string[] = [];
  const dirs = [FIXTURES, join(FIXTURES, 'cross-file'), join(FIXTURES, 'dcs'), join(CORPUS, 'v3.1.0', 'examples')];
  for (const d of dirs) for (const f of readdirSync(d)) if (f.endsWith('.yaml')) out.push(readFileSync(join(d, f), 'utf8'));
  return out;
}

/** Values of other kinds where the rules expect strings, numbers or lists. */
function mutations(text: string): string[] {
  return [
    text.replace(/(to|element|pattern|query|server|name): .*/g, '$1: [1, {a: 2}]'),
    text.replace(/(primaryKeyPosition|mustBe\w*|minimum|maximum|minLength|maxLength): .*/g, '$1: {x: [y]}'),
    text.replace(/(examples|properties|relationships|quality|slaProperties|servers):/g, '$1: 7\n  x:'),
    text.replace(/: /g, ': "'),
  ];
}

test('no rule throws on truncated or mistyped contracts', async () => {
  const sqlParser = { parse: async (sql: string): Promise<ParsedSql> => (sql.length % 3 === 0 ? { ok: false, error: { kind: 'syntax', message: 'x', offset: sql.length + 10 } } : { ok: true, statements: ['select'], tables: [{ name: 'nowhere', offset: sql.length + 5 }], functions: [] }) };
  let runs = 0;
  for (const full of texts()) {
    const variants = [...mutations(full)];
    // At most ~60 cuts per file: parsing (not the rules) dominates the cost of each variant.
    const step = Math.max(97, Math.floor(full.length / 60));
    for (let cut = 17; cut < full.length; cut += step) variants.push(full.slice(0, cut));
    for (const text of variants) {
      const index = new WorkspaceIndex();
      const doc = index.set('file:///w/x.odcs.yaml', text);
      if (!doc.contract) continue;
      const ctx: AnalysisContext = { uri: doc.uri, text, parsed: doc.parsed, contract: doc.contract, workspace: index, js: () => documentToJS(doc.parsed).value };
      const out: Finding[] = [];
      for (const rule of RULES) {
        assert.doesNotThrow(() => rule(ctx, doc.contract!, out), `${rule.name} on:\n${text.slice(0, 400)}`);
      }
      out.push(...(await checkSqlSyntax(doc.contract, sqlParser, text, knownTables(index.contracts()))));
      applySuppressions(text + '\n# contractlens-disable-next-line CL1\n', out);
      for (const f of out) assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${f.code} range inside the text`);
      runs++;
    }
  }
  assert.ok(runs > 200, `${runs} variants analysed`);
});
