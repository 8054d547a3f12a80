/**
 * Dialects compiled and parsed, not run (MySQL also runs; Trino/Presto, Snowflake, BigQuery, Databricks/Spark SQL,
 * SQL Server and Redshift have no connection): every shop contract is compiled for each dialect, every emitted
 * statement (fused scan, key queries, relationship anti-joins, failing-row selects) is parsed by that engine's grammar
 * (node-sql-parser, the parser lint uses: engine/sql/), and no rule kind of the shop is left uncompiled. docs/dialects.md
 * shows the orders contract's SQL per dialect; it is checked against what the compiler emits today
 * (CONTRACTLENS_UPDATE_GOLDEN=1 rewrites it).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PAPER_DIALECTS } from '../../server/src/engine/data/dialects/compiledOnly.ts';
import { dialectOfServerType, parseWithGrammar } from '../../server/src/engine/sql/parse.ts';
import { ROOT } from '../helpers/paths.ts';
import { compileShop, dialectsDoc, shopIndex, statementsOf } from '../helpers/paperDialects.ts';

const index = shopIndex();

for (const pd of PAPER_DIALECTS) {
  test(`${pd.label}: every statement compiled for the shop contracts parses as ${pd.serverType}`, () => {
    const grammar = dialectOfServerType(pd.serverType);
    assert.ok(grammar && grammar !== 'duckdb', pd.serverType);
    const compiled = compileShop(pd, index);
    let statements = 0;
    const failures: string[] = [];
    for (const c of compiled) {
      for (const st of statementsOf(c, pd)) {
        statements++;
        // node-sql-parser's Spark/Hive grammar has no TRY_CAST (Databricks and Spark 3.2+ have): parsed as CAST,
        // which has the same shape.
        const text = pd.serverType === 'databricks' ? st.sql.replace(/\bTRY_CAST\(/g, 'CAST(') : st.sql;
        const parsed = parseWithGrammar(text, grammar);
        if (!parsed.ok) failures.push(`${st.label}: ${parsed.error.message} at ${parsed.error.offset}: …${st.sql.slice(Math.max(0, (parsed.error.offset ?? 0) - 60), (parsed.error.offset ?? 0) + 30)}…`);
        else assert.deepEqual(parsed.statements, ['select'], st.label);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(statements > 90, `${statements} statements`);
  });

  test(`${pd.label}: every rule kind of the shop compiles (skips only where the engine cannot express it)`, () => {
    for (const c of compileShop(pd, index)) {
      for (const [id, reason] of c.compiled.skipped) {
        // The users contract has one pattern with a lookahead: engines without lookaround say so instead of lying.
        assert.match(reason, /lookahead|lookbehind|not supported|missing from the data|carry no text format/, `${pd.serverType} ${id}: ${reason}`);
      }
      const handled = new Set([...c.compiled.scan.slots.map((s) => s.ruleId), ...c.compiled.keys.flatMap((k) => k.ruleIds), ...c.compiled.relationships.keys(), ...c.compiled.skipped.keys(), ...c.compiled.static.keys()]);
      for (const r of c.rules) if (r.kind !== 'sql') assert.ok(handled.has(r.id), `${pd.serverType}: ${r.id} (${r.kind}) not compiled`);
    }
  });
}

test('docs/dialects.md shows what the compiler emits today', () => {
  const doc = dialectsDoc(index);
  const file = join(ROOT, 'docs', 'dialects.md');
  if (process.env.CONTRACTLENS_UPDATE_GOLDEN === '1') writeFileSync(file, doc);
  assert.equal(readFileSync(file, 'utf8'), doc, 'docs/dialects.md is out of date: run CONTRACTLENS_UPDATE_GOLDEN=1 node scripts/run-tests.mjs dialects-golden');
});
