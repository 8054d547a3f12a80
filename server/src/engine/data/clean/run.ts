/**
 * `cleanContracts`: the one call every front end makes (CLI `clean`, the language server's `contractlens/clean`).
 * Resolves the sources, refuses unsafe outputs before reading anything, stages each schema object in one pass
 * (compile.ts), verifies relationships on the cleaned rows (references.ts), then writes the conforming rows, the
 * quarantine and the report under temporary names and renames them together.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Contract, Property, SchemaObject } from '../../model/types.js';
import type { ContractLookup } from '../../workspace/index.js';
import { contractPath, openChecksSession } from '../checks/open.js';
import { columnOf, planChecks } from '../checks/plan.js';
import { sqlIdent, sqlString } from '../sandbox.js';
import { QueryInterrupted, type DataSession } from '../session.js';
import { sensitiveColumns } from '../sensitive.js';
import { resolveSources } from '../sources.js';
import { FATE, originalExpr, stageSql } from './compile.js';
import { tableFigures } from './figures.js';
import { assertOutputsAllowed, outputNames, PendingOutputs, REPORT_JSON, REPORT_TEXT } from './outputs.js';
import { planSchema, type SchemaPlan } from './plan.js';
import { checkAllReferences, type StagedTable } from './references.js';
import { renderCleanText } from './report.js';
import { copyServerTable } from './serverSource.js';
import { CleanRefused, type CleanFormat, type CleanOptions, type CleanReport, type TableReport } from './types.js';

interface Target {
  contract: Contract;
  schema: SchemaObject;
  name: string;
  display: string;
}

export async function cleanContracts(contracts: Contract[], lookup: ContractLookup, options: CleanOptions): Promise<CleanReport> {
  const format: CleanFormat = options.format ?? 'parquet';
  const now = options.now ?? new Date();
  if (!options.dryRun && !options.outDir) throw new CleanRefused('clean needs an output folder (--out DIR), or --dry-run for the report alone.');
  const outDir = options.outDir ? resolve(options.outDir) : undefined;
  const targets: Target[] = [];
  for (const contract of contracts) {
    for (const schema of contract.schemas) {
      const name = schema.name?.value;
      if (!name || (options.schema && options.schema !== name)) continue;
      if (targets.some((t) => t.name === name)) throw new CleanRefused(`Two contracts declare a schema object named "${name}": clean them in separate runs (their outputs would share ${name}.${format}).`);
      targets.push({ contract, schema, name, display: options.display?.(contract) ?? contract.uri });
    }
  }
  if (options.schema && !targets.length) throw new CleanRefused(`No schema object named "${options.schema}" in the given contracts.`);
  for (const f of options.fills ?? []) {
    const hit = targets.some((t) => (f.schema === undefined || f.schema === t.name) && t.schema.properties.some((p) => p.name?.value === f.column || p.physicalName?.value === f.column));
    if (!hit) throw new CleanRefused(`--fill ${f.schema ? `${f.schema}.` : ''}${f.column}=…: no such column in the schema objects being cleaned.`);
  }

  // Refuse before reading: the outputs must not touch a source or overwrite anything.
  const finals = targets.flatMap((t) => Object.values(outputNames(t.name, format)));
  finals.push(REPORT_JSON, REPORT_TEXT);
  if (outDir) {
    const sourcePaths = contracts.flatMap((c) => resolveSources(c, contractPath(c), { server: options.server, root: options.root, allowPaths: options.allowPaths }).sources.flatMap((s) => s.paths));
    if (!options.dryRun) assertOutputsAllowed(outDir, finals, sourcePaths, options.force === true);
  }
  const pending = outDir && !options.dryRun ? new PendingOutputs(outDir) : undefined;
  const timing = { openMs: 0, stageMs: 0, referencesMs: 0, figuresMs: 0, writeMs: 0 };
  let mark = Date.now();
  const lap = (key: keyof typeof timing) => {
    const t = Date.now();
    timing[key] += t - mark;
    mark = t;
  };
  const session = await openChecksSession({
    checked: contracts,
    // Only the contracts a relationship points at are opened too (SQL rules are not run by clean).
    all: [...lookup.contracts()].filter((c) => contracts.includes(c) || relationshipTargets(contracts, lookup).has(c.uri)),
    server: options.server,
    root: options.root,
    allowPaths: options.allowPaths,
    writeDirs: pending ? [pending.dir] : undefined,
    // CSV/JSON are read as written: the contract decides each conversion, the quarantine shows the raw text.
    rawText: true,
    timeoutMs: options.timeoutMs,
    threads: options.threads,
    memoryLimit: options.memoryLimit,
    filters: options.filters,
  });
  const report: CleanReport = {
    tool: 'contractlens clean',
    generatedAt: new Date().toISOString(),
    dryRun: options.dryRun === true,
    format,
    outDir: outDir ?? null,
    options: {
      keepLatest: options.keepLatest ?? null,
      fills: options.fills ?? [],
      dateFormats: options.dateFormats ?? [],
      dropExtraColumns: options.dropExtraColumns === true,
      strictReferences: options.strictReferences === true,
      limit: options.limit ?? null,
      now: now.toISOString(),
    },
    tables: [],
    totals: { read: 0, written: 0, quarantined: 0, deduplicated: 0 },
    errors: session.sourceErrors().filter((e) => !e.schemaName && contracts.some((c) => c.uri === e.contractUri)).map((e) => e.message),
    timing,
  };
  lap('openMs');
  const q = { signal: options.signal };
  const steps = targets.length * 2 + 1;
  let step = 0;
  const progress = (message: string) => options.onProgress?.(message, ++step, steps);
  try {
    const staged: StagedTable[] = [];
    let n = 0;
    for (const t of targets) {
      progress(`Reading ${t.name}`);
      const table = await stageTable(session, lookup, t, ++n, { ...options, now }, q.signal);
      report.tables.push(table.report);
      if (table.staged) staged.push(table.staged);
      lap('stageMs');
    }
    progress('Checking references on the cleaned rows');
    await checkAllReferences(session, staged, options.strictReferences === true, q.signal);
    lap('referencesMs');
    for (const s of staged) {
      progress(`Writing ${s.plan.schema}`);
      await tableFigures(session, s.plan, s.stage, s.report, { examples: options.examples ?? 3, sensitive: s.sensitive, signal: q.signal });
      lap('figuresMs');
      if (pending) {
        const names = outputNames(s.plan.schema, format);
        await session.query(`COPY (${cleanedSelect(s.plan, s.stage)}) TO ${sqlString(pending.temp(names.cleaned))} (${copyOptions(format)})`, q);
        await session.query(`COPY (${quarantineSelect(s, format)}) TO ${sqlString(pending.temp(names.quarantine))} (${copyOptions(format)})`, q);
        s.report.output = { cleaned: join(pending.dir, names.cleaned), quarantine: join(pending.dir, names.quarantine) };
      }
      lap('writeMs');
    }
    for (const t of report.tables) {
      report.totals.read += t.rows.read;
      report.totals.written += t.rows.written;
      report.totals.quarantined += t.rows.quarantined;
      report.totals.deduplicated += t.rows.deduplicated;
    }
    if (pending) {
      writeFileSync(pending.temp(REPORT_JSON), JSON.stringify(report, null, 2) + '\n');
      writeFileSync(pending.temp(REPORT_TEXT), renderCleanText(report));
      pending.commit();
    }
    return report;
  } catch (e) {
    pending?.discard();
    throw e;
  } finally {
    await session.close();
  }
}

function relationshipTargets(contracts: Contract[], lookup: ContractLookup): Set<string> {
  const out = new Set<string>();
  for (const c of contracts) for (const r of planChecks(c, lookup)) if (r.kind === 'relationship' && r.params.target) out.add(r.params.target.contractUri);
  return out;
}

async function stageTable(session: DataSession, workspace: ContractLookup, t: Target, n: number, options: CleanOptions & { now: Date }, signal?: AbortSignal): Promise<{ report: TableReport; staged?: StagedTable }> {
  const uri = t.contract.uri;
  const source = session.source(uri, t.name);
  const engine = session.engineOf(uri, t.name);
  const onServer = engine.id !== session.duckdb.id;
  const report: TableReport = {
    contract: t.display,
    schema: t.name,
    source: !source ? '' : onServer ? `${engine.id} (table ${[source.postgres?.schema, source.table].filter(Boolean).join('.')})` : source.kind === 'duckdb' ? `${source.database} (table ${source.table})` : source.paths.join(', '),
    rowOrder: onServer ? '' : `${source?.kind === 'duckdb' ? 'the order DuckDB scans the table in' : 'the order of the rows in the file(s), header not counted'}${session.isFiltered(uri, t.name) ? '; with --filter, among the rows it selects' : ''}`,
    rows: { read: 0, written: 0, quarantined: 0, deduplicated: 0 },
    columns: [],
    extraColumns: [],
    quarantine: [],
    uniqueKeys: [],
    references: [],
    notEnforced: [],
    warnings: [],
  };
  if (!session.hasRelation(uri, t.name)) {
    const err = session.sourceErrors().find((e) => e.contractUri === uri && (e.schemaName === t.name || e.schemaName === undefined));
    report.error = err?.message ?? `No data source for "${t.name}".`;
    return { report };
  }
  // A server's table is read once through its read-only cursor into DuckDB, where the one pass runs (serverSource.ts).
  let relation = session.relation(uri, t.name);
  let sourceColumns = session.columns(uri, t.name) ?? [];
  let copy: Awaited<ReturnType<typeof copyServerTable>> | undefined;
  if (onServer) {
    try {
      copy = await copyServerTable(session, uri, t.name, n, { limit: options.limit, signal });
      relation = copy.relation;
      sourceColumns = copy.columns;
      report.rowOrder = copy.rowOrder;
      if (copy.asText.length) report.warnings.push(`read as the server's text form (DuckDB has no exact type for them): ${copy.asText.join(', ')}`);
    } catch (e) {
      if (e instanceof QueryInterrupted) throw e;
      report.error = `Cannot read "${t.name}" from ${engine.id}: ${e instanceof Error ? e.message : String(e)}`;
      return { report };
    }
  }
  // Relationships resolve across contracts: plan with the whole workspace.
  const rules = planChecks(t.contract, workspace, { schema: t.name }).filter((r) => r.schema === t.name);
  const typeOk = await knownTypes(session, t.schema, signal);
  // The shared PII policy (engine/data/sensitive.ts): these columns show `***` in the report's examples.
  const sensitive = new Set(sensitiveColumns(t.schema, { include: options.includeSensitive }));
  const plan = planSchema({
    contract: t.contract,
    schema: t.schema,
    rules,
    sourceColumns,
    options,
    typeOk,
    isSensitive: (p: Property) => sensitive.has(columnOf(p)),
    now: options.now,
  });
  for (const c of plan.columns.filter((x) => x.fill !== undefined)) {
    const [row] = await session.query(`SELECT TRY_CAST(${sqlString(c.fill!)} AS ${c.outputType}) IS NULL AS bad`, { signal });
    if (row.bad) throw new CleanRefused(`--fill ${c.column}=${c.fill}: not a value of the column's type ${c.outputType}.`);
  }
  const stage = sqlIdent(`clclean_${n}_${t.name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}`);
  try {
    await session.query(stageSql(plan, relation, stage, onServer ? undefined : options.limit, onServer), { signal });
  } catch (e) {
    if (e instanceof QueryInterrupted) throw e;
    report.error = `Cannot clean "${t.name}": ${e instanceof Error ? e.message : String(e)}`;
    return { report };
  } finally {
    await copy?.dispose();
  }
  report.warnings.push(...plan.warnings);
  report.notEnforced.push(...plan.notEnforced);
  return { report, staged: { contractUri: uri, plan, stage, report, sensitive, sourceColumns: sourceColumns.map((c) => c.name) } };
}

/** The physicalType values DuckDB accepts as written (checked once per name, with a strict shape first). */
async function knownTypes(session: DataSession, schema: SchemaObject, signal?: AbortSignal): Promise<(t: string) => boolean> {
  const ok = new Set<string>();
  const names = new Set<string>();
  for (const p of schema.properties) {
    const t = p.physicalType?.value ? String(p.physicalType.value).trim() : '';
    if (t) names.add(t);
  }
  const candidates = [...names].flatMap((t) => [t, t.replace(/\(.*$/, '').trim()]);
  for (const t of new Set(candidates)) {
    if (!/^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])?$/.test(t)) continue;
    try {
      await session.query(`SELECT CAST(NULL AS ${t}) AS x`, { signal });
      ok.add(t);
    } catch (e) {
      if (e instanceof QueryInterrupted) throw e;
    }
  }
  return (t) => ok.has(t);
}

function cleanedSelect(plan: SchemaPlan, stage: string): string {
  const cols = plan.columns.map((c) => sqlIdent(c.column));
  plan.extras.forEach((x, j) => x.keep && cols.push(`${sqlIdent(`_x${j}`)} AS ${sqlIdent(x.name)}`));
  return `SELECT ${cols.join(', ')} FROM ${stage} WHERE _fate = ${FATE.written} ORDER BY _source_row`;
}

/** The source's own columns, in its order, with the values as read; then `_violations` and `_source_row`. */
function quarantineSelect(s: StagedTable, format: CleanFormat): string {
  const cols: string[] = [];
  for (const src of s.sourceColumns) {
    const c = s.plan.columns.find((x) => x.source === src);
    if (c) cols.push(`${originalExpr(c)} AS ${sqlIdent(src)}`);
    else {
      const j = s.plan.extras.findIndex((x) => x.name === src);
      if (j >= 0) cols.push(`${sqlIdent(`_x${j}`)} AS ${sqlIdent(src)}`);
    }
  }
  // CSV has no lists: the rule ids are joined with `;`.
  cols.push(format === 'csv' ? `array_to_string(_v, ';') AS _violations` : '_v AS _violations', '_source_row');
  return `SELECT ${cols.join(', ')} FROM ${s.stage} WHERE _fate = ${FATE.quarantined} ORDER BY _source_row`;
}

function copyOptions(format: CleanFormat): string {
  if (format === 'parquet') return 'FORMAT parquet, COMPRESSION zstd';
  // ISO 8601 with the `T` and microseconds: lossless, and read back as TIMESTAMP by every reader.
  const ts = `, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%f'`;
  return format === 'csv' ? `FORMAT csv, HEADER true${ts}` : `FORMAT json${ts}`;
}
