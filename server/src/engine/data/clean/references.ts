/**
 * Relationships, verified after cleaning: a reference must resolve among the rows that are WRITTEN of its target
 * when the target is cleaned in the same run (its quarantined rows are gone from the copy), else among the target's
 * source rows. With --strict-references the rows whose reference dangles are quarantined (rule id: the relationship
 * rule of `check`); that can make other references dangle, so the rounds repeat until nothing changes.
 */
import { sqlIdent, sqlString } from '../sandbox.js';
import type { DataSession } from '../session.js';
import { FATE } from './compile.js';
import type { SchemaPlan } from './plan.js';
import type { TableReport } from './types.js';

export interface StagedTable {
  contractUri: string;
  plan: SchemaPlan;
  /** The staged table (quoted). */
  stage: string;
  report: TableReport;
  /** Output columns classified sensitive. */
  sensitive: Set<string>;
  /** The source's column names, in its order (the quarantine keeps them). */
  sourceColumns: string[];
}

interface Reference {
  table: StagedTable;
  rule: string;
  target: string;
  against: 'cleaned' | 'source';
  where: string;
  dangling: number;
}

export async function checkAllReferences(session: DataSession, staged: StagedTable[], strict: boolean, signal?: AbortSignal): Promise<void> {
  const refs: Reference[] = [];
  for (const s of staged) {
    for (const rule of s.plan.relationships) {
      const t = rule.params.target;
      const from = rule.params.columns ?? [];
      if (!t || !from.length) {
        s.report.notEnforced.push({ rule: rule.id, why: 'the relationship target does not resolve to a property of a known contract' });
        continue;
      }
      const cleaned = staged.find((x) => x.contractUri === t.contractUri && x.plan.schema === t.schema);
      let target: string | undefined;
      if (cleaned) target = `(SELECT * FROM ${cleaned.stage} WHERE _fate = ${FATE.written})`;
      else if (session.hasRelation(t.contractUri, t.schema) && session.engineOf(t.contractUri, t.schema).id === session.duckdb.id) target = session.relation(t.contractUri, t.schema);
      if (!target) {
        const why = session.hasRelation(t.contractUri, t.schema) ? `the target ${t.schema} is on a database server and not cleaned in this run (clean it too, or run check)` : `the target ${t.schema} has no readable data`;
        s.report.notEnforced.push({ rule: rule.id, why });
        continue;
      }
      const notNull = from.map((c) => `s.${sqlIdent(c)} IS NOT NULL`).join(' AND ');
      const match = from.map((c, i) => `t.${sqlIdent(t.columns[i] ?? c)} = s.${sqlIdent(c)}`).join(' AND ');
      const where = `s._fate = ${FATE.written} AND ${notNull} AND NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE ${match})`;
      refs.push({ table: s, rule: rule.id, target: `${t.schema}.${t.columns.join(', ')}`, against: cleaned ? 'cleaned' : 'source', where, dangling: 0 });
    }
  }
  for (let round = 0; round <= staged.length; round++) {
    let changed = false;
    for (const r of refs) {
      const [row] = await session.query(`SELECT count(*) AS n FROM ${r.table.stage} AS s WHERE ${r.where}`, { signal });
      const n = Number(row.n);
      if (!strict) {
        r.dangling = n;
        continue;
      }
      if (n === 0) continue;
      await session.query(`UPDATE ${r.table.stage} AS s SET _fate = ${FATE.quarantined}, _v = list_append(_v, ${sqlString(r.rule)}) WHERE ${r.where}`, { signal });
      r.dangling += n;
      changed = true;
    }
    if (!strict || !changed) break;
  }
  for (const s of staged) {
    s.report.references = refs.filter((r) => r.table === s).map((r) => ({ rule: r.rule, target: r.target, against: r.against, dangling: r.dangling, action: strict ? 'quarantined' : 'kept' }));
    for (const r of s.report.references) {
      if (r.dangling && !strict) s.report.warnings.push(`${r.dangling} written row(s) break ${r.rule} (no ${r.target} among the ${r.against} rows): kept; --strict-references quarantines them`);
    }
  }
}
