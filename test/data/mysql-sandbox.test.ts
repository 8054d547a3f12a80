/**
 * MySQL/MariaDB sessions are read-only and contract SQL is sandboxed, on the run's real MariaDB, connected as the
 * ADMIN (who could do all of this without us): every escape is refused before it runs and the data is unchanged
 * (checksum before and after); the server itself refuses writes in our READ ONLY session.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MysqlSession } from '../../server/src/engine/data/engines/mysql/connection.ts';
import { checkUntrustedMysql, checkWithMysqlParser } from '../../server/src/engine/data/engines/mysql/sandbox.ts';
import { UntrustedSqlRejected } from '../../server/src/engine/data/sandbox.ts';
import { createTable, withAdmin } from '../helpers/mysqlLoad.ts';

let session: MysqlSession;
const checksum = () => withAdmin(async (c) => JSON.stringify((await c.query('CHECKSUM TABLE sandboxed'))[0]));
let before_: string;

before(async () => {
  await withAdmin((c) => createTable(c, 'sandboxed', [{ name: 'id', type: 'INT' }, { name: 'secret', type: 'VARCHAR(20)' }], [[1, 'a'], [2, 'b']]));
  before_ = await checksum();
  const url = new URL(process.env.CONTRACTLENS_TEST_MYSQL_ADMIN_URL!);
  session = await MysqlSession.open({ host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }, 10_000);
});
after(async () => {
  await session?.close();
});

test('a plain query runs; the session is MariaDB, read-only, UTC, with a statement timeout', async () => {
  assert.equal(session.mariadb, true);
  assert.deepEqual(await session.queryUntrusted('SELECT count(*) AS n FROM sandboxed WHERE id > 0;'), [{ n: '2' }]);
  const [s] = await session.query('SELECT @@session.tx_read_only AS ro, @@session.time_zone AS tz, @@session.max_statement_time AS t');
  assert.deepEqual({ ro: Number(s.ro), tz: s.tz, t: Number(s.t) }, { ro: 1, tz: '+00:00', t: 10 });
});

test('escapes are refused before they run, also for an admin; the table is unchanged', async () => {
  const escapes: [string, RegExp][] = [
    ["SELECT LOAD_FILE('/etc/passwd')", /load_file\(\) reaches/],
    ["SELECT * FROM sandboxed INTO OUTFILE '/tmp/cl-out.txt'", /INTO is refused/],
    ["SELECT secret FROM sandboxed INTO DUMPFILE '/tmp/cl-dump.bin'", /INTO is refused/],
    ['SELECT 1 /*! ; DELETE FROM sandboxed */', /Executable comments/],
    ['SELECT SLEEP(30)', /sleep\(\) reaches/],
    ['SELECT BENCHMARK(100000000, MD5(1))', /benchmark\(\)/],
    ["SELECT GET_LOCK('x', 10)", /get_lock\(\)/],
    ['DELETE FROM sandboxed', /Only a read-only query/],
    ['SELECT 1; DELETE FROM sandboxed', /one SQL statement/],
    ['SELECT * FROM sandboxed FOR UPDATE', /UPDATE is refused/],
    ['SELECT @@global.secure_file_priv', /Variables/],
    ["SELECT `load_file`('/etc/passwd')", /load_file\(\)/],
    ["SELECT 'it''s' AS s, LOAD_FILE('/etc/shadow')", /load_file\(\)/],
  ];
  for (const [sql, message] of escapes) await assert.rejects(session.queryUntrusted(sql), message, sql);
  // Past our checks (engine-generated SQL path), the server refuses writes in the READ ONLY session.
  await assert.rejects(session.query('DELETE FROM sandboxed'), /READ ONLY/i);
  assert.equal(await checksum(), before_);
});

test('the token check keeps strings and quoted names apart from code', () => {
  assert.equal(checkUntrustedMysql("SELECT 'LOAD_FILE(x)' AS s, \"into outfile\" AS t FROM `into` -- into\n"), "SELECT 'LOAD_FILE(x)' AS s, \"into outfile\" AS t FROM `into` -- into\n");
  assert.equal(checkUntrustedMysql("SELECT 'a\\'; DELETE' AS s;"), "SELECT 'a\\'; DELETE' AS s");
});

test('the MariaDB/MySQL grammar is the second wall: one SELECT, no refused function, as the parser reads it', async () => {
  await checkWithMysqlParser('SELECT count(*) FROM orders WHERE status = \'paid\'');
  await checkWithMysqlParser('SELECT count(*) FROM orders', false);
  await assert.rejects(checkWithMysqlParser('SHOW DATABASES'), UntrustedSqlRejected);
  await assert.rejects(checkWithMysqlParser('SELECT LOAD_FILE(\'/etc/passwd\')'), /load_file\(\) reaches the database server's files/);
  await assert.rejects(checkWithMysqlParser('SELECT 1; SELECT 2'), /parser reads SELECT, SELECT/);
});
