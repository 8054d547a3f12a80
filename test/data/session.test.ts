import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveSources } from '../../server/src/engine/data/sources.ts';
import { DataSession, QueryInterrupted } from '../../server/src/engine/data/session.ts';
import { contractYaml, duck, loadContract, newWorkspace, write } from './dataFixtures.ts';

const ORDERS_PROPS = '      - name: order_id\n        logicalType: integer\n      - name: amount\n        logicalType: number\n';
const USERS_PROPS = '      - name: user_id\n        logicalType: integer\n      - name: email\n        logicalType: string\n';

async function openFor(dir: string, contractRel: string, opts: { server?: string; allowPaths?: string[] } = {}) {
  const path = join(dir, contractRel);
  const contract = loadContract(path);
  const { sources, errors } = resolveSources(contract, path, { root: dir, ...opts });
  const session = await DataSession.open({ sources, sourceErrors: errors, threads: 1 });
  return { contract, sources, errors, session };
}

test('local csv with a {model} placeholder: one view per schema object, rows typed by DuckDB', async () => {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', 'order_id,amount\n1,10.5\n2,20\n3,\n');
  write(dir, 'data/users.csv', 'user_id,email\n1,a@x.io\n');
  write(dir, 'c.odcs.yaml', contractYaml({
    server: '  - server: local\n    type: local\n    path: ./data/{model}.csv\n    format: csv\n',
    schemas: [{ name: 'orders', props: ORDERS_PROPS }, { name: 'users', props: USERS_PROPS }],
  }));
  const { contract, sources, errors, session } = await openFor(dir, 'c.odcs.yaml');
  try {
    assert.deepEqual(errors, []);
    assert.equal(sources.length, 2);
    assert.ok(sources[0].paths[0].endsWith('/data/orders.csv'));
    const rows = await session.query(`SELECT order_id, amount FROM ${session.relation(contract.uri, 'orders')} ORDER BY order_id`);
    assert.deepEqual(rows, [{ order_id: 1, amount: 10.5 }, { order_id: 2, amount: 20 }, { order_id: 3, amount: null }]);
    assert.deepEqual(session.columns(contract.uri, 'users')?.map((c) => c.name), ['user_id', 'email']);
    const count = await session.query(`SELECT count(*) AS n FROM ${session.relation(contract.uri, 'users')}`);
    assert.deepEqual(count, [{ n: 1 }]);
  } finally {
    await session.close();
  }
});

test('parquet by physicalName in a folder, jsonl by glob, duckdb database read-only; relation names unique across contracts', async () => {
  const dir = newWorkspace();
  mkdirSync(join(dir, 'pq'));
  await duck(`COPY (SELECT range AS order_id, range * 1.5 AS amount FROM range(5)) TO '${dir}/pq/tbl_orders.parquet' (FORMAT parquet)`);
  write(dir, 'js/part1.jsonl', '{"user_id":1,"email":"a@x.io"}\n{"user_id":2,"email":"b@x.io"}\n');
  write(dir, 'js/part2.jsonl', '{"user_id":3,"email":"c@x.io"}\n');
  await duck(`ATTACH '${dir}/shop.duckdb' AS shop`, `CREATE TABLE shop.main.users AS SELECT range AS user_id, 'u' || range AS email FROM range(7)`, 'DETACH shop');
  write(dir, 'pq.odcs.yaml', contractYaml({
    server: '  - server: files\n    type: local\n    path: pq\n    format: parquet\n',
    schemas: [{ name: 'orders', physicalName: 'tbl_orders', props: ORDERS_PROPS }, { name: 'other', props: ORDERS_PROPS }],
  }));
  write(dir, 'js.odcs.yaml', contractYaml({
    server: '  - server: lake\n    type: local\n    path: js/*.jsonl\n    format: jsonl\n  - server: db\n    type: duckdb\n    database: shop.duckdb\n',
    schemas: [{ name: 'orders', physicalName: 'users', props: USERS_PROPS }],
  }));
  const a = await openFor(dir, 'pq.odcs.yaml');
  const b = await openFor(dir, 'js.odcs.yaml');
  const c = await openFor(dir, 'js.odcs.yaml', { server: 'db' });
  try {
    assert.equal(a.errors.length, 1, 'the second schema object has no file in the folder');
    assert.match(a.errors[0].message, /no file for "other"/);
    assert.equal(a.session.sourceErrors().length, 1, 'resolution errors are carried by the session');
    assert.deepEqual(await a.session.query(`SELECT count(*) n, sum(amount) s FROM ${a.session.relation(a.contract.uri, 'orders')}`), [{ n: 5, s: 15 }]);
    assert.throws(() => a.session.relation(a.contract.uri, 'other'), /no file for "other"/);
    assert.deepEqual(await b.session.query(`SELECT count(*) n FROM ${b.session.relation(b.contract.uri, 'orders')}`), [{ n: 3 }]);
    assert.equal(c.sources[0].kind, 'duckdb');
    assert.deepEqual(await c.session.query(`SELECT count(*) n FROM ${c.session.relation(c.contract.uri, 'orders')}`), [{ n: 7 }]);
    await assert.rejects(c.session.query(`CREATE TABLE cldb1.main.t AS SELECT 1`), /read-only|read only|Permission/i);
  } finally {
    await a.session.close();
    await b.session.close();
    await c.session.close();
  }
});

test('two contracts in ONE session get distinct relations for the same schema name', async () => {
  const dir = newWorkspace();
  write(dir, 'a/orders.csv', 'order_id,amount\n1,1\n');
  write(dir, 'b/orders.csv', 'order_id,amount\n1,1\n2,2\n');
  const server = '  - server: local\n    type: local\n    path: ./orders.csv\n';
  write(dir, 'a/c.odcs.yaml', contractYaml({ server, schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  write(dir, 'b/c.odcs.yaml', contractYaml({ server, schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  const ca = loadContract(join(dir, 'a/c.odcs.yaml'));
  const cb = loadContract(join(dir, 'b/c.odcs.yaml'));
  const sa = resolveSources(ca, join(dir, 'a/c.odcs.yaml'), { root: dir });
  const sb = resolveSources(cb, join(dir, 'b/c.odcs.yaml'), { root: dir });
  const session = await DataSession.open({ sources: [...sa.sources, ...sb.sources] });
  try {
    assert.equal(sa.sources[0].format, 'csv', 'format inferred from the extension');
    const ra = session.relation(ca.uri, 'orders');
    const rb = session.relation(cb.uri, 'orders');
    assert.notEqual(ra, rb);
    assert.deepEqual(await session.query(`SELECT (SELECT count(*) FROM ${ra}) a, (SELECT count(*) FROM ${rb}) b`), [{ a: 1, b: 2 }]);
  } finally {
    await session.close();
  }
});

test('paths outside the root are refused, also through a symlink; --allow-path lets them in', async () => {
  const dir = newWorkspace();
  const outside = newWorkspace();
  writeFileSync(join(outside, 'secret.csv'), 'order_id,amount\n1,1\n');
  symlinkSync(join(outside, 'secret.csv'), join(dir, 'link.csv'));
  write(dir, 'abs.odcs.yaml', contractYaml({ server: `  - server: s\n    type: local\n    path: ${outside}/secret.csv\n`, schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  write(dir, 'link.odcs.yaml', contractYaml({ server: '  - server: s\n    type: local\n    path: link.csv\n', schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  for (const file of ['abs.odcs.yaml', 'link.odcs.yaml']) {
    const contract = loadContract(join(dir, file));
    const refused = resolveSources(contract, join(dir, file), { root: dir });
    assert.equal(refused.sources.length, 0, file);
    assert.match(refused.errors[0].message, /outside the workspace root .*--allow-path/, file);
    assert.ok(refused.errors[0].node, 'the error points at the path in the contract');
    const allowed = resolveSources(contract, join(dir, file), { root: dir, allowPaths: [outside] });
    assert.deepEqual(allowed.errors, [], file);
    assert.ok(allowed.sources[0].paths[0].startsWith(outside) || allowed.sources[0].paths[0].includes('secret.csv'));
  }
});

test('missing file, unknown server, broken CSV: clear errors naming the file and line; other objects still usable', async () => {
  const dir = newWorkspace();
  let csv = 'order_id,amount\n';
  for (let i = 1; i <= 30000; i++) csv += `${i},${i}\n`;
  csv += '30001,5,extra,columns\n';
  write(dir, 'data/orders.csv', csv);
  write(dir, 'data/users.csv', 'user_id,email\n1,a@x.io\n');
  write(dir, 'c.odcs.yaml', contractYaml({
    server: '  - server: local\n    type: local\n    path: data/{model}.csv\n',
    schemas: [{ name: 'orders', props: ORDERS_PROPS }, { name: 'users', props: USERS_PROPS }, { name: 'payments', props: ORDERS_PROPS }],
  }));
  const { contract, errors, session } = await openFor(dir, 'c.odcs.yaml');
  try {
    assert.equal(errors.length, 1);
    assert.equal(errors[0].schemaName, 'payments');
    assert.match(errors[0].message, /data\/payments\.csv does not exist/);
    await assert.rejects(session.query(`SELECT sum(amount) FROM ${session.relation(contract.uri, 'orders')}`), (e: Error) => {
      assert.match(e.message, /orders\.csv/);
      assert.match(e.message, /line.*30002|30002/i);
      return true;
    });
    assert.deepEqual(await session.query(`SELECT count(*) n FROM ${session.relation(contract.uri, 'users')}`), [{ n: 1 }]);
    const unknown = resolveSources(contract, join(dir, 'c.odcs.yaml'), { root: dir, server: 'nope' });
    assert.match(unknown.errors[0].message, /No server named "nope"/);
  } finally {
    await session.close();
  }
});

test('an unreadable parquet file is a source error for that object only', async () => {
  const dir = newWorkspace();
  write(dir, 'data/orders.parquet', 'this is not parquet');
  await duck(`COPY (SELECT 1 AS user_id, 'a' AS email) TO '${dir}/data/users.parquet' (FORMAT parquet)`);
  write(dir, 'c.odcs.yaml', contractYaml({
    server: '  - server: local\n    type: local\n    path: data/{model}.parquet\n    format: parquet\n',
    schemas: [{ name: 'orders', props: ORDERS_PROPS }, { name: 'users', props: USERS_PROPS }],
  }));
  const { contract, session } = await openFor(dir, 'c.odcs.yaml');
  try {
    const errs = session.sourceErrors();
    assert.equal(errs.length, 1);
    assert.equal(errs[0].schemaName, 'orders');
    assert.match(errs[0].message, /orders\.parquet/);
    assert.equal(session.hasRelation(contract.uri, 'orders'), false);
    assert.deepEqual(await session.query(`SELECT user_id FROM ${session.relation(contract.uri, 'users')}`), [{ user_id: 1 }]);
  } finally {
    await session.close();
  }
});

test('every query has a timeout and can be cancelled; the session stays usable', async () => {
  const dir = newWorkspace();
  write(dir, 'data/orders.csv', 'order_id,amount\n1,1\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  const { contract, session } = await openFor(dir, 'c.odcs.yaml');
  const slow = 'SELECT count(*) FROM range(100000000000) a WHERE hash(a.range) % 7 = 3';
  try {
    const t0 = Date.now();
    await assert.rejects(session.query(slow, { timeoutMs: 200 }), (e: unknown) => e instanceof QueryInterrupted && e.reason === 'timeout');
    assert.ok(Date.now() - t0 < 5000, 'interrupted promptly');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(session.queryUntrusted(slow, { signal: ac.signal }), (e: unknown) => e instanceof QueryInterrupted && e.reason === 'cancelled');
    assert.deepEqual(await session.query(`SELECT count(*) n FROM ${session.relation(contract.uri, 'orders')}`), [{ n: 1 }]);
  } finally {
    await session.close();
  }
});

test('a CSV that is not UTF-8 is a source error naming the file, without DuckDB\'s list of possible fixes', async () => {
  const dir = newWorkspace();
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/orders.csv'), Buffer.from([0x6f, 0x2c, 0x61, 0x0a, 0x31, 0x2c, 0xff, 0xfe, 0xc3, 0x0a]));
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  const { session } = await openFor(dir, 'c.odcs.yaml');
  try {
    const errs = session.sourceErrors();
    assert.equal(errs.length, 1);
    assert.match(errs[0].message, /^Cannot read the data of "orders" from .*data\/orders\.csv: /);
    assert.doesNotMatch(errs[0].message, /Possible fixes|CREATE VIEW/);
  } finally {
    await session.close();
  }
});

test('writeDirs: the engine may COPY failing rows into them; contract SQL still may not; other folders stay closed', async () => {
  const dir = newWorkspace();
  const out = join(dir, 'failed');
  mkdirSync(out);
  write(dir, 'data/orders.csv', 'order_id,amount\n1,1\n2,-5\n');
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  const contract = loadContract(join(dir, 'c.odcs.yaml'));
  const { sources } = resolveSources(contract, join(dir, 'c.odcs.yaml'), { root: dir });
  const session = await DataSession.open({ sources, writeDirs: [out] });
  try {
    const rel = session.relation(contract.uri, 'orders');
    await session.query(`COPY (SELECT * FROM ${rel} WHERE amount < 0) TO '${out}/amount.parquet' (FORMAT parquet)`);
    assert.deepEqual(await session.query(`SELECT order_id FROM read_parquet('${out}/amount.parquet')`), [{ order_id: 2 }]);
    await assert.rejects(session.queryUntrusted(`COPY (SELECT 1) TO '${out}/x.csv'`), /read-only query/);
    await assert.rejects(session.query(`COPY (SELECT 1) TO '${dir}/elsewhere.csv'`), /Permission|disabled/);
  } finally {
    await session.close();
  }
});

test('a FIFO is refused without blocking; a glob matching a symlink that leaves the root is refused as a whole', async () => {
  const dir = newWorkspace();
  const outside = newWorkspace();
  const { spawnSync } = await import('node:child_process');
  mkdirSync(join(dir, 'data'));
  assert.equal(spawnSync('mkfifo', [join(dir, 'data/orders.csv')]).status, 0);
  writeFileSync(join(outside, 'secret.csv'), 'user_id,email\n1,x\n');
  write(dir, 'lake/a.csv', 'user_id,email\n2,y\n');
  symlinkSync(join(outside, 'secret.csv'), join(dir, 'lake/b.csv'));
  write(dir, 'c.odcs.yaml', contractYaml({
    server: '  - server: local\n    type: local\n    path: data/{model}.csv\n  - server: lake\n    type: local\n    path: lake/*.csv\n',
    schemas: [{ name: 'orders', props: ORDERS_PROPS }],
  }));
  const contract = loadContract(join(dir, 'c.odcs.yaml'));
  const fifo = resolveSources(contract, join(dir, 'c.odcs.yaml'), { root: dir });
  assert.equal(fifo.sources.length, 0);
  assert.match(fifo.errors[0].message, /orders\.csv is not a regular file/);
  const lake = resolveSources(contract, join(dir, 'c.odcs.yaml'), { root: dir, server: 'lake' });
  assert.equal(lake.sources.length, 0);
  assert.match(lake.errors[0].message, /secret\.csv is outside the workspace root/);
});

test('a value that does not cast to the sniffed type, past the sniff sample, is an error naming file, line and column', async () => {
  const dir = newWorkspace();
  let csv = 'order_id,amount\n';
  for (let i = 1; i <= 30000; i++) csv += `${i},${i}\n`;
  csv += '30001,abc\n';
  write(dir, 'data/orders.csv', csv);
  write(dir, 'c.odcs.yaml', contractYaml({ server: '  - server: local\n    type: local\n    path: data/orders.csv\n', schemas: [{ name: 'orders', props: ORDERS_PROPS }] }));
  const { contract, session } = await openFor(dir, 'c.odcs.yaml');
  try {
    await assert.rejects(session.query(`SELECT sum(amount) FROM ${session.relation(contract.uri, 'orders')}`), (e: Error) => {
      assert.match(e.message, /data\/orders\.csv:30002: /);
      assert.match(e.message, /amount/);
      assert.match(e.message, /abc/);
      assert.doesNotMatch(e.message, /Possible fixes/);
      return true;
    });
  } finally {
    await session.close();
  }
});

test('closing the session interrupts running queries with a clear error, and later queries are refused', async () => {
  const session = await DataSession.open({ sources: [] });
  const running = session.query('SELECT count(*) FROM range(100000000000) a WHERE hash(a.range) % 7 = 3');
  await new Promise((r) => setTimeout(r, 100));
  await session.close();
  await assert.rejects(running, /closed while the query ran/);
  await assert.rejects(session.query('SELECT 1'), /session is closed/);
});

test('a glob or folder outside the root is refused before any walking', async () => {
  const dir = newWorkspace();
  write(dir, 'c.odcs.yaml', contractYaml({
    server: '  - server: g\n    type: local\n    path: /**/*.csv\n  - server: f\n    type: local\n    path: /etc\n    format: csv\n  - server: p\n    type: local\n    path: /usr/*/{model}.csv\n',
    schemas: [{ name: 'orders', props: ORDERS_PROPS }],
  }));
  const contract = loadContract(join(dir, 'c.odcs.yaml'));
  for (const server of ['g', 'f', 'p']) {
    const t0 = Date.now();
    const r = resolveSources(contract, join(dir, 'c.odcs.yaml'), { root: dir, server });
    assert.ok(Date.now() - t0 < 200, `${server}: no walk`);
    assert.equal(r.sources.length, 0);
    assert.match(r.errors[0].message, /outside the workspace root: refused/, server);
  }
});
