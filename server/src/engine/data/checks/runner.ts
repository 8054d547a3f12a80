/**
 * Runs the check plan of contracts against a DataSession: per schema object one fused scan, the key and relationship
 * queries, the contract's own SQL (through queryUntrusted), then samples and failing-row files for the rules that
 * failed. A source that cannot be read turns its rules into `error` results; every other source is still checked.
 */
import { join } from 'node:path';
import type { Contract } from '../../model/types.js';
import type { ContractLookup } from '../../workspace/index.js';
import { sqlString } from '../sandbox.js';
import { QueryInterrupted, type DataSession } from '../session.js';
import type { QueryEngine } from '../engines/queryEngine.js';
import { runCrossEngineRelationship } from './crossEngine.js';
import { writeRowsAsParquet } from './rowFiles.js';
import { isoNoZone, unitMs } from './conditions.js';
import { compileTable, rowsByKeySql, type CompiledTable } from './compile.js';
import { parseContractSql } from '../../sql/parse.js';
import type { TableRef } from '../../sql/types.js';
import { expandContractSql, inContractTerms, namesInPlay, withNamedRelations } from './sqlNames.js';
import { planChecks, type Rule } from './plan.js';
import { CheckRelations } from './relations.js';
import { maskedSelect, maskRows, sensitiveColumns, type SensitivePolicy } from '../sensitive.js';
import { runFusedScan } from './scan.js';
import { baseResult, describeThreshold, failStatus, satisfies, type CheckResult } from './results.js';

export interface CheckTarget {
  contract: Contract;
  /** How the contract is named in results (the path as given). */
  display: string;
  /** Only these schema objects, whole, and these single rules (result ids); neither: every rule of the contract. */
  schemas?: readonly string[];
  rules?: readonly string[];
}

export interface RunOptions {
  session: DataSession;
  lookup: ContractLookup;
  /** The reference time of freshness and retention rules. */
  now: Date;
  /** Failing sample rows per failed rule (default 5). */
  samples?: number;
  /** Write every failing row of each failed rule to `<dir>/<rule id>.parquet` (the session must allow the folder). */
  failedRowsDir?: string;
  /** Only this schema object. */
  schema?: string;
  /** Cancels the running query (a newer edit in the editor, Ctrl-C): the run then rejects with QueryInterrupted. */
  signal?: AbortSignal;
  /** Only the rules this accepts (e.g. the cross-source ones: `r => r.kind === 'sql' || r.kind === 'relationship'`). */
  filter?: (rule: Rule) => boolean;
  /** Which columns are masked in samples and failing-row files (engine/data/sensitive.ts). */
  sensitive?: SensitivePolicy;
  /** Distinct keys a relationship across engines may move per side (default CROSS_ENGINE_MAX_KEYS; tests set less). */
  crossEngineMaxKeys?: number;
}

export async function runChecks(targets: CheckTarget[], options: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const relations = new CheckRelations(options.session, options.signal);
  for (const target of targets) {
    const rules = planChecks(target.contract, options.lookup, { schema: options.schema }).filter((r) => selected(target, r) && (!options.filter || options.filter(r)));
    const bySchema = new Map<string, Rule[]>();
    for (const r of rules) bySchema.set(r.schema, [...(bySchema.get(r.schema) ?? []), r]);
    for (const [schema, schemaRules] of bySchema) results.push(...(await runSchema(target, schema, schemaRules, options, relations)));
  }
  return results;
}

function selected(target: CheckTarget, rule: Rule): boolean {
  if (!target.schemas && !target.rules) return true;
  return !!target.schemas?.includes(rule.schema) || !!target.rules?.includes(rule.id);
}

async function runSchema(target: CheckTarget, schema: string, rules: Rule[], options: RunOptions, relations: CheckRelations): Promise<CheckResult[]> {
  const { session } = options;
  const uri = target.contract.uri;
  const results = new Map(rules.map((r) => [r.id, baseResult(r, target.display)]));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const setError = (id: string, message: string) => Object.assign(results.get(id)!, { status: 'error', message });

  if (!session.hasRelation(uri, schema)) {
    const err = session.sourceErrors().find((e) => e.contractUri === uri && (e.schemaName === schema || e.schemaName === undefined));
    const message = err?.message ?? `No data source for "${schema}".`;
    for (const r of rules) setError(r.id, message);
    return [...results.values()];
  }
  let relation: string;
  try {
    relation = await relations.get(uri, schema);
  } catch (e) {
    for (const r of rules) setError(r.id, `Cannot read the data of "${schema}": ${messageOf(e)}`);
    return [...results.values()];
  }
  const columns = session.columns(uri, schema) ?? [];
  const types = new Map(columns.map((c) => [c.name, c.type.toUpperCase()]));
  const rawTypes = new Map(columns.map((c) => [c.name, c.type]));
  // Relationship targets are resolved (and parsed, for text sources) before compiling: the compiler is synchronous.
  // The engine holding this table runs every query of it, in its own dialect (DuckDB, or pushed down into PostgreSQL).
  const engine = session.engineOf(uri, schema);
  // A target in another engine (users in Parquet, orders in PostgreSQL) cannot be joined in one query: crossEngine.ts.
  const targets = new Map<string, string | undefined>();
  const crossEngine = new Set<string>();
  for (const r of rules) {
    const t = r.kind === 'relationship' ? r.params.target : undefined;
    const k = t && `${t.contractUri}\u0000${t.schema}`;
    if (!t || !k || targets.has(k)) continue;
    const sameEngine = !session.hasRelation(t.contractUri, t.schema) || session.engineOf(t.contractUri, t.schema).id === engine.id;
    targets.set(k, sameEngine ? await relations.tryGet(t.contractUri, t.schema) : undefined);
    if (!sameEngine) crossEngine.add(k);
  }
  const relationOf = (contractUri: string, name: string) => targets.get(`${contractUri}\u0000${name}`);
  const format = session.source(uri, schema)?.format;
  const samples = options.samples ?? 5;
  // In-scan samples (arg_min over row keys or row structs) are DuckDB's; elsewhere samples come afterwards with LIMIT.
  const inScanSamples = engine.id === 'duckdb' ? samples : 0;
  const rowKey = inScanSamples > 0 ? await relations.rowKey(uri, schema).catch(() => undefined) : undefined;
  const compiled = compileTable(rules, { relation, types, rawTypes, now: options.now, relationOf, inferredTypes: format === 'csv' || format === 'json', samples: inScanSamples, rowKey, dialect: engine.dialect });

  for (const [id, why] of compiled.skipped) Object.assign(results.get(id)!, { status: 'skipped', message: why });
  for (const [id, s] of compiled.static) {
    const r = results.get(id)!;
    Object.assign(r, { status: s.passed ? 'passed' : failStatus(byId.get(id)!), observed: s.observed ?? null, message: s.message });
  }

  // 1. The fused scan: every single-table rule in one pass, with the failing samples of each (bounded) in the same
  // read. A rule that breaks the scan is found and reported alone (scan.ts); the others still run.
  const masked = sensitiveColumns(target.contract.schemas.find((s) => s.name?.value === schema), options.sensitive);
  const scan = await runFusedScan(engine, rowKey?.from ?? compiled.relation, compiled.scan.slots, options.signal);
  const total = scan.total;
  for (const [id, message] of scan.errors) setError(id, message);
  const sampled = new Set<string>();
  const sampleKeys = new Map<string, string[]>();
  const takeKeys = (id: string, value: unknown) => {
    sampled.add(id);
    sampleKeys.set(id, Array.isArray(value) ? value.map(String) : []);
  };
  for (const slot of compiled.scan.slots) {
    if (scan.errors.has(slot.ruleId)) continue;
    const res = results.get(slot.ruleId)!;
    if (slot.what === 'samples') {
      sampled.add(slot.ruleId);
      res.samples = maskRows(parseSamples(scan.values[slot.alias]), masked);
    } else if (slot.what === 'sampleKeys') takeKeys(slot.ruleId, scan.values[slot.alias]);
    else judgeScan(byId.get(slot.ruleId)!, res, scan.values[slot.alias], total ?? 0, options.now);
  }
  // The type verdict (the one drift reports as CL203) decides a type rule, whatever its cells counted.
  for (const [id, v] of compiled.verdicts) {
    const r = results.get(id)!;
    if (r.status === 'error' || r.status === 'skipped') continue;
    const cells = r.failedRows ? ` ${r.failedRows} value(s) do not read as the declared type.` : '';
    if (v.level === 'error') Object.assign(r, { status: failStatus(byId.get(id)!), message: v.message + cells });
    else if (r.status === 'passed') Object.assign(r, { status: 'warning', message: v.message });
  }
  // 2. Keys: one GROUP BY per distinct key.
  for (const q of compiled.keys) {
    try {
      const [row] = await engine.query(q.sql, { signal: options.signal });
      for (const id of q.ruleIds) {
        judgeKey(byId.get(id)!, results.get(id)!, Number(row.involved), Number(row.excess), total);
        if (row.keys !== undefined) takeKeys(id, row.keys);
      }
    } catch (e) {
      for (const id of q.ruleIds) setError(id, messageOf(e));
    }
  }
  // 3. Relationships: rows whose key has no match in the target.
  for (const [id, sql] of compiled.relationships) {
    try {
      const [row] = await engine.query(sql, { signal: options.signal });
      const n = Number(row.n);
      if (row.keys !== undefined) takeKeys(id, row.keys);
      const rule = byId.get(id)!;
      Object.assign(results.get(id)!, {
        status: n > 0 ? failStatus(rule) : 'passed',
        failedRows: n,
        totalRows: total,
        message: n > 0 ? `${n} row(s) point at no existing ${rule.params.target!.schema}.${rule.params.target!.columns.join(', ')}` : 'every reference resolves',
      });
    } catch (e) {
      setError(id, messageOf(e));
    }
  }
  for (const rule of rules) {
    const t = rule.kind === 'relationship' ? rule.params.target : undefined;
    if (t && crossEngine.has(`${t.contractUri}\u0000${t.schema}`) && results.get(rule.id)!.status === 'skipped') {
      await runCrossEngineRelationship(rule, results.get(rule.id)!, total, { session, relations, source: { uri, schema, relation, engine }, signal: options.signal, maxKeys: options.crossEngineMaxKeys }).catch((e) => setError(rule.id, messageOf(e)));
      continue;
    }
    if (rule.kind === 'relationship' && rule.params.target && !compiled.relationships.has(rule.id) && results.get(rule.id)!.status === 'skipped' && !relationOf(rule.params.target.contractUri, rule.params.target.schema)) {
      const err = session.sourceErrors().find((e) => e.contractUri === rule.params.target!.contractUri && (e.schemaName === rule.params.target!.schema || !e.schemaName));
      setError(rule.id, `The target ${rule.params.target.schema} has no readable data${err ? `: ${err.message}` : ''}`);
    }
  }
  const failed = (id: string) => ['failed', 'warning'].includes(results.get(id)!.status);
  for (const id of sampled) if (!failed(id)) results.get(id)!.samples = [];
  // The sample rows of the failed rules, by key: one small query for the whole table.
  const keys = [...new Set([...sampleKeys].filter(([id]) => failed(id)).flatMap(([, k]) => k))].filter((k) => /^\d+$/.test(k));
  if (rowKey && keys.length) {
    try {
      const rows = new Map((await session.query(rowsByKeySql(rowKey, keys), { signal: options.signal })).map(({ cl_rowkey, ...row }) => [String(cl_rowkey), row]));
      for (const [id, k] of sampleKeys) if (failed(id)) results.get(id)!.samples = maskRows(k.map((x) => rows.get(x)).filter((r) => r !== undefined), masked);
    } catch (e) {
      for (const [id] of sampleKeys) if (failed(id)) results.get(id)!.message += ` (samples unavailable: ${messageOf(e)})`;
    }
  }
  // 4. The contract's own SQL: untrusted, one plain read-only query each.
  for (const rule of rules.filter((r) => r.kind === 'sql')) await runSqlRule(target.contract, rule, results.get(rule.id)!, relation, options, relations);
  // 5. Evidence for the rules that failed.
  await collectEvidence(compiled, rules, results, options, engine, (sql) => maskedSelect(sql, masked, [...types.keys()], engine.dialect), sampled);
  return [...results.values()];
}

function judgeScan(rule: Rule, res: CheckResult, value: unknown, total: number, now: Date): void {
  const p = rule.params;
  res.totalRows = total;
  if (rule.kind === 'latency') {
    const ms = unitMs(p.timeUnit ?? 'd');
    res.threshold = p.amount ?? null;
    res.unit = p.timeUnit ?? 'd';
    if (value === null || value === undefined) return void Object.assign(res, { status: failStatus(rule), message: `no ${p.column} value: the table is empty or the column never parses as a timestamp` });
    const newest = Date.parse(String(value).replace(' ', 'T') + (/[zZ]$|[+-]\d\d(:?\d\d)?$/.test(String(value)) ? '' : 'Z'));
    if (!ms || !Number.isFinite(newest) || !Number.isFinite(p.amount)) return void Object.assign(res, { status: 'skipped', message: `latency ${p.amount} ${p.timeUnit}: not a duration Contract Lens understands` });
    const age = (now.getTime() - newest) / ms;
    res.ageSeconds = (now.getTime() - newest) / 1000;
    res.observed = Math.round(age * 100) / 100;
    const ok = age <= p.amount!;
    return void Object.assign(res, { status: ok ? 'passed' : failStatus(rule), message: `newest ${p.column} is ${String(value)}, ${res.observed} ${p.timeUnit} before ${isoNoZone(now)} (allowed: ${p.amount} ${p.timeUnit})` });
  }
  if (rule.kind === 'metric' && p.metric === 'rowCount') {
    res.observed = total;
    res.threshold = p.threshold ?? null;
    if (!p.operator) return void Object.assign(res, { status: 'passed', message: `${total} rows (no threshold given)` });
    return judgeMetric(rule, res, total, total, true);
  }
  const count = Number(value);
  if (rule.kind === 'metric') return judgeMetric(rule, res, count, total);
  res.failedRows = count;
  res.observed = count;
  Object.assign(res, {
    status: count > 0 ? failStatus(rule) : 'passed',
    message: count > 0 ? `${count} of ${total} rows break ${rule.name}` : `all ${total} rows pass`,
  });
}

function judgeKey(rule: Rule, res: CheckResult, involved: number, excess: number, total: number | null): void {
  res.totalRows = total;
  if (rule.kind === 'metric') return judgeMetric(rule, res, excess, total ?? 0);
  res.failedRows = involved;
  res.observed = involved;
  Object.assign(res, {
    status: involved > 0 ? failStatus(rule) : 'passed',
    message: involved > 0 ? `${involved} rows share a key with another row (${excess} more than one per key)` : 'every key occurs once',
  });
}

/** Library metrics: the count (or its share of the rows) compared with the rule's operator. */
function judgeMetric(rule: Rule, res: CheckResult, count: number, total: number, isRowCount = false): void {
  const p = rule.params;
  const observed = !isRowCount && p.unit === 'percent' ? (total > 0 ? Math.round((count / total) * 1e6) / 1e4 : 0) : count;
  res.failedRows = isRowCount ? null : count;
  res.totalRows = total;
  res.observed = observed;
  res.threshold = p.threshold ?? null;
  const ok = satisfies(observed, p.operator!, p.threshold);
  if (ok === undefined) return void Object.assign(res, { status: 'error', message: `${p.operator}: ${JSON.stringify(p.threshold)} is not a valid threshold` });
  const what = isRowCount ? `${total} rows` : `${p.metric} = ${observed}${p.unit === 'percent' ? ` % (${count} of ${total} rows)` : ''}`;
  Object.assign(res, { status: ok ? 'passed' : failStatus(rule), message: `${what}; expected ${describeThreshold(p.operator, p.threshold, isRowCount ? 'rows' : p.unit)}` });
}

/**
 * A contract's own SQL rule, on the engine holding its table (DuckDB, or pushed down into PostgreSQL or MySQL), with
 * the same naming on every engine: the tables it reads are found by that engine's parser and bound, by the names the
 * contract gives them (`FROM orders`, a physicalName, the placeholders), to the relations the other rules read.
 */
async function runSqlRule(contract: Contract, rule: Rule, res: CheckResult, _relation: string, options: RunOptions, relations: CheckRelations): Promise<void> {
  const { session, lookup } = options;
  const engine = session.engineOf(contract.uri, rule.schema);
  // The names of every schema object in play: this contract's first, then the other contracts' (cross-source rules).
  const names = namesInPlay(contract, lookup.contracts());
  const known = [...new Set([...names.values()].map((o) => o.schema))];
  const bound = new Map<string, string>();
  res.threshold = rule.params.threshold ?? null;
  try {
    const sql = expandContractSql(rule.params.query ?? '', {
      table: rule.schema,
      column: rule.params.column,
      schema: session.source(contract.uri, rule.schema)?.dbSchema ?? session.source(contract.uri, rule.schema)?.postgres?.schema ?? session.source(contract.uri, rule.schema)?.mysql?.database ?? 'main',
      isObject: (n) => names.has(n.toLowerCase()),
      quote: engine.dialect,
    });
    const elsewhere: string[] = [];
    for (const t of await tablesRead(sql, engine, session, options.signal)) {
      const obj = t.qualifier ? undefined : names.get(t.name.toLowerCase());
      if (!obj || bound.has(t.name.toLowerCase())) continue;
      if (session.hasRelation(obj.contractUri, obj.schema) && session.engineOf(obj.contractUri, obj.schema).id !== engine.id) {
        elsewhere.push(`${t.name} is on ${session.engineOf(obj.contractUri, obj.schema).id}`);
        continue;
      }
      const rel = await relations.tryGet(obj.contractUri, obj.schema);
      if (!rel) {
        const err = session.sourceErrors().find((e) => e.contractUri === obj.contractUri && (e.schemaName === obj.schema || !e.schemaName));
        throw new Error(`${t.name} names the schema object ${obj.schema}, which has no readable data in this run${err ? `: ${err.message}` : ''}`);
      }
      bound.set(t.name.toLowerCase(), rel);
    }
    if (elsewhere.length) throw new Error(`A SQL rule runs in one engine (here ${engine.id}); ${elsewhere.join(', ')}. Declare the tables on one server, or express the link as a relationship (compared across servers).`);
    const rows = engine.id === 'duckdb'
      ? await session.queryUntrusted(sql, { signal: options.signal, bind: (text) => withNamedRelations(text, bound) })
      : await engine.queryUntrusted(withNamedRelations(sql, bound, engine.dialect), { signal: options.signal });
    const first = rows[0] ? Object.values(rows[0])[0] : undefined;
    const value = typeof first === 'number' ? first : typeof first === 'string' && first.trim() !== '' ? Number(first) : NaN;
    if (!Number.isFinite(value)) return void Object.assign(res, { status: 'error', message: `The query must return one number; it returned ${rows.length ? JSON.stringify(rows[0]).slice(0, 200) : 'no row'}.` });
    res.observed = value;
    res.failedRows = Number.isInteger(value) && value >= 0 ? value : null;
    const ok = satisfies(value, rule.params.operator ?? 'mustBe', rule.params.threshold);
    if (ok === undefined) return void Object.assign(res, { status: 'error', message: `${rule.params.operator}: ${JSON.stringify(rule.params.threshold)} is not a valid threshold` });
    Object.assign(res, { status: ok ? 'passed' : failStatus(rule), message: `query returned ${value}; expected ${describeThreshold(rule.params.operator ?? 'mustBe', rule.params.threshold)}` });
  } catch (e) {
    Object.assign(res, { status: 'error', message: inContractTerms(messageOf(e), known, bound.size > 0) });
  }
}

/**
 * The tables a contract query reads, by the parser of the engine it runs on (DuckDB's own; node-sql-parser's
 * PostgreSQL or MySQL grammar). Where that grammar lags behind its engine, DuckDB's parser (close to PostgreSQL's
 * syntax) is asked; a text neither reads binds nothing and runs as written, and the engine says what is wrong.
 */
async function tablesRead(sql: string, engine: QueryEngine, session: DataSession, signal?: AbortSignal): Promise<TableRef[]> {
  if (engine.id !== 'duckdb') {
    const parsed = await parseContractSql(sql, engine.dialect.name === 'mysql' ? 'mysql' : 'postgresql');
    if (parsed.ok) return parsed.tables;
  }
  return (await session.tablesOf(sql, { signal }).catch(() => undefined)) ?? [];
}

/** `mask` wraps a failing-rows query so that sensitive columns come out as `***` (samples and files alike). */
async function collectEvidence(compiled: CompiledTable, rules: Rule[], results: Map<string, CheckResult>, options: RunOptions, engine: QueryEngine, mask: (sql: string) => string, sampled: Set<string>): Promise<void> {
  const limit = options.samples ?? 5;
  const fetched = new Map<string, Promise<Record<string, unknown>[]>>();
  for (const rule of rules) {
    const res = results.get(rule.id)!;
    const failing = compiled.failing.get(rule.id);
    const sql = failing && mask(failing);
    if (!sql || (res.status !== 'failed' && res.status !== 'warning') || !res.failedRows) continue;
    try {
      // unique, primaryKey and duplicateValues on one key share their failing rows: one query for all of them.
      const q = engine.dialect.limit(sql, limit);
      if (limit > 0 && !sampled.has(rule.id)) res.samples = await (fetched.get(q) ?? fetched.set(q, engine.query(q, { signal: options.signal })).get(q)!);
      if (options.failedRowsDir && engine.stream) {
        // Another server: rows stream through a cursor, a batch at a time (the client never holds them all), into the
        // same Parquet file as for files.
        const file = join(options.failedRowsDir, `${rule.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.parquet`);
        await writeRowsAsParquet(file, (onRows) => engine.stream!(sql, 5000, onRows, { signal: options.signal }), (copy) => options.session.query(copy, { signal: options.signal }));
        res.failedRowsFile = file;
      } else if (options.failedRowsDir) {
        const file = join(options.failedRowsDir, `${rule.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.parquet`);
        await options.session.query(`COPY (${sql}) TO ${sqlString(file)} (FORMAT parquet)`, { signal: options.signal });
        res.failedRowsFile = file;
      }
    } catch (e) {
      res.message += ` (samples unavailable: ${messageOf(e)})`;
    }
  }
}

/** The JSON list an in-scan sample slot returns (NULL when no row failed). */
function parseSamples(value: unknown): Record<string, unknown>[] {
  if (typeof value !== 'string') return [];
  try {
    const rows = JSON.parse(value) as unknown;
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  } catch {
    return [];
  }
}

/**
 * A CSV whose quoting is broken early in the file makes DuckDB's sniffer give up on splitting and read each line as
 * ONE text column named after the whole header line. That is a broken file, not a contract whose columns are all
 * missing: say so once.
 */
function messageOf(e: unknown): string {
  if (e instanceof QueryInterrupted && e.reason === 'cancelled') throw e; // a cancelled run stops; it reports nothing
  return e instanceof Error ? e.message : String(e);
}
