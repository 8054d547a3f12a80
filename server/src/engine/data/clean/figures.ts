/**
 * The report's figures of one staged table: rows by fate, values changed per column and kind of change, the formats
 * that parsed each date/time column, the rules that sent rows to quarantine, duplicates removed, each with a few
 * examples. Read from the staged table (in memory), never from the source again. Sensitive columns show `***`.
 */
import { sqlIdent, sqlString } from '../sandbox.js';
import { MASK } from '../sensitive.js';
import type { DataSession } from '../session.js';
import { FATE, hasSteps, KIND_CODES, originalExpr } from './compile.js';
import type { ColumnPlan, SchemaPlan } from './plan.js';
import { CHANGE_KINDS, type ColumnReport, type TableReport, type ValueExample } from './types.js';


export interface FigureOptions {
  examples: number;
  /** Output columns whose values are masked (empty when the user asked for sensitive data). */
  sensitive: Set<string>;
  signal?: AbortSignal;
}

export async function tableFigures(session: DataSession, plan: SchemaPlan, stage: string, report: TableReport, opts: FigureOptions): Promise<void> {
  const q = (sql: string) => session.query(sql, { signal: opts.signal });
  const masked = (c: string | undefined) => c !== undefined && opts.sensitive.has(c);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const steps = plan.columns.filter(hasSteps);

  const aggs = [
    'count(*) AS read',
    `count(*) FILTER (WHERE _fate = ${FATE.written}) AS written`,
    `count(*) FILTER (WHERE _fate = ${FATE.quarantined}) AS quarantined`,
    `count(*) FILTER (WHERE _fate = ${FATE.duplicate}) AS deduplicated`,
  ];
  for (const c of steps) {
    for (const kind of CHANGE_KINDS) aggs.push(`count(*) FILTER (WHERE _fate = ${FATE.written} AND ${sqlIdent(`_k${c.index}`)} = ${KIND_CODES[kind]}) AS ${sqlIdent(`k${c.index}_${kind}`)}`);
    const attempts = c.dateAttempts ?? [];
    if (attempts.length > 1) attempts.forEach((_, i) => aggs.push(`count(*) FILTER (WHERE ${sqlIdent(`_f${c.index}`)} = ${i + 1}) AS ${sqlIdent(`f${c.index}_${i}`)}`));
    else if (attempts.length === 1) aggs.push(`count(*) FILTER (WHERE ${originalExpr(c)} IS NOT NULL AND ${sqlIdent(c.column)} IS NOT NULL) AS ${sqlIdent(`f${c.index}_0`)}`);
    if (attempts.length) aggs.push(`count(*) FILTER (WHERE ${originalExpr(c)} IS NOT NULL AND ${sqlIdent(c.column)} IS NULL) AS ${sqlIdent(`f${c.index}_none`)}`);
  }
  const [row] = await q(`SELECT ${aggs.join(', ')} FROM ${stage}`);
  report.rows = { read: Number(row.read), written: Number(row.written), quarantined: Number(row.quarantined), deduplicated: Number(row.deduplicated) };

  for (const c of plan.columns) {
    const col: ColumnReport = { name: c.column, property: c.property, source: c.source ?? null, sourceType: c.sourceType ?? null, type: c.outputType, decisions: [...c.decisions], changes: [] };
    if (c.sourceType && c.sourceType.toUpperCase() !== c.outputType.toUpperCase()) col.decisions.unshift(`${c.sourceType} in the source, written as ${c.outputType}`);
    if (hasSteps(c)) {
      for (const kind of CHANGE_KINDS) {
        const rows = Number(row[`k${c.index}_${kind}`]);
        if (!rows) continue;
        col.changes.push({ kind, rows, examples: await changeExamples(c, kind) });
      }
      if (c.dateAttempts) {
        col.formatsFound = c.dateAttempts.map((a, i) => ({ format: a.label, rows: Number(row[`f${c.index}_${i}`]) })).filter((f) => f.rows > 0);
        const none = Number(row[`f${c.index}_none`]);
        if (none) col.formatsFound.push({ format: 'none of them (quarantined)', rows: none });
      }
    }
    report.columns.push(col);
  }
  report.extraColumns = plan.extras.map((x) => ({ name: x.name, type: x.type, kept: x.keep }));

  const perRule = await q(`SELECT v AS rule, count(*) AS n FROM (SELECT unnest(_v) AS v FROM ${stage} WHERE _fate = ${FATE.quarantined}) GROUP BY v ORDER BY n DESC, v`);
  for (const r of perRule) {
    const id = String(r.rule);
    const keyRule = [plan.primaryKey, ...plan.uniqueKeys].find((k) => k?.ruleIds.includes(id));
    const column = plan.rowRules.find((x) => x.id === id)?.column ?? plan.columns.find((c) => c.castRule === id)?.column ?? keyRule?.columns[0];
    const c = plan.columns.find((x) => x.column === column);
    const value = c ? originalExpr(c) : undefined;
    const rows = await q(`SELECT _source_row${value ? `, CAST(${value} AS VARCHAR) AS v` : ''} FROM ${stage} WHERE _fate = ${FATE.quarantined} AND list_contains(_v, ${sqlString(id)}) ORDER BY _source_row LIMIT ${opts.examples}`);
    const examples: ValueExample[] = rows.map((e) => ({ row: Number(e._source_row), before: value ? (masked(column) ? MASK : text(e.v)) : null }));
    report.quarantine.push({ rule: id, name: plan.ruleNames.get(id) ?? (id === c?.castRule ? 'value converts to the declared type' : id), rows: Number(r.n), examples });
  }

  const pk = plan.primaryKey;
  if (pk) {
    const keyText = pk.columns.map((k) => (masked(k) ? sqlString(MASK) : `coalesce(CAST(d.${sqlIdent(k)} AS VARCHAR), 'NULL')`)).join(` || ', ' || `);
    const ex = await q(`SELECT ${keyText} AS key, d._source_row AS removed, k._source_row AS kept FROM ${stage} AS d JOIN ${stage} AS k ON ${pk.columns.map((c) => `k.${sqlIdent(c)} = d.${sqlIdent(c)}`).join(' AND ')} AND k._rank = 1 WHERE d._fate = ${FATE.duplicate} ORDER BY d._source_row LIMIT ${opts.examples}`);
    report.deduplication = {
      key: pk.columns,
      rules: pk.ruleIds,
      keep: pk.keepLatest ? `the row with the newest ${pk.keepLatest} (--keep-latest), then the first in source order` : 'the first row in source order (no --keep-latest given)',
      removed: report.rows.deduplicated,
      examples: ex.map((e) => ({ key: String(e.key), kept: Number(e.kept), removed: Number(e.removed) })),
    };
  }
  report.uniqueKeys = plan.uniqueKeys.map((k) => ({ key: k.columns, rules: k.ruleIds, quarantined: Number(perRule.find((r) => r.rule === k.ruleIds[0])?.n ?? 0) }));

  async function changeExamples(c: ColumnPlan, kind: (typeof CHANGE_KINDS)[number]): Promise<ValueExample[]> {
    const rows = await q(`SELECT _source_row, CAST(${originalExpr(c)} AS VARCHAR) AS b, CAST(${sqlIdent(c.column)} AS VARCHAR) AS a FROM ${stage} WHERE _fate = ${FATE.written} AND ${sqlIdent(`_k${c.index}`)} = ${KIND_CODES[kind]} ORDER BY _source_row LIMIT ${opts.examples}`);
    const hide = masked(c.column);
    return rows.map((e) => ({ row: Number(e._source_row), before: hide ? MASK : text(e.b), after: hide ? MASK : text(e.a) }));
  }
}
