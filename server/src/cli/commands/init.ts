/**
 * `contractlens init --from PATH`: a first contract inferred from a data file (csv, parquet, json/jsonl) read with
 * DuckDB through the read-only, locked-down data session. The data file is only read; the contract is written to
 * `--output` (default `<name>.odcs.yaml` in the current folder) and never over an existing file without `--force`.
 */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultContractName, inferContractFromFile } from '../../engine/data/infer/fromFile.js';
import { formatOfFile, parseFormat, type DataFormat } from '../../engine/data/sources.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { DATA_LIMIT_FLAGS, DATA_LIMIT_FLAGS_USAGE, dataLimits } from './dataOptions.js';

const OPTIONS = {
  from: { type: 'string' },
  format: { type: 'string', short: 'f' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  ...DATA_LIMIT_FLAGS,
} as const;

const USAGE = `contractlens init --from PATH [--format csv|parquet|json] [--name NAME] [--output FILE] [--force] [--timeout MS]…

Writes an ODCS v3.1.0 contract inferred from a data file: one schema object, a property per column with its
logicalType and physicalType, required where there are no nulls, unique/primary key where values are distinct,
minimum/maximum of numeric columns, date formats of text dates, allowed values of low-cardinality text columns (as a
validValues quality rule), and a servers entry pointing at the file (relative path). The result lints clean and
passes "contractlens check" on the same data; review it, it describes the data as it is.

Options:
  --from PATH          the data file (csv, parquet, json or jsonl)
  -f, --format FORMAT  csv, parquet or json (default: from the file extension)
  --name NAME          name of the contract and schema object (default: the file name without extension)
  -o, --output FILE    where to write the contract (default: NAME.odcs.yaml in the current folder; - for stdout)
  --force              overwrite FILE when it exists
${DATA_LIMIT_FLAGS_USAGE}

Exit codes: 0 written, 2 usage error, unreadable data, or FILE exists without --force.`;

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a contract inferred from a data file (csv, parquet, json) read with DuckDB',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}" (the data file goes after --from).`);
    if (!args.values.from) throw new UsageError('--from PATH is required: the data file to infer the contract from.');
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
    const toStdout = args.values.output === '-';
    const outPath = toStdout ? undefined : resolve(io.cwd, args.values.output ?? `${name}.odcs.yaml`);
    if (outPath && !args.values.force && (await fs.stat(outPath).catch(() => undefined))) {
      io.stderr(`contractlens init: ${args.values.output ?? `${name}.odcs.yaml`} already exists; pass --force to overwrite it.\n`);
      return EXIT.usage;
    }

    const inferred = await inferContractFromFile(dataPath, { ...dataLimits(args.values), format, name, contractDir: outPath ? dirname(outPath) : io.cwd });
    if (!inferred.ok) {
      io.stderr(`contractlens init: ${inferred.message}\n`);
      return EXIT.usage;
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
    io.stderr(`Wrote ${args.values.output ?? `${name}.odcs.yaml`}: ${summary}. Check it with: contractlens lint and contractlens check.\n`);
    return EXIT.clean;
  },
};
