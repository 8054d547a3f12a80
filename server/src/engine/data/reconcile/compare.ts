/**
 * Turns the rows of the differing segments into reconcile results, in the same shape as the one-query reconcile
 * (reconcile.ts): missing, extra, changed (with per-column counts), one result per compared column, duplicate keys,
 * plus how much was transferred. Values are compared (and shown in samples) as their normalised text, so that
 * 10.5 (PostgreSQL numeric) equals 10.50 (MySQL DECIMAL(10,2)).
 */
import type { Contract, SchemaObject } from '../../model/types.js';
import type { Rule } from '../checks/plan.js';
import { baseResult, type CheckResult } from '../checks/results.js';
import type { NormalizedRow, SegmentDiff } from './segments.js';

export interface CompareOptions {
  contract: Contract;
  schema: SchemaObject;
  display: string;
  nameA: string;
  nameB: string;
  key: string[];
  compared: string[];
  samples: number;
  /** Masks sensitive columns in sample rows (the PII policy of the run). */
  mask?: (rows: Record<string, unknown>[]) => Record<string, unknown>[];
}

export function segmentResults(diff: SegmentDiff, o: CompareOptions): CheckResult[] {
  const sName = o.schema.name?.value ?? '';
  const rule = (what: string, name: string, severity: Rule['severity'] = 'error', property?: string): Rule => ({
    id: `${sName}.reconcile.${what}`, contractUri: o.contract.uri, schema: sName, property, kind: 'metric', name, params: {}, severity,
    // Two copies that disagree are a consistency problem, whatever the metric kind the report files them under.
    dimension: 'consistency', node: o.schema.name?.node,
  });
  const mask = o.mask ?? ((r) => r);
  const byKey = (rows: NormalizedRow[]) => {
    const map = new Map<string, NormalizedRow>();
    for (const r of rows) {
      const k = JSON.stringify(r.key);
      if (!map.has(k)) map.set(k, r);
    }
    return { map };
  };
  const A = byKey(diff.rowsOfA);
  const B = byKey(diff.rowsOfB);
  const keyObject = (r: NormalizedRow) => Object.fromEntries(o.key.map((k, i) => [k, r.key[i]]));
  const full = (r: NormalizedRow) => ({ ...keyObject(r), ...Object.fromEntries(o.compared.map((c, i) => [c, r.values[i]])) });
  const missing = [...A.map.entries()].filter(([k]) => !B.map.has(k)).map(([, r]) => r);
  const extra = [...B.map.entries()].filter(([k]) => !A.map.has(k)).map(([, r]) => r);
  const perColumn: Record<string, number> = Object.fromEntries(o.compared.map((c) => [c, 0]));
  const changed: { a: NormalizedRow; b: NormalizedRow; cols: number[] }[] = [];
  for (const [k, a] of A.map) {
    const b = B.map.get(k);
    if (!b) continue;
    const cols = o.compared.map((_, i) => i).filter((i) => a.values[i] !== b.values[i]);
    if (!cols.length) continue;
    for (const i of cols) perColumn[o.compared[i]]++;
    changed.push({ a, b, cols });
  }
  const sortKey = (x: NormalizedRow, y: NormalizedRow) => JSON.stringify(x.key) < JSON.stringify(y.key) ? -1 : 1;
  missing.sort(sortKey);
  extra.sort(sortKey);
  changed.sort((x, y) => sortKey(x.a, y.a));
  // Duplicates over the whole copy (counted in each engine), not only those of the fetched segments.
  const dupA = diff.duplicatesA.extraRows;
  const dupB = diff.duplicatesB.extraRows;
  const matchedA = diff.rowsA - missing.length - dupA;
  const results: CheckResult[] = [];
  const add = (r: Rule, count: number, message: string, samples: Record<string, unknown>[] = [], observed?: CheckResult['observed'], status?: CheckResult['status']) => {
    const res = baseResult(r, o.display);
    Object.assign(res, {
      failedRows: count, totalRows: diff.rowsA, observed: observed ?? count, threshold: 0,
      status: status ?? (count > 0 ? (r.severity === 'error' ? 'failed' : 'warning') : 'passed'), message,
      samples: count > 0 ? mask(samples.slice(0, o.samples)) : [],
    });
    results.push(res);
  };
  const pair = (c: string, i: number, x: { a: NormalizedRow; b: NormalizedRow }) => ({ [`${c} (${o.nameA})`]: x.a.values[i], [`${c} (${o.nameB})`]: x.b.values[i] });
  add(rule('missing', `rows of ${o.nameA} missing from ${o.nameB}`), missing.length, `${missing.length} of ${diff.rowsA - dupA} keys of ${o.nameA} are missing from ${o.nameB}`, missing.map(full));
  add(rule('extra', `rows only in ${o.nameB}`), extra.length, `${extra.length} of ${diff.rowsB - dupB} keys of ${o.nameB} do not exist in ${o.nameA}`, extra.map(full));
  const changedCols = o.compared.filter((c) => perColumn[c] > 0);
  add(rule('changed', 'matched rows whose columns differ'), changed.length,
    `${changed.length} of ${matchedA} matched rows differ${changedCols.length ? ': ' + changedCols.map((c) => `${c} ${perColumn[c]}`).join(', ') : ''}`,
    changed.map((x) => Object.assign(keyObject(x.a), ...x.cols.map((i) => pair(o.compared[i], i, x)))), JSON.stringify(perColumn));
  o.compared.forEach((c, i) => {
    const rows = changed.filter((x) => x.cols.includes(i));
    add(rule(`column.${c}`, `${c} equal in both copies`, 'error', c), perColumn[c], `${perColumn[c]} matched rows differ in ${c}`,
      rows.map((x) => ({ ...keyObject(x.a), ...pair(c, i, x) })));
  });
  add(rule('duplicateKeys', 'each key once per copy', 'warning'), dupA + dupB,
    `${dupA} extra row(s) for ${diff.duplicatesA.keys} duplicated key(s) in ${o.nameA}, ${dupB} for ${diff.duplicatesB.keys} in ${o.nameB} (whole tables; compared once per key)`,
    [], JSON.stringify({ [o.nameA]: dupA, [o.nameB]: dupB }));
  const s = diff.stats;
  const total = diff.rowsA + diff.rowsB;
  const share = total ? (100 * s.rowsTransferred) / total : 0;
  add(rule('transfer', 'rows transferred by the segment comparison', 'info'), 0,
    `${s.rowsTransferred} of ${total} rows transferred (${share.toFixed(share < 0.1 ? 3 : 1)} %), ${s.segmentsFetched} segment(s) fetched after ${s.levels} checksum level(s), ${s.checksumRows} checksum rows`,
    [], JSON.stringify({ rowsTransferred: s.rowsTransferred, rowsCompared: total, checksumRows: s.checksumRows, levels: s.levels, segmentsFetched: s.segmentsFetched }), 'passed');
  // A figure about the comparison, not a count of failing rows.
  Object.assign(results[results.length - 1], { failedRows: null, totalRows: null });
  return results;
}
