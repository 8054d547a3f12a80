/**
 * ISO 8601 date and date-time bounds (`logicalTypeOptions` minimum/maximum/exclusive…) on date and timestamp
 * properties are compared by `check`, not skipped (issue 8, item 6): `Z`, offsets, fractions, a date alone, and the
 * v3.0 `exclusiveMaximum: true` flag. The same contract runs through the real CLI on a DuckDB file, the run's
 * PostgreSQL and its MariaDB (MySQL dialect); each bound fails exactly the rows on the wrong side of it, in every
 * engine, on zone-aware and zone-less columns alike. Bounds written in a declared common `format` (`dd/MM/yyyy`)
 * are compared too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, CORPUS } from '../helpers/paths.ts';
import { pgEnv, withPg } from '../helpers/postgres.ts';
import { createTable, mysqlReaderEnv, mysqlServerYaml, withAdmin } from '../helpers/mysqlLoad.ts';
import { ensureBuilt } from '../cli/cliRunner.ts';
import { duck, newWorkspace, write } from './dataFixtures.ts';

/** Instants in UTC; `ntz` holds the same wall clock without a zone, `d` a day. */
const ROWS = [
  ['2026-10-31 21:59:59.999', '2026-10-30'],
  ['2026-10-31 22:00:00', '2026-10-31'], // = 2026-11-01T00:00:00+02:00
  ['2026-10-31 23:00:00', '2026-10-31'],
  ['2026-11-01 00:00:00', '2026-11-01'],
  ['2026-11-01 00:00:00.123', '2026-11-01'],
];

const PROPERTIES = `      - name: tz
        logicalType: timestamp
        logicalTypeOptions:
          maximum: '2026-11-01T00:00:00+02:00'
          minimum: '2026-11-01T00:00:00Z'
      - name: ntz
        logicalType: timestamp
        logicalTypeOptions:
          timezone: false
          exclusiveMaximum: '2026-11-01T00:00:00.123Z'
          exclusiveMinimum: '2026-10-31T22:00:00'
      - name: ntz2
        logicalType: timestamp
        logicalTypeOptions:
          timezone: false
          maximum: '2026-11-01 00:00:00'
          exclusiveMaximum: true
      - name: d
        logicalType: date
        logicalTypeOptions:
          maximum: '2026-10-31'
          exclusiveMinimum: '2026-10-30'
`;

/** Rule → rows failing it (see ROWS). */
const EXPECTED: Record<string, number> = {
  'bounds.tz.maximum': 3, // after 22:00 UTC
  'bounds.tz.minimum': 3, // before midnight UTC
  'bounds.ntz.exclusiveMaximum': 1, // the .123 row
  'bounds.ntz.exclusiveMinimum': 2, // up to 22:00 (no zone: UTC)
  'bounds.ntz2.maximum': 2, // v3.0: exclusive by the flag, so midnight itself fails
  'bounds.d.maximum': 2,
  'bounds.d.exclusiveMinimum': 1,
};

function contract(server: string): string {
  return `apiVersion: v3.1.0\nkind: DataContract\nid: bounds\nname: bounds\nversion: 1.0.0\nstatus: active\nservers:\n${server}schema:\n  - name: bounds\n    properties:\n${PROPERTIES}`;
}

function checkBounds(dir: string, env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, [CLI, 'check', 'bounds.odcs.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  const results: { rule: string; status: string; failedRows: number | null; message: string }[] = JSON.parse(r.stdout || '{"results":[]}').results;
  assert.ok(results.length, `check printed results: ${r.stdout}${r.stderr}`);
  const got: Record<string, number | string> = {};
  for (const rule of Object.keys(EXPECTED)) {
    const res = results.find((x) => x.rule === rule);
    got[rule] = res && (res.status === 'passed' || res.status === 'failed') ? res.failedRows ?? -1 : `${res?.status}: ${res?.message}`;
  }
  assert.deepEqual(got, EXPECTED);
  const flag = results.find((x) => x.rule === 'bounds.ntz2.exclusiveMaximum');
  assert.equal(flag?.status, 'skipped');
  assert.match(flag!.message, /v3\.0 flag form: the maximum rule compares exclusively/);
  // Zones as declared: no type rule warns or fails.
  for (const t of results.filter((x) => x.rule.endsWith('.type'))) assert.equal(t.status, 'passed', `${t.rule}: ${t.message}`);
}

describe('ISO 8601 bounds on dates and timestamps, compared by check in every engine', () => {
  before(() => ensureBuilt());

  test('DuckDB file', async () => {
    const dir = newWorkspace();
    const values = ROWS.map(([ts, d]) => `(TIMESTAMPTZ '${ts}+00', TIMESTAMP '${ts}', TIMESTAMP '${ts}', DATE '${d}')`).join(', ');
    await duck(`ATTACH '${dir}/bounds.duckdb' AS f`, 'CREATE TABLE f.bounds (tz TIMESTAMPTZ, ntz TIMESTAMP, ntz2 TIMESTAMP, d DATE)', `INSERT INTO f.bounds VALUES ${values}`, 'DETACH f');
    write(dir, 'bounds.odcs.yaml', contract('  - server: local\n    type: duckdb\n    database: bounds.duckdb\n'));
    checkBounds(dir);
    // The session's zone does not move an instant: the same verdicts in Berlin.
    checkBounds(dir, { TZ: 'Europe/Berlin' });
  });

  test('the ODCS data-types example, unchanged but for a server: its bounds (offsets, a format) are compared', async () => {
    const dir = newWorkspace();
    await duck(
      `ATTACH '${dir}/db.duckdb' AS f`,
      'CREATE TABLE f.transactions_tbl (account_id VARCHAR, txn_ref_date DATE, txn_timestamp TIMESTAMP, txn_timestamp_tz TIMESTAMPTZ, txn_time TIME, amount DOUBLE, age BIGINT, is_open BOOLEAN, latest_txns VARCHAR[], customer_details JSON)',
      // Row 2 breaks each maximum by one second or one day; 14:00:01 UTC is after 2021-01-01 00:00:00+10:00.
      `INSERT INTO f.transactions_tbl VALUES ('ACC12345678', DATE '2020-06-01', TIMESTAMP '2020-06-01 00:00:00', TIMESTAMPTZ '2020-12-31 14:00:00+00', TIME '12:00:00', 1, 30, true, ['a'], '{}'),
        ('ACC12345679', DATE '2021-01-02', TIMESTAMP '2021-01-01 00:00:01', TIMESTAMPTZ '2020-12-31 14:00:01+00', TIME '12:00:00', 1, 30, true, ['a'], '{}')`,
      'DETACH f',
    );
    const text = readFileSync(join(CORPUS, 'v3.1.0', 'examples', 'data-types-all-data-types.odcs.yaml'), 'utf8');
    write(dir, 'dt.odcs.yaml', `${text.trimEnd()}\nservers:\n  - server: local\n    type: duckdb\n    database: db.duckdb\n`);
    const run = (...args: string[]) => JSON.parse(spawnSync(process.execPath, [CLI, ...args, 'dt.odcs.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout);
    const results: { rule: string; status: string; failedRows: number | null }[] = run('check').results;
    const failed = results.filter((r) => r.status === 'failed').map((r) => `${r.rule}:${r.failedRows}`);
    assert.deepEqual(failed.sort(), ['transactions_tbl.age.type:null', 'transactions_tbl.txn_ref_date.maximum:1', 'transactions_tbl.txn_timestamp.maximum:1', 'transactions_tbl.txn_timestamp_tz.maximum:1']);
    assert.ok(!results.some((r) => /\.(minimum|maximum|exclusiveMinimum|exclusiveMaximum)$/.test(r.rule) && r.status === 'skipped'), 'no bound is skipped');
    // drift agrees: the one type finding is age's (physicalType int over BIGINT); `physicalType: timestamp` beside
    // `timezone: true` is the example's generic word for a zoned timestamp.
    const findings: { code: string; line: number; severity: string }[] = run('drift').files[0].findings;
    assert.deepEqual(findings.map((f) => `${f.code}:${f.severity}:${text.split('\n')[f.line - 1].trim()}`), ['CL203:error:- name: age']);
  });

  test('bounds written in the declared format (dd/MM/yyyy, dd/MM/yyyy HH:mm) are compared; another format is skipped with its reason', async () => {
    const dir = newWorkspace();
    await duck(
      `ATTACH '${dir}/fmt.duckdb' AS f`,
      'CREATE TABLE f.fmt (d VARCHAR, ts VARCHAR, named VARCHAR)',
      "INSERT INTO f.fmt VALUES ('30/10/2026', '31/10/2026 11:59', '30 Oct 2026'), ('31/10/2026', '31/10/2026 12:00', '31 Oct 2026'), ('01/11/2026', '01/11/2026 00:00', '01 Nov 2026')",
      'DETACH f',
    );
    const props = `      - name: d
        logicalType: date
        logicalTypeOptions:
          format: dd/MM/yyyy
          maximum: 31/10/2026
          exclusiveMinimum: 30/10/2026
      - name: ts
        logicalType: timestamp
        logicalTypeOptions:
          format: dd/MM/yyyy HH:mm
          timezone: false
          minimum: 31/10/2026 12:00
      - name: named
        logicalType: date
        logicalTypeOptions:
          format: dd MMM yyyy
          maximum: 31 Oct 2026
`;
    write(dir, 'fmt.odcs.yaml', `apiVersion: v3.1.0\nkind: DataContract\nid: fmt\nname: fmt\nversion: 1.0.0\nstatus: active\nservers:\n  - server: local\n    type: duckdb\n    database: fmt.duckdb\nschema:\n  - name: fmt\n    properties:\n${props}`);
    const run = (cmd: string) => JSON.parse(spawnSync(process.execPath, [CLI, cmd, 'fmt.odcs.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout);
    const results: { rule: string; status: string; failedRows: number | null; message: string }[] = run('check').results;
    const got = Object.fromEntries(results.filter((r) => /\.(maximum|minimum|exclusiveMinimum)$/.test(r.rule)).map((r) => [r.rule, r.status === 'skipped' ? r.message : r.failedRows]));
    assert.deepEqual(got, {
      'fmt.d.maximum': 1, // 01/11/2026
      'fmt.d.exclusiveMinimum': 1, // 30/10/2026 itself
      'fmt.ts.minimum': 1, // 11:59
      'fmt.named.maximum': 'maximum 31 Oct 2026 is not an ISO 8601 date or date-time (the declared format dd MMM yyyy is not one bounds are read in: yyyy, MM, dd, HH, mm, ss and literal separators)',
    });
    // Lint reads the bounds with the same parser: none of them is reported (the month-name one is check's to skip).
    const lint = JSON.parse(spawnSync(process.execPath, [CLI, 'lint', 'fmt.odcs.yaml', '--format', 'json'], { cwd: dir, encoding: 'utf8' }).stdout);
    assert.deepEqual(lint.files[0].diagnostics.filter((x: { code: string }) => x.code === 'CL108'), []);
  });

  describe('PostgreSQL', () => {
    const schema = `bounds_${process.pid}`;
    before(async () => {
      const pg = pgEnv();
      await withPg(pg.superUrl, async (c) => {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"; GRANT USAGE ON SCHEMA "${schema}" TO "${pg.user}"`);
        await c.query(`CREATE TABLE "${schema}".bounds (tz timestamptz, ntz timestamp, ntz2 timestamp(3), d date)`);
        for (const [ts, d] of ROWS) await c.query(`INSERT INTO "${schema}".bounds VALUES ($1::timestamptz, $2::timestamp, $2::timestamp, $3::date)`, [`${ts}+00`, ts, d]);
        await c.query(`GRANT SELECT ON "${schema}".bounds TO "${pg.user}"`);
      });
    });
    after(async () => {
      await withPg(pgEnv().superUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    });
    test('PostgreSQL', () => {
      const pg = pgEnv();
      const dir = newWorkspace();
      write(dir, 'bounds.odcs.yaml', contract(`  - server: pg\n    type: postgres\n    host: \${CONTRACTLENS_TEST_PG_HOST}\n    port: \${CONTRACTLENS_TEST_PG_PORT}\n    database: ${pg.database}\n    schema: ${schema}\n`));
      checkBounds(dir, { PGUSER: pg.user, PGPASSWORD: pg.password });
    });
  });

  describe('MariaDB (MySQL dialect)', () => {
    before(async () => {
      // TIMESTAMP holds instants in MySQL (zone-aware); DATETIME is a wall clock.
      await withAdmin((c) => createTable(c, 'bounds', [{ name: 'tz', type: 'TIMESTAMP(3) NULL' }, { name: 'ntz', type: 'DATETIME(3)' }, { name: 'ntz2', type: 'DATETIME(3)' }, { name: 'd', type: 'DATE' }], ROWS.map(([ts, d]) => [ts, ts, ts, d])));
    });
    after(async () => {
      await withAdmin((c) => c.query('DROP TABLE IF EXISTS `bounds`'));
    });
    test('MariaDB', () => {
      const dir = newWorkspace();
      write(dir, 'bounds.odcs.yaml', contract(mysqlServerYaml('mysql')));
      checkBounds(dir, mysqlReaderEnv());
    });
  });
});
