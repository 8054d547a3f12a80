/**
 * Runs the fused scan of one table so that one broken rule never breaks the others. The scan computes every
 * single-table rule in one read; when DuckDB refuses it (a regex that does not compile, a cast the data cannot take,
 * a conversion error on some row), the failing rule(s) are found and reported alone, and the rest still run:
 *
 * 1. compile-time: each rule's expressions are bound over zero rows (`WHERE false`): bad
 *    patterns and impossible casts fail here, cheaply, without reading the data;
 * 2. run-time: the scan is re-run without those; if it still fails (a value on some row), the rules are bisected,
 *    each half scanned on its own, until the rule(s) that fail are single. The good halves' results are kept.
 *
 * A failing scan costs a few more reads of the table; a passing one costs exactly one.
 */
import { QueryInterrupted } from '../session.js';
import type { QueryEngine } from '../engines/queryEngine.js';
import { fusedScanSql, type ScanSlot } from './compile.js';

export interface ScanOutcome {
  /** Slot alias → value, for every slot of the rules that ran. */
  values: Record<string, unknown>;
  /** Rows of the table; null when no scan succeeded (every rule broke). */
  total: number | null;
  /** Rule id → the error that rule alone causes. */
  errors: Map<string, string>;
}

export async function runFusedScan(session: Pick<QueryEngine, 'query'>, relation: string, slots: readonly ScanSlot[], signal?: AbortSignal): Promise<ScanOutcome> {
  const out: ScanOutcome = { values: {}, total: null, errors: new Map() };
  const run = async (part: readonly ScanSlot[], bindOnly = false) => {
    const [row] = await session.query(fusedScanSql(relation, part, bindOnly), { signal });
    return row;
  };
  const keep = (row: Record<string, unknown>) => {
    Object.assign(out.values, row);
    out.total ??= Number(row.total);
  };
  let first: unknown;
  try {
    keep(await run(slots));
    return out;
  } catch (e) {
    rethrowCancel(e);
    first = e;
  }
  const groups = groupByRule(slots);
  if (first instanceof QueryInterrupted) {
    // A timeout is no broken rule: re-running parts would only take longer. Every rule reports it.
    for (const g of groups) out.errors.set(g[0].ruleId, messageOf(first));
    return out;
  }
  // 1. Compile-time: bind each rule's expressions over zero rows.
  const runnable: ScanSlot[][] = [];
  for (const g of groups) {
    try {
      await run(g, true);
      runnable.push(g);
    } catch (e) {
      rethrowCancel(e);
      out.errors.set(g[0].ruleId, messageOf(e));
    }
  }
  // 2. Run-time: the rest together; on failure, halves until single rules.
  const bisect = async (part: ScanSlot[][]): Promise<void> => {
    if (!part.length) return;
    try {
      keep(await run(part.flat()));
    } catch (e) {
      rethrowCancel(e);
      if (part.length === 1 || e instanceof QueryInterrupted) return void part.forEach((g) => out.errors.set(g[0].ruleId, messageOf(e)));
      const mid = Math.ceil(part.length / 2);
      await bisect(part.slice(0, mid));
      await bisect(part.slice(mid));
    }
  };
  await bisect(runnable);
  if (!out.errors.size) {
    // The whole scan failed yet every rule runs alone (a resource limit, say): report it on every rule.
    for (const g of groups) out.errors.set(g[0].ruleId, messageOf(first));
  }
  if (out.total === null) {
    try {
      out.total = Number((await session.query(`SELECT count(*) AS n FROM ${relation} AS r`, { signal }))[0].n);
    } catch (e) {
      rethrowCancel(e);
    }
  }
  return out;
}

function groupByRule(slots: readonly ScanSlot[]): ScanSlot[][] {
  const m = new Map<string, ScanSlot[]>();
  for (const s of slots) m.set(s.ruleId, [...(m.get(s.ruleId) ?? []), s]);
  return [...m.values()];
}

/** A cancelled run stops (it reports nothing); a timeout inside the bisection stops it too. */
function rethrowCancel(e: unknown): void {
  if (e instanceof QueryInterrupted && e.reason === 'cancelled') throw e;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
