import assert from 'node:assert/strict';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resolveSources } from '../../server/src/engine/data/sources.ts';
import { DataSession } from '../../server/src/engine/data/session.ts';
import { UntrustedSqlRejected } from '../../server/src/engine/data/sandbox.ts';
import { contractYaml, duck, loadContract, newWorkspace, sha256, write } from './dataFixtures.ts';

const PROPS = '      - name: id\n        logicalType: integer\n      - name: name\n        logicalType: string\n';
let dir: string;
let session: DataSession;
let files: string[];
let rel: string;
let before0: Map<string, string>;

before(async () => {
  dir = newWorkspace();
  write(dir, 'data/users.csv', 'id,name\n1,ann\n2,bob\n');
  write(dir, 'data/events.jsonl', '{"id":1,"name":"view"}\n');
  await duck(`COPY (SELECT range AS id, 'p' || range AS name FROM range(3)) TO '${dir}/data/products.parquet' (FORMAT parquet)`);
  await duck(`ATTACH '${dir}/data/shop.duckdb' AS shop`, `CREATE TABLE shop.main.stock AS SELECT range AS id, 'x' AS name FROM range(4)`, 'DETACH shop');
  write(dir, 'secret.txt', 'top secret\n');
  symlinkSync('/etc/passwd', join(dir, 'passwd-link'));
  write(dir, 'files.odcs.yaml', contractYaml({
    server: '  - server: local\n    type: local\n    path: data/{model}\n',
    schemas: [{ name: 'users.csv', props: PROPS }, { name: 'events.jsonl', props: PROPS }, { name: 'products.parquet', props: PROPS }],
  }));
  write(dir, 'db.odcs.yaml', contractYaml({ server: '  - server: db\n    type: duckdb\n    database: data/shop.duckdb\n', schemas: [{ name: 'stock', props: PROPS }] }));
  const sources = [];
  for (const f of ['files.odcs.yaml', 'db.odcs.yaml']) {
    const c = loadContract(join(dir, f));
    const r = resolveSources(c, join(dir, f), { root: dir });
    assert.deepEqual(r.errors, []);
    sources.push(...r.sources);
  }
  files = sources.flatMap((s) => s.paths);
  assert.equal(files.length, 4);
  before0 = new Map(files.map((f) => [f, sha256(f)]));
  session = await DataSession.open({ sources, threads: 1 });
  assert.deepEqual(session.sourceErrors(), []);
  rel = session.relation(sources[0].contractUri, 'users.csv');
});

after(async () => {
  await session?.close();
});

/** Each hostile statement and what the refusal must say. */
const HOSTILE: [string, (f: string[]) => string, RegExp][] = [
  ['COPY TO a new file', () => `COPY (SELECT 1) TO '${dir}/pwned.csv'`, /read-only query/],
  ['COPY TO the source file itself', (f) => `COPY (SELECT 1 AS id) TO '${f[0]}' (USE_TMP_FILE false)`, /read-only query/],
  ['COPY over the parquet source', (f) => `COPY (SELECT 1 AS id) TO '${f[2]}' (FORMAT parquet)`, /read-only query/],
  ['COPY FROM into a view', (f) => `COPY ${rel} FROM '${f[0]}'`, /read-only query/],
  ['read /etc/passwd', () => `SELECT * FROM read_csv('/etc/passwd')`, /Permission|disabled/],
  ['read a workspace file that is not a source', () => `SELECT * FROM read_text('${dir}/secret.txt')`, /Permission|disabled/],
  ['glob the file system', () => `SELECT * FROM glob('/etc/*')`, /Permission|disabled/],
  ['climb out of an allowed source path with ..', (f) => `SELECT * FROM read_text('${f[0]}/../../../../../../etc/passwd')`, /Permission|disabled/],
  ['a symlink in the workspace to /etc/passwd', () => `SELECT * FROM read_text('${dir}/passwd-link')`, /Permission|disabled/],
  ['ATTACH', () => `ATTACH '${dir}/evil.duckdb' AS evil`, /read-only query/],
  ['ATTACH the source database read-write', (f) => `ATTACH '${f[3]}' AS rw`, /read-only query/],
  ['INSTALL', () => `INSTALL httpfs`, /read-only query/],
  ['LOAD', () => `LOAD httpfs`, /read-only query/],
  ['SET', () => `SET enable_external_access = true`, /read-only query/],
  ['RESET', () => `RESET lock_configuration`, /read-only query/],
  ['SET VARIABLE', () => `SET VARIABLE x = 1`, /read-only query/],
  ['PRAGMA', () => `PRAGMA enable_profiling`, /read-only query/],
  ['PRAGMA rewritten to a SELECT', () => `PRAGMA table_info('x')`, /read-only query/],
  ['CALL', () => `CALL pragma_version()`, /read-only query/],
  ['two statements', () => `SELECT 1; COPY (SELECT 1) TO '${dir}/pwned2.csv'`, /Only one SQL statement/],
  ['a statement hidden after a comment', () => `SELECT 1 -- x\n; DROP VIEW ${rel}`, /Only one SQL statement/],
  ['CREATE TABLE', () => `CREATE TABLE t AS SELECT 1`, /read-only query/],
  ['CREATE OR REPLACE VIEW over a source', () => `CREATE OR REPLACE VIEW ${rel} AS SELECT 1 AS id`, /read-only query/],
  ['INSERT', () => `INSERT INTO ${rel} VALUES (1, 'x')`, /read-only query/],
  ['UPDATE', () => `UPDATE ${rel} SET id = 0`, /read-only query/],
  ['DELETE', () => `DELETE FROM ${rel}`, /read-only query/],
  ['DROP', () => `DROP VIEW ${rel}`, /read-only query/],
  ['EXPORT DATABASE', () => `EXPORT DATABASE '${dir}/export'`, /read-only query/],
  ['CHECKPOINT', () => `CHECKPOINT`, /read-only query/],
  ['DETACH', () => `DETACH cldb1`, /read-only query/],
  ['a SELECT wrapping a COPY through query()', () => `SELECT * FROM query('COPY (SELECT 1) TO ''${dir}/pwned3.csv''')`, /SELECT statement|Parser/],
  ['write through a CTE', () => `WITH x AS (SELECT 1) INSERT INTO ${rel} SELECT 1, 'a' FROM x`, /read-only query/],
  ['a comment before COPY', () => `/* harmless */ COPY (SELECT 1) TO '${dir}/pwned4.csv'`, /read-only query/],
  ['does not parse', () => `SELEC 1`, /does not parse|syntax/i],
];

for (const [name, sql, why] of HOSTILE) {
  test(`untrusted SQL is refused: ${name}`, async () => {
    await assert.rejects(session.queryUntrusted(sql(files)), (e: Error) => {
      assert.match(e.message, why);
      return true;
    });
  });
}

test('the parser check itself refuses statements even where DuckDB would allow the path (COPY onto a source)', async () => {
  await assert.rejects(session.queryUntrusted(`COPY (SELECT 1 AS id) TO '${files[0]}' (USE_TMP_FILE false)`), UntrustedSqlRejected);
});

test('plain read-only queries over the declared sources still work, including cross-source joins and reading a source by path', async () => {
  const contract = session.sources()[0].contractUri;
  const users = session.relation(contract, 'users.csv');
  const products = session.relation(contract, 'products.parquet');
  const stock = session.relation(session.sources()[3].contractUri, 'stock');
  assert.deepEqual(await session.queryUntrusted(`-- count users\nSELECT count(*) AS n FROM ${users}`), [{ n: 2 }]);
  assert.deepEqual(await session.queryUntrusted(`WITH p AS (SELECT * FROM ${products}) SELECT count(*) n FROM p JOIN ${stock} s USING (id)`), [{ n: 3 }]);
  assert.deepEqual(await session.queryUntrusted(`FROM ${users} SELECT name ORDER BY id LIMIT 1`), [{ name: 'ann' }]);
  assert.deepEqual(await session.queryUntrusted(`(SELECT 1 AS one)`), [{ one: 1 }]);
  assert.deepEqual(await session.queryUntrusted(`SELECT count(*) AS n FROM read_csv('${files[0]}')`), [{ n: 2 }]);
});

test('engine SQL is sandboxed too: no file outside the sources, settings locked', async () => {
  await assert.rejects(session.query(`SELECT * FROM read_csv('/etc/passwd')`), /Permission|disabled/);
  await assert.rejects(session.query(`SET enable_external_access = true`), /locked/);
  await assert.rejects(session.query(`COPY (SELECT 1) TO '${dir}/pwned5.csv'`), /Permission|disabled/);
  await assert.rejects(session.query(`INSTALL httpfs`), /Permission|disabled/);
});

test('after every hostile query, each declared source file is byte-identical and nothing new was written', async () => {
  for (const [, sql] of HOSTILE) await session.queryUntrusted(sql(files)).catch(() => undefined);
  for (const f of files) assert.equal(sha256(f), before0.get(f), `${f} changed`);
  assert.deepEqual(readdirSync(join(dir, 'data')).sort(), ['events.jsonl', 'products.parquet', 'shop.duckdb', 'users.csv']);
  for (const p of ['pwned.csv', 'pwned2.csv', 'pwned3.csv', 'pwned4.csv', 'pwned5.csv', 'evil.duckdb', 'export']) assert.equal(existsSync(join(dir, p)), false, p);
});

test('contract SQL cannot make the engine hold a huge result: streamed and refused past the row cap', async () => {
  const t0 = Date.now();
  await assert.rejects(session.queryUntrusted('SELECT range FROM range(1000000000000)'), /more than 100,000 rows/);
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal((await session.queryUntrusted('SELECT range FROM range(100000)')).length, 100_000);
  await assert.rejects(session.queryUntrusted('SELECT range FROM range(50)', { maxRows: 10 }), /more than 10 rows/);
});
