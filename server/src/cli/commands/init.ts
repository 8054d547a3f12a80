/**
 * `contractlens init --from PATH`: a first contract inferred from a data file (csv, parquet, json/jsonl) read with
 * DuckDB through the read-only, locked-down data session; `--from postgres://…` or `mysql://…` describes database
 * tables from their catalog and a profile run in the database. The data is only read; the contract is written to
 * `--output` (default `<name>.odcs.yaml` in the current folder) and never over an existing file without `--force`.
 */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inferContractFromDatabase, isDatabaseUrl } from '../../engine/data/infer/fromDatabase.js';
import { defaultContractName, inferContractFromFile, type InferFileResult } from '../../engine/data/infer/fromFile.js';
import { formatOfFile, parseFormat, type DataFormat } from '../../engine/data/sources.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { DATA_LIMIT_FLAGS, DATA_LIMIT_FLAGS_USAGE, dataLimits } from './dataOptions.js';

const OPTIONS = {
  from: { type: 'string' },
  table: { type: 'string', multiple: true },
  schema: { type: 'string' },
  format: { type: 'string', short: 'f' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  ...DATA_LIMIT_FLAGS,
} as const;

const USAGE = `contractlens init --from PATH [--format csv|parquet|json] [--name NAME] [--output FILE] [--force] [--timeout MS]…
       contractlens init --from postgres://HOST:PORT/DB (--table T… | --schema S) [--name NAME] [--output FILE]…
       contractlens init --from mysql://HOST:PORT/DB [--table T…] [--name NAME] [--output FILE]…

Writes an ODCS v3.1.0 contract inferred from a data file: one schema object, a property per column with its
logicalType and physicalType, required where there are no nulls, unique/primary key where values are distinct,
minimum/maximum of numeric columns, date formats of text dates, allowed values of low-cardinality text columns (as a
validValues quality rule), and a servers entry pointing at the file (relative path). The result lints clean and
passes "contractlens check" on the same data; review it, it describes the data as it is.

From a database (PostgreSQL, MySQL/MariaDB): one schema object per table, with the catalog's types (logicalType and
physicalType), NOT NULL as required, the primary key, single-column unique constraints, and foreign keys between the
tables of the contract as relationships; ranges, date formats and small value sets come from a profile query run in
the database, in a read-only session. The servers entry holds host, port, database and schema only. Credentials are
never written: prefer PGUSER/PGPASSWORD or ~/.pgpass (PostgreSQL), DATACONTRACT_MYSQL_USERNAME/_PASSWORD or
MYSQL_USER/MYSQL_PWD (MySQL); a password in the URL is used to connect, but shows in process lists and shell history.

Options:
  --from PATH|URL      the data file (csv, parquet, json or jsonl), or postgres://… / mysql://… (also postgresql, mariadb)
  --table NAME         a database table to describe (repeat for several; default: every table of the schema)
  --schema NAME        PostgreSQL schema (default public); for MySQL, the database (default: the URL's)
  -f, --format FORMAT  csv, parquet or json (default: from the file extension)
  --name NAME          name of the contract and schema object (default: the file name without extension)
  -o, --output FILE    where to write the contract (default: NAME.odcs.yaml in the current folder; - for stdout)
  --force              overwrite FILE when it exists
${DATA_LIMIT_FLAGS_USAGE}

Exit codes: 0 written, 2 usage error, unreadable data, or FILE exists without --force.`;

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a contract inferred from a data file (csv, parquet, json) or database tables (PostgreSQL, MySQL)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}" (the data file goes after --from).`);
    if (!args.values.from) throw new UsageError('--from PATH is required: the data file (or postgres://…, mysql://… URL) to infer the contract from.');
    const fromDb = isDatabaseUrl(args.values.from);
    if (!fromDb && (args.values.table || args.values.schema)) throw new UsageError('--table and --schema apply to a database URL (postgres://…, mysql://…), not to a file.');
    if (fromDb && args.values.format !== undefined) throw new UsageError('--format applies to a data file, not to a database URL.');
    const tables = (args.values.table ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
    if (args.values.name !== undefined && !/^[A-Za-z_][\w-]*$/.test(args.values.name)) throw new UsageError(`--name must start with a letter or _ and hold letters, digits, _ or - only; got "${args.values.name}".`);
    const toStdout = args.values.output === '-';
    const guard = async (name: string): Promise<string | undefined | false> => {
      const outPath = toStdout ? undefined : resolve(io.cwd, args.values.output ?? `${name}.odcs.yaml`);
      if (outPath && !args.values.force && (await fs.stat(outPath).catch(() => undefined))) {
        io.stderr(`contractlens init: ${args.values.output ?? `${name}.odcs.yaml`} already exists; pass --force to overwrite it.\n`);
        return false;
      }
      return outPath;
    };
    let inferred: InferFileResult;
    let outPath: string | undefined;
    if (fromDb) {
      if (args.values.output !== undefined && !toStdout) {
        const g = await guard('');
        if (g === false) return EXIT.usage;
      }
      inferred = await inferContractFromDatabase({ ...dataLimits(args.values), url: args.values.from, tables, schema: args.values.schema, name: args.values.name });
      if (!inferred.ok) {
        io.stderr(`contractlens init: ${inferred.message}\n`);
        return EXIT.usage;
      }
      const g = await guard(inferred.name);
      if (g === false) return EXIT.usage;
      outPath = g;
    } else {
      const dataPath = resolve(io.cwd, args.values.from);
      const st = await fs.stat(dataPath).catch(() => undefined);
      if (!st?.isFile()) {
        io.stderr(`contractlens init: cannot read ${args.values.from}: ${st ? 'not a file' : 'no such file'}.\n`);
        return EXIT.usage;
      }
      let format: DataFormat | undefined;
      if (args.values.format !== undefined) {
        format = parseFormat(args.values.format);
        if (!format) throw new UsageError(`--format must be csv, parquet or json; got "${args.values.format}".`);
      } else {
        format = formatOfFile(dataPath);
        if (!format) throw new UsageError(`cannot tell the format of ${args.values.from} from its extension; pass --format csv, parquet or json.`);
      }
      const name = args.values.name ?? defaultContractName(dataPath);
      if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new UsageError(`--name must start with a letter or _ and hold letters, digits, _ or - only; got "${name}".`);
      const g = await guard(name);
      if (g === false) return EXIT.usage;
      outPath = g;
      inferred = await inferContractFromFile(dataPath, { ...dataLimits(args.values), format, name, contractDir: outPath ? dirname(outPath) : io.cwd });
      if (!inferred.ok) {
        io.stderr(`contractlens init: ${inferred.message}\n`);
        return EXIT.usage;
      }
    }
    const { text, summary } = inferred;
    if (!outPath) {
      io.stdout(text);
      return EXIT.clean;
    }
    try {
      await fs.writeFile(outPath, text, { encoding: 'utf8', flag: args.values.force ? 'w' : 'wx' });
    } catch (e) {
      io.stderr(`contractlens init: cannot write ${outPath}: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    io.stderr(`Wrote ${args.values.output ?? `${inferred.name}.odcs.yaml`}: ${summary}. Check it with: contractlens lint and contractlens check.\n`);
    return EXIT.clean;
  },
};
