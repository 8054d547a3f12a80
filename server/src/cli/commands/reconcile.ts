/**
 * `contractlens reconcile CONTRACT --schema NAME --server A --against B [--columns c1,c2]`: compares two copies of
 * one schema object (a source and its replica) row by row on the primary key (engine/data/reconcile.ts).
 * Same output formats and exit codes as `check`.
 */
import { resolve } from 'node:path';
import { contractPath } from '../../engine/data/checks/open.js';
import { exitCodeOf } from '../../engine/data/checks/results.js';
import { defaultRoot } from '../../engine/data/files.js';
import { reconcile } from '../../engine/data/reconcile.js';
import { DataSession } from '../../engine/data/session.js';
import { pickServer, resolveSources } from '../../engine/data/sources.js';
import { integerOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { OUTPUT_OPTIONS, resolveOutput } from '../output.js';
import { DATA_OPTIONS, loadWorkspace, printResults } from './check.js';

const OPTIONS = { ...OUTPUT_OPTIONS, ...DATA_OPTIONS, against: { type: 'string' }, columns: { type: 'string' } } as const;

const USAGE = `contractlens reconcile CONTRACT --against SERVER [options]

Matches the rows of two servers of one contract (a source and its replica) on the primary key and reports rows
missing from the second, rows only in the second, and matched rows whose other columns differ (per column).

Options:
  --server NAME          the reference copy (default: the contract's first local/duckdb server)
  --against NAME         the copy to compare with it (required)
  --schema NAME          the schema object (required when the contract has several)
  --columns c1,c2        compare only these columns (default: every declared column)
  --samples N            sample rows per difference (default 5)
  --root DIR, --allow-path PATH, --timeout-ms N, -f/--format FORMAT, -o/--output FILE: as for check

Exit codes: 0 the copies agree, 1 they differ or a copy cannot be read, 2 usage error.`;

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'Compare two copies of a source (e.g. a replica) row by row on the primary key',
  usage: USAGE,
  async run(argv, io) {
    const args = parseCommandArgs(argv, OPTIONS);
    const target = resolveOutput(args.values, io);
    if (args.positionals.length !== 1) throw new UsageError('give exactly one contract file.');
    if (!args.values.against) throw new UsageError('--against SERVER is required.');
    const samples = integerOption(args.values, 'samples', { min: 0, max: 10_000 }) ?? 5;
    const timeoutMs = integerOption(args.values, 'timeout-ms', { min: 1 });
    const ws = await loadWorkspace(args.positionals, io, 'reconcile');
    const t = ws.targets[0];
    if (!t) return EXIT.usage;
    const contract = t.contract;
    const named = contract.schemas.filter((s) => s.name?.value);
    const schema = args.values.schema ? named.find((s) => s.name!.value === args.values.schema) : named.length === 1 ? named[0] : undefined;
    if (!schema) throw new UsageError(args.values.schema ? `no schema object named "${args.values.schema}" in ${t.display}.` : `${t.display} has ${named.length} schema objects: name one with --schema.`);
    const a = pickServer(contract, args.values.server);
    const b = pickServer(contract, args.values.against);
    if (!a.server) throw new UsageError(a.error!);
    if (!b.server) throw new UsageError(b.error!);
    const nameA = a.server.name?.value ?? 'A';
    const nameB = b.server.name?.value ?? 'B';
    const root = args.values.root ? resolve(io.cwd, args.values.root) : defaultRoot(io.cwd);
    const allowPaths = (args.values['allow-path'] ?? []).map((p) => resolve(io.cwd, p));
    const sName = schema.name!.value;
    const ra = resolveSources(contract, contractPath(contract), { server: nameA, root, allowPaths });
    const rb = resolveSources(contract, contractPath(contract), { server: nameB, root, allowPaths });
    // Both copies belong to the same contract and schema object: B is registered under a distinct key.
    const uriB = `${contract.uri}#${nameB}`;
    const sources = [...ra.sources.filter((s) => s.schemaName === sName), ...rb.sources.filter((s) => s.schemaName === sName).map((s) => ({ ...s, contractUri: uriB }))];
    const errors = [...ra.errors, ...rb.errors.map((e) => ({ ...e, contractUri: uriB }))];
    const session = await DataSession.open({ sources, sourceErrors: errors, timeoutMs });
    let results;
    try {
      const problems = [contract.uri, uriB].filter((u) => !session.hasRelation(u, sName)).map((u) => session.sourceErrors().find((e) => e.contractUri === u && (!e.schemaName || e.schemaName === sName))?.message ?? `no data for ${sName}`);
      if (problems.length) {
        results = [{ contract: t.display, contractUri: contract.uri, schema: sName, property: null, rule: `${sName}.reconcile.sources`, kind: 'metric' as const, name: `read ${nameA} and ${nameB}`, severity: 'error' as const, status: 'error' as const, failedRows: null, totalRows: null, observed: null, threshold: null, message: problems.join(' '), samples: [] }];
      } else {
        const columns = args.values.columns?.split(',').map((c) => c.trim()).filter(Boolean);
        results = await reconcile({ session, contract, schema, relationA: session.relation(contract.uri, sName), relationB: session.relation(uriB, sName), nameA, nameB, columns, samples, display: t.display });
      }
    } catch (e) {
      results = [{ contract: t.display, contractUri: contract.uri, schema: sName, property: null, rule: `${sName}.reconcile.query`, kind: 'metric' as const, name: `compare ${nameA} and ${nameB}`, severity: 'error' as const, status: 'error' as const, failedRows: null, totalRows: null, observed: null, threshold: null, message: (e as Error).message, samples: [] }];
    } finally {
      await session.close();
    }
    await printResults('reconcile', results, ws, target, io);
    return exitCodeOf(results);
  },
};
