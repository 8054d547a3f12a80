/** The SQL syntax rule with a real DuckDB parser: positions, placeholders, statement kinds, caching. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DuckDbSqlParser, codePointToUtf16Index } from '../../../server/src/engine/data/sqlParser.ts';
import { substitutePlaceholders } from '../../../server/src/engine/rules/sqlSyntax.ts';
import { lintText, semantic, tuples } from './helpers.ts';

const parser = new DuckDbSqlParser();
after(() => parser.close());

/** The error of a parse, or undefined when it parsed as one SELECT. */
async function errorOf(sql: string) {
  const p = await parser.parse(sql);
  if (p.ok) return p.statements.length === 1 ? undefined : { kind: 'not-a-query' as const, message: 'several statements', offset: undefined };
  return p.error;
}

test('a valid SELECT parses; a syntax error has a message and the offset of the offending token', async () => {
  assert.equal(await errorOf('SELECT count(*) FROM orders WHERE total < 0'), undefined);
  const err = await errorOf('SELECT count(*) FROM orders WHER total < 0');
  assert.equal(err?.kind, 'syntax');
  assert.match(err!.message, /syntax error at or near `total`/);
  assert.equal(err!.offset, 'SELECT count(*) FROM orders WHER '.length);
});

test('non-ASCII text: DuckDB positions (code points) become string indexes', async () => {
  for (const sql of ["SELECT 'café' AS x FROM t WHER a = 1", "SELECT '😀 ok' AS x FROM t WHER a = 1"]) {
    const err = await errorOf(sql);
    assert.equal(sql.slice(err!.offset!, err!.offset! + 1), 'a', sql);
  }
  assert.equal(codePointToUtf16Index('é😀x', 2), 3);
});

test('statements that are not one SELECT are told apart from syntax errors', async () => {
  for (const sql of ['DELETE FROM t', "COPY t TO 'out.csv'", "ATTACH 'x.db'", 'SET threads = 1', 'SELECT 1; SELECT 2']) {
    const err = await errorOf(sql);
    assert.equal(err?.kind, 'not-a-query', sql);
  }
  assert.equal((await errorOf('   '))?.kind, 'empty');
  assert.equal(await errorOf('WITH a AS (SELECT 1 AS x) SELECT x FROM a'), undefined);
});

test('placeholders are replaced by same-length identifiers', async () => {
  // ODCS v3.2 variables (`${VAR}`, `${VAR:-default}`) are placeholders too.
  const sql = "SELECT ${column} FROM {model} JOIN ${other.table} USING (id) WHERE d > ${CUTOFF:-2024-01-01} AND s = '${STATUS}'";
  const sub = substitutePlaceholders(sql);
  assert.equal(sub.length, sql.length);
  assert.doesNotMatch(sub, /[{}$]/);
  assert.equal(await errorOf(sub), undefined);
});

test('the range of a SQL error is exact in plain, quoted, literal and folded scalars', async () => {
  const head = 'apiVersion: v3.1.0\nkind: DataContract\nid: s\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    quality:\n';
  const text =
    head +
    '      - type: sql\n        query: SELECT 1 FROM ${table} WHER x\n' +
    '      - type: sql\n        query: "SELECT \\"a\\" FROM t WHER x"\n' +
    '      - type: sql\n        query: |-\n          SELECT 1\n            FROM t\n            WHER x\n' +
    '      - type: sql\n        query: >\n          SELECT 1 FROM t\n          WHERE x = AND\n';
  const found = semantic(await lintText('file:///mem/sql.odcs.yaml', text, undefined, { sqlParser: parser }));
  assert.deepEqual(tuples(found), [
    ['CL123', 'error', 10, 44, 10, 45, 'x'],
    ['CL123', 'error', 12, 42, 12, 43, 'x'],
    ['CL123', 'error', 17, 18, 17, 19, 'x'],
    ['CL123', 'error', 21, 21, 21, 24, 'AND'],
  ]);
});

test('answers are cached by SQL text (the same query on every keystroke costs nothing)', async () => {
  const sql = 'SELECT * FROM cache_probe WHER 1';
  const first = await parser.parse(sql);
  const t0 = process.hrtime.bigint();
  const second = await parser.parse(sql);
  const micros = Number(process.hrtime.bigint() - t0) / 1000;
  assert.deepEqual(second, first);
  assert.ok(micros < 2000, `cached answer took ${micros} µs`);
});
