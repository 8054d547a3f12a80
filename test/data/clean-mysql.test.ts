/**
 * `contractlens clean` on MariaDB sources (the same code path as PostgreSQL: the table read once through the engine's
 * read-only stream into DuckDB), through the real CLI and the run's real MariaDB: the same row accounting and the same
 * rows written and quarantined as the run on the Parquet files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureBuilt, runCli } from '../cli/cliRunner.ts';
import { loadFileIntoMysql, mysqlReaderEnv, mysqlServerYaml } from '../helpers/mysqlLoad.ts';
import { makeShop, type ShopCopy } from './exampleShop.ts';
import type { CleanReport } from '../../server/src/engine/data/clean/types.ts';

let shop: ShopCopy;

before(async () => {
  ensureBuilt();
  shop = makeShop(1500, 'cl-shop-clean-mysql-');
  for (const f of readdirSync(join(shop.dir, 'data', 'parquet')).filter((n) => n.endsWith('.parquet'))) {
    await loadFileIntoMysql(join(shop.dir, 'data', 'parquet', f), f.replace(/\.parquet$/, ''));
  }
  for (const f of readdirSync(shop.dir).filter((n) => n.endsWith('.odcs.yaml'))) {
    const text = readFileSync(join(shop.dir, f), 'utf8');
    writeFileSync(join(shop.dir, f), text.replace('servers:\n', `servers:\n${mysqlServerYaml('shop-mariadb')}`));
  }
});
after(() => rmSync(shop.dir, { recursive: true, force: true }));

test('clean on MariaDB: the same accounting, the same rows written and quarantined as on the files', async () => {
  const clean = async (server: string, out: string) => {
    const r = await runCli(['clean', '.', '--server', server, '--out', out, '--strict-references', '--report', 'json', '--now', shop.expected.referenceTime, '--root', shop.dir], { cwd: shop.dir, env: mysqlReaderEnv(), timeoutMs: 180_000 });
    assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
    return JSON.parse(r.stdout) as CleanReport;
  };
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const fromDb = await clean('shop-mariadb', 'from-mariadb');
    const fromFiles = await clean('local-parquet', 'from-files');
    for (const t of fromDb.tables) {
      assert.ok(!t.error, `${t.schema}: ${t.error}`);
      const f = fromFiles.tables.find((x) => x.schema === t.schema)!;
      assert.deepEqual(t.rows, f.rows, t.schema);
      assert.deepEqual(t.quarantine.map((q) => [q.rule, q.rows]), f.quarantine.map((q) => [q.rule, q.rows]), t.schema);
      assert.match(t.source, /^mysql:\/\//);
      for (const [file, drop] of [[`${t.schema}.parquet`, ''], [`${t.schema}.quarantine.parquet`, ' EXCLUDE (_source_row)']]) {
        const a = `SELECT *${drop} FROM '${join(shop.dir, 'from-mariadb', file)}'`;
        const b = `SELECT *${drop} FROM '${join(shop.dir, 'from-files', file)}'`;
        const n = (await conn.runAndReadAll(`SELECT count(*) AS n FROM ((${a} EXCEPT ALL ${b}) UNION ALL (${b} EXCEPT ALL ${a}))`)).getRowObjectsJson()[0].n;
        assert.equal(Number(n), 0, `${file}: rows differ`);
      }
    }
    assert.deepEqual(fromDb.totals, fromFiles.totals);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
