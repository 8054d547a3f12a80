/**
 * `check` and `drift` agree on types (issue 8, item 6): a table of (declared type, actual column type) fixtures, run
 * through the real CLI as child processes on a real DuckDB file and on the run's real PostgreSQL, and each column's
 * verdict read from both commands' JSON: drift's CL203/CL201 (error or warning) and check's `type` rule (failed or
 * warning). Both must equal the fixture's expected verdict, so neither can drift away from the one compatibility
 * table (engine/data/typeVerdict.ts) alone. ODCS and DCS contracts, nested fields, list items and maps (DCS map keys
 * and values against DuckDB's MAP(K, V) and PostgreSQL's hstore and jsonb) included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { CLI } from '../helpers/paths.ts';
import { pgEnv, withPg } from '../helpers/postgres.ts';
import { ensureBuilt } from '../cli/cliRunner.ts';
import { duck, newWorkspace, write } from './dataFixtures.ts';

type Verdict = 'ok' | 'warning' | 'error';

interface Fixture {
  /** Column name (also the property name). */
  name: string;
  /** The column's SQL type and one value of it. */
  column: string;
  value: string;
  /** The property's YAML lines after `- name: …` (ODCS) or `name:` (DCS), 8-space indented. */
  declared: string;
  expected: Verdict;
  /**
   * For nested fixtures: the label(s) check uses (`obj.a`, `list[]`, `map{keys}`; with several, check's verdict is
   * the worst of them) and the name whose line drift reports on.
   */
  label?: string | string[];
  driftName?: string;
}

const DUCK_ODCS: Fixture[] = [
  { name: 'bytes_blob', column: 'BLOB', value: "'\\xAA'::BLOB", declared: 'logicalType: string\nphysicalType: bytes', expected: 'ok' },
  { name: 'binary_blob', column: 'BLOB', value: "'\\xAA'::BLOB", declared: 'logicalType: string\nphysicalType: varbinary(16)', expected: 'ok' },
  { name: 'bytes_text', column: 'VARCHAR', value: "'aa'", declared: 'logicalType: string\nphysicalType: bytea', expected: 'error' },
  { name: 'string_blob', column: 'BLOB', value: "'\\xAA'::BLOB", declared: 'logicalType: string', expected: 'error' },
  { name: 'ts_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'logicalType: timestamp', expected: 'ok' },
  { name: 'ts_no_tz', column: 'TIMESTAMP', value: "TIMESTAMP '2026-10-01 00:00:00'", declared: 'logicalType: timestamp', expected: 'warning' },
  { name: 'ts_physical_ntz', column: 'TIMESTAMP', value: "TIMESTAMP '2026-10-01 00:00:00'", declared: 'logicalType: timestamp\nphysicalType: TIMESTAMP', expected: 'ok' },
  { name: 'ts_option_ntz', column: 'TIMESTAMP', value: "TIMESTAMP '2026-10-01 00:00:00'", declared: 'logicalType: timestamp\nlogicalTypeOptions:\n  timezone: false', expected: 'ok' },
  { name: 'ts_option_ntz_on_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'logicalType: timestamp\nlogicalTypeOptions:\n  timezone: false', expected: 'warning' },
  { name: 'ts_physical_ntz_on_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'logicalType: timestamp\nphysicalType: timestamp', expected: 'error' },
  { name: 'ts_physical_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'logicalType: timestamp\nphysicalType: timestamptz', expected: 'ok' },
  { name: 'int_text', column: 'VARCHAR', value: "'12'", declared: 'logicalType: integer', expected: 'error' },
  { name: 'int_bigint', column: 'BIGINT', value: '12', declared: 'logicalType: integer\nphysicalType: BIGINT', expected: 'ok' },
  { name: 'int_physical_wider', column: 'BIGINT', value: '12', declared: 'logicalType: integer\nphysicalType: INTEGER', expected: 'error' },
  { name: 'physical_only', column: 'DATE', value: "DATE '2026-10-01'", declared: 'physicalType: varchar(10)', expected: 'error' },
  { name: 'date_text_format', column: 'VARCHAR', value: "'2026-10-01'", declared: 'logicalType: date\nlogicalTypeOptions:\n  format: yyyy-MM-dd', expected: 'ok' },
  { name: 'date_text', column: 'VARCHAR', value: "'2026-10-01'", declared: 'logicalType: date', expected: 'error' },
  { name: 'map_object', column: 'MAP(VARCHAR, INTEGER)', value: "MAP {'k': 1}", declared: 'logicalType: object', expected: 'ok' },
  { name: 'map_array', column: 'MAP(VARCHAR, INTEGER)', value: "MAP {'k': 1}", declared: 'logicalType: array', expected: 'error' },
  { name: 'list_ok', column: 'INTEGER[]', value: '[1, 2]', declared: 'logicalType: array\nitems:\n  logicalType: integer', expected: 'ok', label: 'list_ok[]' },
  { name: 'list_bad', column: 'INTEGER[]', value: '[1, 2]', declared: 'logicalType: array\nitems:\n  logicalType: string', expected: 'error', label: 'list_bad[]' },
  { name: 'obj_ok', column: 'STRUCT(a INTEGER, b VARCHAR)', value: "{'a': 1, 'b': 'x'}", declared: 'logicalType: object\nproperties:\n  - name: a\n    logicalType: integer\n  - name: b\n    logicalType: string', expected: 'ok', label: 'obj_ok.a' },
  { name: 'obj_bad', column: 'STRUCT(a INTEGER, b VARCHAR)', value: "{'a': 1, 'b': 'x'}", declared: 'logicalType: object\nproperties:\n  - name: a\n    logicalType: integer\n  - name: b\n    logicalType: integer', expected: 'error', label: 'obj_bad.b', driftName: 'b' },
  { name: 'obj_missing', column: 'STRUCT(a INTEGER)', value: "{'a': 1}", declared: 'logicalType: object\nproperties:\n  - name: a\n    logicalType: integer\n  - name: zz\n    logicalType: integer', expected: 'error', label: 'obj_missing.zz', driftName: 'zz' },
  { name: 'obj_ts', column: 'STRUCT(happened TIMESTAMP)', value: "{'happened': TIMESTAMP '2026-10-01 00:00:00'}", declared: 'logicalType: object\nproperties:\n  - name: happened\n    logicalType: timestamp', expected: 'warning', label: 'obj_ts.happened', driftName: 'happened' },
  { name: 'items_obj', column: 'STRUCT(x VARCHAR)[]', value: "[{'x': '1'}]", declared: 'logicalType: array\nitems:\n  logicalType: object\n  properties:\n    - name: x\n      logicalType: integer', expected: 'error', label: 'items_obj[].x', driftName: 'x' },
];

const DUCK_DCS: Fixture[] = [
  { name: 'd_bytes_blob', column: 'BLOB', value: "'\\xAA'::BLOB", declared: 'type: bytes', expected: 'ok' },
  { name: 'd_bytes_text', column: 'VARCHAR', value: "'aa'", declared: 'type: bytes', expected: 'error' },
  { name: 'd_ts_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'type: timestamp', expected: 'ok' },
  { name: 'd_ts_no_tz', column: 'TIMESTAMP', value: "TIMESTAMP '2026-10-01 00:00:00'", declared: 'type: timestamp', expected: 'warning' },
  { name: 'd_tz_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'type: timestamp_tz', expected: 'ok' },
  { name: 'd_ntz_ntz', column: 'TIMESTAMP', value: "TIMESTAMP '2026-10-01 00:00:00'", declared: 'type: timestamp_ntz', expected: 'ok' },
  { name: 'd_ntz_tz', column: 'TIMESTAMPTZ', value: "TIMESTAMPTZ '2026-10-01 00:00:00+00'", declared: 'type: timestamp_ntz', expected: 'warning' },
  { name: 'd_uuid_text', column: 'VARCHAR', value: "'6f1c0d4e-1b1a-4a53-9f0f-0a5e5b6c7d8e'", declared: 'type: uuid', expected: 'ok' },
  { name: 'd_long_int', column: 'INTEGER', value: '1', declared: 'type: long', expected: 'ok' },
  { name: 'd_long_text', column: 'VARCHAR', value: "'1'", declared: 'type: long', expected: 'error' },
  // DCS maps: `keys` and `values` are fields of their own, compared with MAP(K, V)'s key and value types.
  { name: 'd_map_ok', column: 'MAP(VARCHAR, INTEGER)', value: "MAP {'k': 1}", declared: 'type: map\nkeys:\n  type: string\nvalues:\n  type: integer', expected: 'ok', label: ['d_map_ok{keys}', 'd_map_ok{values}'] },
  { name: 'd_map_key', column: 'MAP(VARCHAR, INTEGER)', value: "MAP {'k': 1}", declared: 'type: map\nkeys:\n  type: integer\nvalues:\n  type: integer', expected: 'error', label: 'd_map_key{keys}' },
  { name: 'd_map_value', column: 'MAP(VARCHAR, INTEGER)', value: "MAP {'k': 1}", declared: 'type: map\nkeys:\n  type: string\nvalues:\n  type: string', expected: 'error', label: 'd_map_value{values}' },
  { name: 'd_map_int_keys', column: 'MAP(INTEGER, VARCHAR)', value: "MAP {1: 'a'}", declared: 'type: map\nkeys:\n  type: long\nvalues:\n  type: string', expected: 'ok', label: ['d_map_int_keys{keys}', 'd_map_int_keys{values}'] },
  { name: 'd_map_ts', column: 'MAP(VARCHAR, TIMESTAMP)', value: "MAP {'k': TIMESTAMP '2026-10-01 00:00:00'}", declared: 'type: map\nvalues:\n  type: timestamp', expected: 'warning', label: 'd_map_ts{values}' },
  { name: 'd_map_struct', column: 'MAP(VARCHAR, STRUCT(a INTEGER, b VARCHAR))', value: "MAP {'k': {'a': 1, 'b': 'x'}}", declared: 'type: map\nkeys:\n  type: string\nvalues:\n  type: object\n  fields:\n    a:\n      type: integer\n    b:\n      type: string', expected: 'ok', label: ['d_map_struct{keys}', 'd_map_struct{values}', 'd_map_struct{values}.a', 'd_map_struct{values}.b'] },
  { name: 'd_map_struct_bad', column: 'MAP(VARCHAR, STRUCT(a INTEGER, b VARCHAR))', value: "MAP {'k': {'a': 1, 'b': 'x'}}", declared: 'type: map\nkeys:\n  type: string\nvalues:\n  type: object\n  fields:\n    a:\n      type: integer\n    b:\n      type: integer', expected: 'error', label: 'd_map_struct_bad{values}.b', driftName: 'b' },
  { name: 'd_map_struct_missing', column: 'MAP(VARCHAR, STRUCT(a INTEGER))', value: "MAP {'k': {'a': 1}}", declared: 'type: map\nvalues:\n  type: object\n  fields:\n    a:\n      type: integer\n    zz:\n      type: integer', expected: 'error', label: 'd_map_struct_missing{values}.zz', driftName: 'zz' },
  { name: 'd_map_of_maps', column: 'MAP(VARCHAR, MAP(VARCHAR, INTEGER))', value: "MAP {'k': MAP {'j': 1}}", declared: 'type: map\nvalues:\n  type: map\n  keys:\n    type: string\n  values:\n    type: string', expected: 'error', label: 'd_map_of_maps{values}{values}' },
  { name: 'd_map_list', column: 'INTEGER[]', value: '[1]', declared: 'type: map\nkeys:\n  type: string', expected: 'error' },
  // DCS arrays: `items` is a field too.
  { name: 'd_items_ok', column: 'INTEGER[]', value: '[1, 2]', declared: 'type: array\nitems:\n  type: integer', expected: 'ok', label: 'd_items_ok[]' },
  { name: 'd_items_bad', column: 'INTEGER[]', value: '[1, 2]', declared: 'type: array\nitems:\n  type: string', expected: 'error', label: 'd_items_bad[]' },
];

/** PostgreSQL's own names for the engine-specific types. */
const PG_ODCS: Fixture[] = [
  { name: 'bytea_bytes', column: 'bytea', value: "'\\xaa'::bytea", declared: 'logicalType: string\nphysicalType: bytes', expected: 'ok' },
  { name: 'text_bytea', column: 'text', value: "'aa'", declared: 'logicalType: string\nphysicalType: bytea', expected: 'error' },
  { name: 'tstz', column: 'timestamptz', value: "'2026-10-01 00:00:00+00'", declared: 'logicalType: timestamp', expected: 'ok' },
  { name: 'ts', column: 'timestamp', value: "'2026-10-01 00:00:00'", declared: 'logicalType: timestamp', expected: 'warning' },
  { name: 'ts_declared', column: 'timestamp(3)', value: "'2026-10-01 00:00:00'", declared: 'logicalType: timestamp\nphysicalType: timestamp without time zone', expected: 'ok' },
  { name: 'arr_ok', column: 'integer[]', value: "'{1,2}'", declared: 'logicalType: array\nitems:\n  logicalType: integer', expected: 'ok', label: 'arr_ok[]' },
  { name: 'arr_bad', column: 'integer[]', value: "'{1,2}'", declared: 'logicalType: array\nitems:\n  logicalType: string', expected: 'error', label: 'arr_bad[]' },
  { name: 'doc', column: 'jsonb', value: "'{\"a\": 1}'", declared: 'logicalType: object', expected: 'ok' },
];

const PG_DCS: Fixture[] = [
  { name: 'd_bytea', column: 'bytea', value: "'\\xaa'::bytea", declared: 'type: bytes', expected: 'ok' },
  { name: 'd_text_bytes', column: 'varchar(10)', value: "'aa'", declared: 'type: bytes', expected: 'error' },
  { name: 'd_ntz', column: 'timestamp', value: "'2026-10-01 00:00:00'", declared: 'type: timestamp_ntz', expected: 'ok' },
  { name: 'd_tz', column: 'timestamp with time zone', value: "'2026-10-01 00:00:00+00'", declared: 'type: timestamp', expected: 'ok' },
  { name: 'd_tz_missing', column: 'timestamp', value: "'2026-10-01 00:00:00'", declared: 'type: timestamp', expected: 'warning' },
  // Maps in PostgreSQL: hstore is text to text; a JSON object has text keys and values of no one type (not compared).
  { name: 'd_hstore', column: 'hstore', value: "'k=>v'", declared: 'type: map\nkeys:\n  type: string\nvalues:\n  type: string', expected: 'ok', label: ['d_hstore{keys}', 'd_hstore{values}'] },
  { name: 'd_hstore_value', column: 'hstore', value: "'k=>1'", declared: 'type: map\nkeys:\n  type: string\nvalues:\n  type: integer', expected: 'error', label: 'd_hstore_value{values}' },
  { name: 'd_jsonb_map', column: 'jsonb', value: '\'{"k": 1}\'', declared: 'type: map\nkeys:\n  type: string', expected: 'ok', label: 'd_jsonb_map{keys}' },
  { name: 'd_jsonb_map_key', column: 'jsonb', value: '\'{"1": 1}\'', declared: 'type: map\nkeys:\n  type: integer', expected: 'error', label: 'd_jsonb_map_key{keys}' },
];

const indent = (text: string, n: number) => text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');

/** The contract text and, per fixture, the 1-based line drift reports on. */
function odcsContract(table: string, server: string, fixtures: Fixture[]): { text: string; lines: Map<string, number> } {
  let text = `apiVersion: v3.1.0\nkind: DataContract\nid: types\nname: types\nversion: 1.0.0\nstatus: active\nservers:\n${server}schema:\n  - name: ${table}\n    properties:\n`;
  const lines = new Map<string, number>();
  for (const f of fixtures) {
    const start = text.split('\n').length;
    text += `      - name: ${f.name}\n${indent(f.declared, 8)}\n`;
    lines.set(f.name, lineOf(text, start, f.driftName ?? f.name));
  }
  return { text, lines };
}

function dcsContract(table: string, server: string, fixtures: Fixture[]): { text: string; lines: Map<string, number> } {
  let text = `dataContractSpecification: 1.1.0\nid: types-dcs\ninfo:\n  title: types\n  version: 1.0.0\nservers:\n${server}models:\n  ${table}:\n    type: table\n    fields:\n`;
  const lines = new Map<string, number>();
  for (const f of fixtures) {
    const start = text.split('\n').length;
    text += `      ${f.name}:\n${indent(f.declared, 8)}\n`;
    lines.set(f.name, f.driftName ? dcsLineOf(text, start, f.driftName) : start);
  }
  return { text, lines };
}

/** The line (1-based) at or after `from` of the DCS field `name:`. */
function dcsLineOf(text: string, from: number, name: string): number {
  const all = text.split('\n');
  for (let i = from - 1; i < all.length; i++) if (new RegExp(`^\\s*${name}:$`).test(all[i])) return i + 1;
  throw new Error(`no line names ${name}`);
}

/** The line (1-based) at or after `from` naming `name` (`name: x` or `- name: x`). */
function lineOf(text: string, from: number, name: string): number {
  const all = text.split('\n');
  for (let i = from - 1; i < all.length; i++) if (new RegExp(`name: ${name}$`).test(all[i])) return i + 1;
  throw new Error(`no line names ${name}`);
}

function cli(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; json: any; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  try {
    return { status: r.status, json: JSON.parse(r.stdout), stderr: r.stderr };
  } catch {
    throw new Error(`contractlens ${args.join(' ')} printed no JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

/** Each fixture's verdict from drift (CL201/CL203 on its line) and from check (its type rule), both real CLI runs. */
function verdicts(dir: string, file: string, table: string, fixtures: Fixture[], lines: Map<string, number>, env: NodeJS.ProcessEnv = {}): { drift: Map<string, Verdict>; check: Map<string, Verdict> } {
  const drift = cli(dir, env, 'drift', file);
  const findings: { code: string; severity: string; line: number; message: string }[] = drift.json.files.flatMap((f: { findings: unknown[] }) => f.findings);
  const unexpected = findings.filter((f) => !['CL201', 'CL203'].includes(f.code));
  assert.deepEqual(unexpected, [], 'drift finds nothing but the type fixtures');
  const check = cli(dir, env, 'check', file);
  const results: { rule: string; status: string; message: string }[] = check.json.results;
  const d = new Map<string, Verdict>();
  const c = new Map<string, Verdict>();
  for (const f of fixtures) {
    const on = findings.filter((x) => x.line === lines.get(f.name));
    d.set(f.name, on.some((x) => x.severity === 'error') ? 'error' : on.length ? 'warning' : 'ok');
    const verdictsOf = [f.label ?? f.name].flat().map((label) => {
      const rule = results.find((r) => r.rule === `${table}.${label}.type`);
      assert.ok(rule, `check has a type rule for ${label}: ${results.map((r) => r.rule).join(', ')}`);
      assert.ok(['passed', 'failed', 'warning'].includes(rule.status), `${rule.rule} ran: ${rule.status} ${rule.message}`);
      return rule.status === 'failed' ? 'error' : rule.status === 'warning' ? 'warning' : 'ok';
    });
    c.set(f.name, verdictsOf.includes('error') ? 'error' : verdictsOf.includes('warning') ? 'warning' : 'ok');
  }
  return { drift: d, check: c };
}

function assertAgree(fixtures: Fixture[], got: { drift: Map<string, Verdict>; check: Map<string, Verdict> }): void {
  const expected = Object.fromEntries(fixtures.map((f) => [f.name, f.expected]));
  assert.deepEqual(Object.fromEntries(got.drift), expected, 'drift gives the expected verdict per column');
  assert.deepEqual(Object.fromEntries(got.check), expected, 'check gives the same verdict per column');
}

async function duckTable(path: string, table: string, fixtures: Fixture[]): Promise<void> {
  await duck(
    `ATTACH '${path}' AS f`,
    `CREATE TABLE f.${table} (${fixtures.map((f) => `${f.name} ${f.column}`).join(', ')})`,
    `INSERT INTO f.${table} VALUES (${fixtures.map((f) => f.value).join(', ')})`,
    'DETACH f',
  );
}

describe('check and drift agree on every type fixture', () => {
  before(() => ensureBuilt());

  test('DuckDB file, ODCS contract', async () => {
    const dir = newWorkspace();
    await duckTable(`${dir}/types.duckdb`, 'types', DUCK_ODCS);
    const { text, lines } = odcsContract('types', '  - server: local\n    type: duckdb\n    database: types.duckdb\n', DUCK_ODCS);
    write(dir, 'types.odcs.yaml', text);
    assertAgree(DUCK_ODCS, verdicts(dir, 'types.odcs.yaml', 'types', DUCK_ODCS, lines));
  });

  test('DuckDB file, DCS contract', async () => {
    const dir = newWorkspace();
    await duckTable(`${dir}/types.duckdb`, 'types', DUCK_DCS);
    const { text, lines } = dcsContract('types', '  local:\n    type: duckdb\n    database: types.duckdb\n', DUCK_DCS);
    write(dir, 'datacontract.yaml', text);
    assertAgree(DUCK_DCS, verdicts(dir, 'datacontract.yaml', 'types', DUCK_DCS, lines));
  });

  describe('PostgreSQL', () => {
    const schema = `types_${process.pid}`;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      const pg = pgEnv();
      env = { PGUSER: pg.user, PGPASSWORD: pg.password };
      await withPg(pg.superUrl, async (c) => {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"; GRANT USAGE ON SCHEMA "${schema}" TO "${pg.user}"`);
        // hstore ships with PostgreSQL (contrib); the DCS map fixtures read it.
        await c.query('CREATE EXTENSION IF NOT EXISTS hstore');
        for (const [table, fixtures] of [['odcs_types', PG_ODCS], ['dcs_types', PG_DCS]] as const) {
          await c.query(`CREATE TABLE "${schema}".${table} (${fixtures.map((f) => `${f.name} ${f.column}`).join(', ')})`);
          await c.query(`INSERT INTO "${schema}".${table} VALUES (${fixtures.map((f) => f.value).join(', ')})`);
          await c.query(`GRANT SELECT ON "${schema}".${table} TO "${pg.user}"`);
        }
      });
    });
    after(async () => {
      await withPg(pgEnv().superUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    });
    const server = (dcs: boolean) => {
      const pg = pgEnv();
      const body = `    type: postgres\n    host: \${CONTRACTLENS_TEST_PG_HOST}\n    port: \${CONTRACTLENS_TEST_PG_PORT}\n    database: ${pg.database}\n    schema: ${schema}\n`;
      return dcs ? `  pg:\n${body}` : `  - server: pg\n${body}`;
    };

    test('PostgreSQL, ODCS contract', () => {
      const dir = newWorkspace();
      const { text, lines } = odcsContract('odcs_types', server(false), PG_ODCS);
      write(dir, 'types.odcs.yaml', text);
      assertAgree(PG_ODCS, verdicts(dir, 'types.odcs.yaml', 'odcs_types', PG_ODCS, lines, env));
    });

    test('PostgreSQL, DCS contract', () => {
      const dir = newWorkspace();
      const { text, lines } = dcsContract('dcs_types', server(true), PG_DCS);
      write(dir, 'datacontract.yaml', text);
      assertAgree(PG_DCS, verdicts(dir, 'datacontract.yaml', 'dcs_types', PG_DCS, lines, env));
    });
  });
});
