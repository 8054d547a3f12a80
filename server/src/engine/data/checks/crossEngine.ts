/**
 * A relationship whose two tables live in different engines (orders in PostgreSQL, users in Parquet; or two
 * PostgreSQL servers) cannot be one anti-join. Neither table is copied: only the DISTINCT keys of the side(s) outside
 * DuckDB are streamed, a batch at a time, into a table of the session's in-memory DuckDB (the client holds one batch),
 * and the anti-join runs there. Keys are compared as text, which is exact for integer and string keys (the usual
 * foreign keys); decimals and timestamps print differently across engines and should not be compared this way.
 *
 * Bound: at most CROSS_ENGINE_MAX_KEYS distinct keys per side (DuckDB holds them, spilling to disk beyond its memory
 * limit). Past it the rule reports an `error` saying so, never a partial count.
 */
import type { CheckResult } from './results.js';
import type { Rule } from './plan.js';
import type { CheckRelations } from './relations.js';
import type { DataSession } from '../session.js';
import type { QueryEngine } from '../engines/queryEngine.js';
import { failStatus } from './results.js';

export const CROSS_ENGINE_MAX_KEYS = 10_000_000;
const BATCH = 10_000;

export interface CrossEngineContext {
  session: DataSession;
  relations: CheckRelations;
  source: { uri: string; schema: string; relation: string; engine: QueryEngine };
  signal?: AbortSignal;
  maxKeys?: number;
}

let tables = 0;

export async function runCrossEngineRelationship(rule: Rule, res: CheckResult, total: number | null, ctx: CrossEngineContext): Promise<void> {
  const t = rule.params.target!;
  const from = rule.params.columns ?? [];
  const to = from.map((c, i) => t.columns[i] ?? c);
  const targetEngine = ctx.session.engineOf(t.contractUri, t.schema);
  const targetRelation = await ctx.relations.get(t.contractUri, t.schema);
  const created: string[] = [];
  const maxKeys = ctx.maxKeys ?? CROSS_ENGINE_MAX_KEYS;
  let moved = 0;
  try {
    const side = async (engine: QueryEngine, relation: string, cols: string[], withCounts: boolean): Promise<string> => {
      const d = engine.dialect;
      const keys = cols.map((c, i) => `${d.asText(d.ident(c))} AS k${i}`).join(', ');
      const groups = cols.map((_c, i) => String(i + 1)).join(', ');
      const notNull = cols.map((c) => `${d.ident(c)} IS NOT NULL`).join(' AND ');
      const sql = `SELECT ${keys}${withCounts ? ', count(*) AS n' : ''} FROM ${relation} AS r WHERE ${notNull} GROUP BY ${groups}`;
      if (engine.id === 'duckdb') return `(${sql})`;
      const table = `clkeys_${++tables}`;
      const duck = ctx.session.duckdb;
      await duck.query(`CREATE TABLE ${table} (${cols.map((_c, i) => `k${i} VARCHAR`).join(', ')}${withCounts ? ', n BIGINT' : ''})`, { signal: ctx.signal });
      created.push(table);
      let count = 0;
      await engine.stream!(sql, BATCH, async (rows) => {
        count += rows.length;
        if (count > maxKeys) throw new Error(`more than ${maxKeys.toLocaleString('en-US')} distinct keys on ${engine.id}: too many to compare across servers. Run the relationship with both tables on one server.`);
        const values = rows.map((r) => `(${cols.map((_c, i) => (r[`k${i}`] === null ? 'NULL' : duck.dialect.string(String(r[`k${i}`])))).join(', ')}${withCounts ? `, ${Number(r.n)}` : ''})`);
        await duck.query(`INSERT INTO ${table} VALUES ${values.join(', ')}`, { signal: ctx.signal });
      }, { signal: ctx.signal });
      moved += count;
      return table;
    };
    const src = await side(ctx.source.engine, ctx.source.relation, from, true);
    const tgt = await side(targetEngine, targetRelation, to, false);
    const match = from.map((_c, i) => `t.k${i} = s.k${i}`).join(' AND ');
    const [row] = await ctx.session.duckdb.query(`SELECT coalesce(sum(s.n), 0) AS n FROM ${src} AS s WHERE NOT EXISTS (SELECT 1 FROM ${tgt} AS t WHERE ${match})`, { signal: ctx.signal });
    const n = Number(row.n);
    Object.assign(res, {
      status: n > 0 ? failStatus(rule) : 'passed',
      failedRows: n,
      totalRows: total,
      message: `${n > 0 ? `${n} row(s) point at no existing ${t.schema}.${t.columns.join(', ')}` : 'every reference resolves'} (compared across ${ctx.source.engine.id} and ${targetEngine.id}: ${moved.toLocaleString('en-US')} distinct keys moved)`,
    });
  } finally {
    for (const table of created) await ctx.session.duckdb.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}
