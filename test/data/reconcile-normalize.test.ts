/**
 * The pieces of segment reconciliation that decide what "equal" means across engines: column kinds from each
 * engine's type names, the joint kind of a column compared across two engines, and the --where predicate check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jointKind, kindOfType } from '../../server/src/engine/data/reconcile/normalize.ts';
import { checkWherePredicate } from '../../server/src/engine/data/reconcile/where.ts';

test('engine type names map to one kind (DuckDB, PostgreSQL, MySQL spellings)', () => {
  assert.deepEqual(kindOfType('DECIMAL(12,2)'), { kind: 'decimal', scale: 2 });
  assert.deepEqual(kindOfType('numeric(10, 0)'), { kind: 'integer' });
  assert.deepEqual(kindOfType('tinyint(1)'), { kind: 'boolean' });
  assert.deepEqual(kindOfType('BOOLEAN'), { kind: 'boolean' });
  assert.deepEqual(kindOfType('bigint unsigned'), { kind: 'integer' });
  assert.deepEqual(kindOfType('double precision'), { kind: 'float' });
  assert.deepEqual(kindOfType('TIMESTAMP WITH TIME ZONE'), { kind: 'timestamptz' });
  assert.deepEqual(kindOfType('timestamp without time zone'), { kind: 'timestamp' });
  assert.deepEqual(kindOfType('datetime(6)'), { kind: 'timestamp' });
  assert.deepEqual(kindOfType('character varying'), { kind: 'text' });
  assert.deepEqual(kindOfType('date'), { kind: 'date' });
});

test('a column compared across engines is compared at the coarser kind', () => {
  assert.deepEqual(jointKind({ kind: 'decimal', scale: 4 }, { kind: 'decimal', scale: 2 }), { kind: 'decimal', scale: 2 });
  assert.deepEqual(jointKind({ kind: 'float' }, { kind: 'decimal', scale: 2 }), { kind: 'decimal', scale: 2 });
  assert.deepEqual(jointKind({ kind: 'integer' }, { kind: 'decimal', scale: 2 }), { kind: 'decimal', scale: 2 });
  assert.deepEqual(jointKind({ kind: 'boolean' }, { kind: 'integer' }), { kind: 'boolean' });
  assert.deepEqual(jointKind({ kind: 'timestamp' }, { kind: 'timestamptz' }), { kind: 'timestamptz' });
  assert.deepEqual(jointKind({ kind: 'text' }, { kind: 'integer' }), { kind: 'text' });
});

test('--where: one boolean expression over columns, nothing else', () => {
  for (const ok of ["order_ts >= '2025-01-01' AND status IN ('paid', 'shipped')", 'NOT (a = 1 OR b IS NULL)', "lower(status) = 'paid'", 'amount BETWEEN 1 AND 2']) {
    assert.equal(checkWherePredicate(ok), ok);
  }
  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['1=1; DROP TABLE t', /statements/],
    ["LOAD_FILE('/etc/passwd') IS NOT NULL", /may call only/],
    ["pg_read_file('x') = ''", /may call only/],
    ['a IN (SELECT 1)', /`SELECT` is not allowed/],
    ['a = 1 -- comment', /comments/],
    ['a = 1 /* c */', /comments/],
    ['a = 1) OR (1 = 1', /unbalanced/],
    ["a = 'x\\' OR 1=1", /backslash/],
    ["a = 'open", /unterminated/],
    ['1 = 1 UNION ALL', /`UNION` is not allowed/],
  ];
  for (const [text, message] of refused) assert.throws(() => checkWherePredicate(text), message, text);
});
