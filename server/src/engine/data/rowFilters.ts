/**
 * Which `--filter` predicate each registered table reads through, checked once per dialect before anything is
 * registered (engine/sql/rowFilter.ts says what a filter may be). The session then reads every filtered table
 * through its predicate, so every rule, count, sample, failing-row file, relationship (from that side), preview and
 * reconcile of the table sees only the matching rows: DuckDB in the view it registers, PostgreSQL and MySQL in a
 * derived table that replaces the table's name in every generated query.
 */
import type { RowFilter } from '../sql/rowFilter.js';
import { assertOneBooleanExpression, conjunction, describeFilters, FilterRejected, predicatesFor } from '../sql/rowFilter.js';
import type { SqlDialect } from '../sql/types.js';
import { checkUntrustedMysql } from './engines/mysql/sandbox.js';
import { checkUntrustedPostgres, checkWithSqlParser } from './engines/postgres/sandbox.js';
import type { ResolvedSource, SourceError } from './sources.js';

export interface RowFilterOptions {
  filters?: RowFilter[];
  /** The contracts whose tables are filtered (default: every contract of the session). Lent contracts (a
   * relationship's target) keep all their rows: the filter restricts the rules of the tables being checked. */
  contracts?: ReadonlySet<string>;
}

/** Source → the WHERE condition it is read through. Throws FilterRejected (a usage error) before anything opens. */
export async function filterConditions(sources: readonly ResolvedSource[], errors: readonly SourceError[], options: RowFilterOptions): Promise<Map<ResolvedSource, string>> {
  const out = new Map<ResolvedSource, string>();
  const filters = options.filters ?? [];
  if (!filters.length) return out;
  const inScope = (uri: string) => !options.contracts || options.contracts.has(uri);
  const names = new Set<string>();
  for (const s of sources) if (inScope(s.contractUri)) [s.schemaName, s.table].forEach((n) => n && names.add(n.toLowerCase()));
  for (const e of errors) if (inScope(e.contractUri) && e.schemaName) names.add(e.schemaName.toLowerCase());
  const stray = filters.find((f) => f.schema && !names.has(f.schema.toLowerCase()));
  if (stray) throw new FilterRejected(`${describeFilters([stray])}: no schema object named "${stray.schema}" in this run${names.size ? ` (known: ${[...names].join(', ')})` : ''}.`);
  const checked = new Set<string>();
  for (const s of sources) {
    if (!inScope(s.contractUri)) continue;
    const predicates = predicatesFor(filters, [s.schemaName, s.table]);
    if (!predicates.length) continue;
    const dialect: SqlDialect = s.kind === 'postgres' ? 'postgresql' : s.kind === 'mysql' ? 'mysql' : 'duckdb';
    for (const p of predicates) {
      if (checked.has(`${dialect}\u0000${p}`)) continue;
      await assertOneBooleanExpression(p, dialect);
      await engineSandbox(p, dialect);
      checked.add(`${dialect}\u0000${p}`);
    }
    out.set(s, conjunction(predicates));
  }
  return out;
}

/**
 * One table outside a DataSession (segment reconcile opens its database sides itself): its relation read through the
 * filters that apply to it, checked as above.
 */
export async function filteredTable(relation: string, filters: readonly RowFilter[] | undefined, names: readonly (string | undefined)[], dialect: SqlDialect): Promise<string> {
  const predicates = predicatesFor(filters, names);
  for (const p of predicates) {
    await assertOneBooleanExpression(p, dialect);
    await engineSandbox(p, dialect);
  }
  return predicates.length ? `(SELECT * FROM ${relation} WHERE ${conjunction(predicates)})` : relation;
}

/** The database engines' own untrusted-SQL checks, on the statement the filter becomes part of. */
async function engineSandbox(predicate: string, dialect: SqlDialect): Promise<void> {
  const sql = `SELECT * FROM cl_filter_target WHERE (${predicate})`;
  try {
    if (dialect === 'postgresql') {
      checkUntrustedPostgres(sql);
      await checkWithSqlParser(sql);
    } else if (dialect === 'mysql') checkUntrustedMysql(sql);
  } catch (e) {
    throw new FilterRejected(`--filter ${JSON.stringify(predicate)}: ${(e as Error).message}`);
  }
}
