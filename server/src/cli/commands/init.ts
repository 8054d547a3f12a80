/**
 * `contractlens init --from PATH`: a first contract inferred from a data file (csv, parquet, json/jsonl) read with
 * DuckDB through the read-only, locked-down data session. The data file is only read; the contract is written to
 * `--output` (default `<name>.odcs.yaml` in the current folder) and never over an existing file without `--force`.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { inferContract } from '../../engine/data/infer/contract.js';
import { profileTable } from '../../engine/data/infer/profile.js';
import { DataSession } from '../../engine/data/session.js';
import { formatOfFile, parseFormat, type DataFormat } from '../../engine/data/sources.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';

const OPTIONS = {
  from: { type: 'string' },
  format: { type: 'string', short: 'f' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const;

const USAGE = `contractlens init --from PATH [--format csv|parquet|json] [--name NAME] [--output FILE] [--force]

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
    const name = args.values.name ?? defaultName(dataPath);
    if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new UsageError(`--name must start with a letter or _ and hold letters, digits, _ or - only; got "${name}".`);
    const toStdout = args.values.output === '-';
    const outPath = toStdout ? undefined : resolve(io.cwd, args.values.output ?? `${name}.odcs.yaml`);
    if (outPath && !args.values.force && (await fs.stat(outPath).catch(() => undefined))) {
      io.stderr(`contractlens init: ${args.values.output ?? `${name}.odcs.yaml`} already exists; pass --force to overwrite it.\n`);
      return EXIT.usage;
    }

    const real = await fs.realpath(dataPath);
    const uri = 'contractlens-init:';
    const session = await DataSession.open({ sources: [{ contractUri: uri, schemaName: name, kind: 'file', format, paths: [real] }] });
    let text: string;
    let summary: string;
    try {
      const errors = session.sourceErrors();
      if (errors.length) {
        io.stderr(`contractlens init: ${errors.map((e) => e.message).join('\n')}\n`);
        return EXIT.usage;
      }
      const profile = await profileTable(session, session.relation(uri, name), session.columns(uri, name) ?? []);
      const relPath = relative(outPath ? dirname(outPath) : io.cwd, dataPath).split(sep).join('/');
      text = inferContract(profile, { name, format, dataPath: relPath.startsWith('.') || relPath.startsWith('/') ? relPath : `./${relPath}`, sourceLabel: basename(dataPath) });
      const required = profile.columns.filter((c) => c.rows > 0 && c.nonNull === c.rows).length;
      summary = `${profile.columns.length} properties from ${profile.rows} rows (${required} required)`;
    } finally {
      await session.close();
    }
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

/** `orders.csv` → `orders`, `events.jsonl.gz` → `events`; characters a name cannot hold become `_`. */
function defaultName(path: string): string {
  const base = basename(path).replace(/(\.(csv|tsv|parquet|json|jsonl|ndjson|gz|zst))+$/i, '').replace(/\.[^.]*$/, '');
  const cleaned = base.replace(/[^\w-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
