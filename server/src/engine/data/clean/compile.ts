/**
 * The clean compiler: a SchemaPlan → the SQL of ONE pass over the source that stages every row with its original
 * values, its standardised values, the rules it breaks and its fate (0 written, 1 duplicate removed, 2 quarantined):
 *
 *   L0  number the source rows (`_source_row`, 1-based, in file order; a server table comes numbered, serverSource.ts)
 *   L1  canonical spelling of declared values            (`_s<i>`), originals kept where a step may change them (`_o<i>`)
 *   L2  typed values: date formats tried in order, safe casts (`_t<i>`), which format parsed (`_f<i>`)
 *   L3  output columns under the contract's names (fill applied to source nulls only)
 *   L4  `_v`: the ids of the row rules broken (the same conditions `check` counts), kinds of change (`_k<i>`)
 *   L5  primary key: rank among conforming rows (keep-latest, else source order); duplicates → fate 1
 *   L6  other unique keys: later conforming rows with a taken key are quarantined
 *
 * The outputs and the report's figures are then read from the staged table; the source is read once.
 */
import { sqlIdent, sqlString } from '../sandbox.js';
import { familyOf, baseType } from '../typeCompat.js';
import type { ColumnPlan, SchemaPlan } from './plan.js';
import type { ChangeKind } from './types.js';

export const KIND_CODES: Record<ChangeKind, number> = { standardised: 1, filled: 2, parsed: 3, toUtc: 4, converted: 5 };

export const FATE = { written: 0, duplicate: 1, quarantined: 2 } as const;

/** Whether a column's output can differ from its source value (then the original is staged beside it). */
export function hasSteps(c: ColumnPlan): boolean {
  return c.source !== undefined && (c.canonical !== undefined || c.dateAttempts !== undefined || c.fill !== undefined || !sameType(c.sourceType!, c.outputType));
}

function sameType(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

const q = sqlIdent;
const o = (c: ColumnPlan) => q(`_o${c.index}`);

/** The original value of a column in the staged table (for quarantine rows and examples). */
export function originalExpr(c: ColumnPlan): string | undefined {
  if (!c.source) return undefined;
  return hasSteps(c) ? o(c) : q(c.column);
}

/** `numbered`: the relation already has `_source_row` (a table copied from a database server, serverSource.ts). */
export function stageSql(plan: SchemaPlan, sourceRelation: string, stage: string, limit?: number, numbered = false): string {
  const cols = plan.columns;
  const from = limit !== undefined ? `(SELECT * FROM ${sourceRelation} LIMIT ${Math.floor(limit)})` : sourceRelation;
  const l0 = numbered ? `SELECT * FROM ${from}` : `SELECT row_number() OVER () AS _source_row, * FROM ${from}`;

  const extras = plan.extras.map((x, j) => ({ ...x, alias: q(`_x${j}`) }));
  const l1 = ['_source_row'];
  for (const c of cols) {
    if (!c.source) continue;
    const s = q(c.source);
    if (!hasSteps(c)) l1.push(`${s} AS ${q(c.column)}`);
    else {
      l1.push(`${s} AS ${o(c)}`);
      if (c.canonical) l1.push(`${canonicalExpr(s, c.canonical)} AS ${q(`_s${c.index}`)}`);
    }
  }
  for (const x of extras) l1.push(`${q(x.name)} AS ${x.alias}`);

  const carry = (more: string[]) => ['_source_row', ...more];
  const passCols = cols.filter((c) => c.source && !hasSteps(c)).map((c) => q(c.column));
  const steps = cols.filter(hasSteps);
  const l2 = carry([...passCols, ...steps.map(o), ...extras.map((x) => x.alias)]);
  for (const c of steps) {
    const input = c.canonical ? q(`_s${c.index}`) : o(c);
    l2.push(`${typedExpr(c, input)} AS ${q(`_t${c.index}`)}`);
    if (c.canonical) l2.push(q(`_s${c.index}`));
    if (c.dateAttempts && c.dateAttempts.length > 1) l2.push(`${formatFoundExpr(c, input)} AS ${q(`_f${c.index}`)}`);
  }

  const l3 = carry([...passCols, ...steps.map(o), ...extras.map((x) => x.alias)]);
  for (const c of steps) {
    l3.push(q(`_t${c.index}`));
    if (c.canonical) l3.push(q(`_s${c.index}`));
    if (c.dateAttempts && c.dateAttempts.length > 1) l3.push(q(`_f${c.index}`));
    const typed = q(`_t${c.index}`);
    l3.push(`${c.fill !== undefined ? `CASE WHEN ${o(c)} IS NULL THEN CAST(${sqlString(c.fill)} AS ${c.outputType}) ELSE ${typed} END` : typed} AS ${q(c.column)}`);
  }
  for (const c of cols.filter((x) => !x.source)) l3.push(`${c.fill !== undefined ? `CAST(${sqlString(c.fill)} AS ${c.outputType})` : `CAST(NULL AS ${c.outputType})`} AS ${q(c.column)}`);

  // L4: violations and kinds of change.
  const checks: string[] = [];
  for (const c of steps) checks.push(`CASE WHEN ${o(c)} IS NOT NULL AND ${q(`_t${c.index}`)} IS NULL THEN ${sqlString(c.castRule)} END`);
  // A value that did not convert is NULL in the output: it breaks its cast rule, not `required` or a bound.
  const castFailed = new Map(steps.map((c) => [c.column, `(${o(c)} IS NOT NULL AND ${q(`_t${c.index}`)} IS NULL)`]));
  for (const r of plan.rowRules) {
    const guard = r.column !== undefined ? castFailed.get(r.column) : undefined;
    checks.push(`CASE WHEN ${guard ? `NOT ${guard} AND ` : ''}(${r.condition}) THEN ${sqlString(r.id)} END`);
  }
  // The typed and canonical intermediates are not staged: the output columns hold them.
  const drop = steps.flatMap((c) => [q(`_t${c.index}`), ...(c.canonical ? [q(`_s${c.index}`)] : [])]);
  const l4 = [drop.length ? `* EXCLUDE (${drop.join(', ')})` : '*', `${checks.length ? `list_filter([${checks.join(', ')}], x -> x IS NOT NULL)` : 'CAST([] AS VARCHAR[])'} AS _v`];
  for (const c of steps) l4.push(`${kindExpr(c)} AS ${q(`_k${c.index}`)}`);

  // L5: the primary key.
  let l5 = `SELECT *, false AS _dup FROM (${''}`;
  let l5close = ')';
  const pk = plan.primaryKey;
  if (pk) {
    const keyCols = pk.columns.map(q);
    const notNull = keyCols.map((k) => `${k} IS NOT NULL`).join(' AND ');
    const order = [`len(_v) > 0`, ...(pk.keepLatest ? [`${q(pk.keepLatest)} DESC NULLS LAST`] : []), '_source_row'].join(', ');
    const ids = `[${pk.ruleIds.map(sqlString).join(', ')}]`;
    // One window (one partition and sort): the rank, and the key's row count over the whole partition.
    const w = `(PARTITION BY ${keyCols.join(', ')} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;
    l5 = `SELECT * REPLACE (CASE WHEN len(_v) > 0 AND _keyn > 1 THEN list_concat(_v, ${ids}) ELSE _v END AS _v), len(_v) = 0 AND coalesce(_rank, 1) > 1 AS _dup FROM (SELECT *, CASE WHEN ${notNull} THEN row_number() OVER ${w} END AS _rank, CASE WHEN ${notNull} THEN count(*) OVER ${w} ELSE 1 END AS _keyn FROM (`;
    l5close = '))';
  }
  let body = `${l5}SELECT ${l4.join(', ')} FROM (SELECT ${l3.join(', ')} FROM (SELECT ${l2.join(', ')} FROM (SELECT ${l1.join(', ')} FROM (${l0}))))${l5close}`;

  // L6: unique keys other than the primary key, in source order among the rows still written.
  plan.uniqueKeys.forEach((k, n) => {
    const keyCols = k.columns.map(q);
    const notNull = keyCols.map((c) => `${c} IS NOT NULL`).join(' AND ');
    const alive = `(len(_v) = 0 AND NOT _dup)`;
    const rank = `CASE WHEN ${notNull} AND ${alive} THEN row_number() OVER (PARTITION BY ${keyCols.join(', ')}, ${alive} ORDER BY _source_row) END`;
    const ids = `[${k.ruleIds.map(sqlString).join(', ')}]`;
    body = `SELECT * EXCLUDE (_u${n}) REPLACE (CASE WHEN _u${n} > 1 THEN list_concat(_v, ${ids}) ELSE _v END AS _v) FROM (SELECT *, ${rank} AS _u${n} FROM (${body}))`;
  });
  const fate = `CASE WHEN len(_v) > 0 THEN ${FATE.quarantined} WHEN _dup THEN ${FATE.duplicate} ELSE ${FATE.written} END::TINYINT AS _fate`;
  return `CREATE TABLE ${stage} AS SELECT *, ${fate} FROM (${body})`;
}

/** A value equal to a declared one up to case and surrounding whitespace becomes that value. */
function canonicalExpr(s: string, values: string[]): string {
  const byKey = new Map<string, string[]>();
  for (const v of values) byKey.set(v.trim().toLowerCase(), [...(byKey.get(v.trim().toLowerCase()) ?? []), v]);
  // Values that differ only by case (`Paid`, `paid`) are ambiguous: such keys are left alone.
  const unique = [...byKey].filter(([, vs]) => vs.length === 1);
  if (!unique.length) return s;
  const whens = unique.map(([k, [v]]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`).join(' ');
  return `CASE WHEN ${s} IN (${values.map(sqlString).join(', ')}) THEN ${s} ELSE coalesce(CASE lower(trim(${s})) ${whens} END, ${s}) END`;
}

/** The value as the output type, NULL when it cannot be converted (never rounded, never guessed). */
function typedExpr(c: ColumnPlan, input: string): string {
  const out = c.outputType;
  const outFam = familyOf(out);
  const srcFam = familyOf(c.sourceType ?? 'VARCHAR');
  if (c.dateAttempts) {
    const target = c.logical === 'date' ? 'DATE' : c.logical === 'time' ? 'TIME' : 'TIMESTAMP';
    const tried = c.dateAttempts.map((a) => attemptExpr(a.strptime, input, target));
    const parsed = tried.length === 1 ? tried[0] : `coalesce(${tried.join(', ')})`;
    if (outFam === 'string') return `strftime(${parsed}, ${sqlString(c.writeFormat ?? '%Y-%m-%d')})`;
    return sameType(out, target) ? parsed : `TRY_CAST(${parsed} AS ${out})`;
  }
  if (c.writeFormat && outFam === 'string') return `strftime(${input}, ${sqlString(c.writeFormat)})`;
  if (sameType(c.sourceType ?? '', out)) return input;
  if (outFam === 'string') return `CAST(${input} AS ${out})`;
  if (outFam === 'integer') {
    // DuckDB rounds '1.5' and 1.5 to 2 on a cast to an integer: only whole values are converted.
    if (srcFam === 'string') return `CASE WHEN regexp_full_match(trim(${input}), '[+-]?[0-9]+') THEN TRY_CAST(trim(${input}) AS ${out}) END`;
    if (srcFam === 'float' || srcFam === 'decimal') return `CASE WHEN ${input} = trunc(${input}) THEN TRY_CAST(${input} AS ${out}) END`;
  }
  if (outFam === 'timestamp' && baseType(out) === 'TIMESTAMP' && srcFam === 'string') return `CAST(TRY_CAST(${input} AS TIMESTAMPTZ) AS TIMESTAMP)`;
  if (outFam === 'decimal' && (srcFam === 'float' || srcFam === 'string')) {
    // A cast to DECIMAL(p,s) rounds to s places: convert only values it represents exactly.
    const d = `TRY_CAST(${input} AS ${out})`;
    return `CASE WHEN TRY_CAST(${input} AS DOUBLE) = CAST(${d} AS DOUBLE) THEN ${d} END`;
  }
  return `TRY_CAST(${input} AS ${out})`;
}

function attemptExpr(strptime: string | undefined, input: string, target: string): string {
  // Text with a UTC offset is read as TIMESTAMPTZ and converted to UTC; without an offset it is read as UTC.
  if (!strptime) return target === 'TIMESTAMP' ? `CAST(TRY_CAST(${input} AS TIMESTAMPTZ) AS TIMESTAMP)` : `TRY_CAST(${input} AS ${target})`;
  const parsed = `try_strptime(${input}, ${sqlString(strptime)})`;
  return target === 'TIMESTAMP' && !/%z|%Z/.test(strptime) ? parsed : `CAST(${parsed} AS ${target})`;
}

function formatFoundExpr(c: ColumnPlan, input: string): string {
  const target = c.logical === 'date' ? 'DATE' : c.logical === 'time' ? 'TIME' : 'TIMESTAMP';
  const whens = c.dateAttempts!.map((a, i) => `WHEN ${attemptExpr(a.strptime, input, target)} IS NOT NULL THEN ${i + 1}`).join(' ');
  return `(CASE ${whens} END)::TINYINT`;
}

/** The kind of change a written value underwent (NULL: unchanged). */
function kindExpr(c: ColumnPlan): string {
  const orig = o(c);
  const out = q(c.column);
  const parts: string[] = [];
  if (c.fill !== undefined) parts.push(`WHEN ${orig} IS NULL AND ${out} IS NOT NULL THEN ${KIND_CODES.filled}`);
  if (c.canonical) parts.push(`WHEN ${q(`_s${c.index}`)} IS DISTINCT FROM ${orig} THEN ${KIND_CODES.standardised}`);
  const textChanged = `CAST(${out} AS VARCHAR) IS DISTINCT FROM CAST(${orig} AS VARCHAR)`;
  const srcFam = familyOf(c.sourceType ?? 'VARCHAR');
  if (c.logical === 'timestamp' && srcFam === 'string') parts.push(`WHEN ${textChanged} AND regexp_matches(${orig}, '([+-]\\d\\d(:?\\d\\d)?|[zZ])\\s*$') AND NOT regexp_matches(${orig}, '([+-]00(:?00)?|[zZ])\\s*$') THEN ${KIND_CODES.toUtc}`);
  if (baseType(c.sourceType ?? '') === 'TIMESTAMPTZ') parts.push(`WHEN ${textChanged} THEN ${KIND_CODES.toUtc}`);
  parts.push(`WHEN ${textChanged} THEN ${c.dateAttempts || c.writeFormat ? KIND_CODES.parsed : KIND_CODES.converted}`);
  return `(CASE ${parts.join(' ')} END)::TINYINT`;
}
