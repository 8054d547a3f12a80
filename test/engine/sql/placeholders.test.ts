import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPlaceholders, placeholderFor, replacePlaceholders, withStandIns } from '../../../server/src/engine/sql/placeholders.js';

test('finds the placeholders the ecosystem writes, with their kind, quotes and qualifier role', () => {
  const sql = 'SELECT count(*) FROM ${schema}.{table} t JOIN "${order_items}" i ON i.x = t.{column} WHERE `{model}`.a = \'{property}\'';
  const found = findPlaceholders(sql).map((p) => [sql.slice(p.start, p.end), p.name, p.kind, p.dollar, p.quote ?? '', p.qualifies]);
  assert.deepEqual(found, [
    ['${schema}', 'schema', 'schema', true, '', true],
    ['{table}', 'table', 'table', false, '', false],
    ['"${order_items}"', 'order_items', 'object', true, '"', false],
    ['{column}', 'column', 'column', false, '', false],
    ['`{model}`', 'model', 'table', false, '`', true],
    ["'{property}'", 'property', 'column', false, "'", false],
  ]);
});

test('a bare {name} is a placeholder only for the well-known names; JSON and array literals are left alone', () => {
  assert.deepEqual(findPlaceholders(`SELECT '{"a": 1}', '{a,b}', '{orders}', \${ orders }, {Object}, [{object}]`).map((p) => [p.name, p.kind, p.quote ?? '']), [
    ['orders', 'object', ''],
    ['Object', 'table', ''],
    ['object', 'table', '['],
  ]);
});

test('replacePlaceholders replaces whole placeholders (quotes included) and can keep some', () => {
  const out = replacePlaceholders('select * from "{table}" where {column} > 0 and ${other} is null', (p) => (p.kind === 'table' ? '"cl1_t"' : p.kind === 'column' ? '"id"' : undefined));
  assert.equal(out, 'select * from "cl1_t" where "id" > 0 and ${other} is null');
});

test('stand-ins keep every position and map back to their placeholders', () => {
  const sql = 'SELECT * FROM {schema}.{table} JOIN ${orders} o ON TRUE WHERE x = "{column}"';
  const s = withStandIns(sql);
  assert.equal(s.sql.length, sql.length);
  assert.match(s.sql, /^SELECT \* FROM p0______\.p1_____ JOIN p2_______ o ON TRUE WHERE x = "p3______"$/);
  assert.equal(placeholderFor(s, 'P1_____')?.name, 'table');
  assert.equal(placeholderFor(s, '"p3______"')?.kind, 'column');
  assert.equal(placeholderFor(s, 'orders'), undefined);
});

test('${NAME:-default} is a variable (a value), not a schema object', () => {
  assert.deepEqual(findPlaceholders("WHERE d > ${CUTOFF:-2024-01-01} AND s = '${STATUS}'").map((p) => [p.name, p.kind]), [
    ['CUTOFF', 'variable'],
    ['STATUS', 'object'],
  ]);
});
