/**
 * The run's PostgreSQL (started by scripts/services/postgres.mjs): connection settings from the CONTRACTLENS_TEST_PG_*
 * variables, and loading the generated shop data (its Parquet files, types kept) into a schema of its own.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';

export function pgEnv(): { url: string; superUrl: string; host: string; port: string; database: string; user: string; password: string; superuser: string; superPassword: string } {
  const e = process.env;
  const need = (k: string) => {
    const v = e[k];
    if (!v) throw new Error(`${k} is not set: run the tests through scripts/run-tests.mjs, which starts PostgreSQL`);
    return v;
  };
  return {
    url: need('CONTRACTLENS_TEST_PG_URL'),
    superUrl: need('CONTRACTLENS_TEST_PG_SUPERUSER_URL'),
    host: need('CONTRACTLENS_TEST_PG_HOST'),
    port: need('CONTRACTLENS_TEST_PG_PORT'),
    database: need('CONTRACTLENS_TEST_PG_DATABASE'),
    user: need('CONTRACTLENS_TEST_PG_USER'),
    password: need('CONTRACTLENS_TEST_PG_PASSWORD'),
    superuser: need('CONTRACTLENS_TEST_PG_SUPERUSER'),
    superPassword: need('CONTRACTLENS_TEST_PG_SUPERUSER_PASSWORD'),
  };
}

export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function pgType(duck: string): string {
  const t = duck.toUpperCase();
  if (t.endsWith('[]')) return `${pgType(t.slice(0, -2))}[]`;
  if (t.startsWith('DECIMAL')) return t.replace('DECIMAL', 'numeric');
  const map: Record<string, string> = {
    BIGINT: 'bigint', INTEGER: 'integer', SMALLINT: 'smallint', TINYINT: 'smallint', HUGEINT: 'numeric', DOUBLE: 'double precision', FLOAT: 'real',
    VARCHAR: 'text', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp', 'TIMESTAMP WITH TIME ZONE': 'timestamptz', TIME: 'time', BLOB: 'bytea', UUID: 'uuid',
  };
  return map[t] ?? 'text';
}

/**
 * Creates `schema` (dropped first) and copies every Parquet table of `dataDir/parquet` (or of `dataDir` itself with
 * `flat`) into it, as the superuser.
 */
export async function loadShopIntoPostgres(dataDir: string, schema: string, options: { flat?: boolean } = {}): Promise<Record<string, number>> {
  const folder = options.flat ? dataDir : join(dataDir, 'parquet');
  const env = pgEnv();
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const counts: Record<string, number> = {};
  try {
    await withPg(env.superUrl, async (c) => {
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.parquet'))) {
        const table = file.replace(/\.parquet$/, '');
        const path = join(folder, file);
        const desc = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjectsJson();
        const cols = desc.map((r) => ({ name: String(r.column_name), type: pgType(String(r.column_type)) }));
        await c.query(`CREATE TABLE "${schema}"."${table}" (${cols.map((x) => `"${x.name}" ${x.type}`).join(', ')})`);
        // Values as DuckDB prints them (text), cast by PostgreSQL on insert: types and NULLs survive.
        const rows = (await conn.runAndReadAll(`SELECT ${cols.map((x) => `CAST("${x.name}" AS VARCHAR) AS "${x.name}"`).join(', ')} FROM read_parquet('${path}')`)).getRowObjectsJson();
        for (let i = 0; i < rows.length; i += 500) {
          const batch = rows.slice(i, i + 500);
          const values: unknown[] = [];
          const tuples = batch.map((r) => `(${cols.map((x) => (values.push(r[x.name] ?? null), `$${values.length}::${x.type}`)).join(', ')})`);
          await c.query(`INSERT INTO "${schema}"."${table}" VALUES ${tuples.join(', ')}`, values);
        }
        counts[table] = rows.length;
      }
      await c.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${env.user}`);
    });
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
  return counts;
}

/** Adds a `type: postgres` server named `name` to every contract of `dir` (host and port through ${VAR} variables). */
export function addPostgresServer(dir: string, name: string, schema: string): void {
  const env = pgEnv();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.odcs.yaml'))) {
    const path = join(dir, f);
    const text = readFileSync(path, 'utf8');
    const server = `servers:\n  - server: ${name}\n    type: postgres\n    host: \${CONTRACTLENS_TEST_PG_HOST}\n    port: \${CONTRACTLENS_TEST_PG_PORT}\n    database: ${env.database}\n    schema: ${schema}\n`;
    writeFileSync(path, text.replace(/^servers:\n/m, server));
  }
}

/** A `servers` entry (YAML, 2-space list item) for the run's PostgreSQL cluster whose variables start with `prefix`. */
export function pgServerYaml(name: string, prefix = 'CONTRACTLENS_TEST_PG_'): string {
  return `  - server: ${name}\n    type: postgres\n    host: 127.0.0.1\n    port: ${process.env[`${prefix}PORT`]}\n    database: ${process.env[`${prefix}DATABASE`]}\n    schema: public\n`;
}

/** A libpq password file for the readers of the given clusters (the contracts hold no credentials). */
export function pgpassFor(prefixes: string[]): string {
  return prefixes.map((p) => `127.0.0.1:${process.env[`${p}PORT`]}:*:${process.env[`${p}USER`]}:${process.env[`${p}PASSWORD`]}`).join('\n') + '\n';
}
