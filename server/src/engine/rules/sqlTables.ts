/**
 * CL128: a table a `sql` quality query reads that is neither a schema object of the workspace (by `name` or
 * `physicalName`, of this contract or any other contract of the workspace / CLI run) nor a placeholder. The
 * tables come from the parser's own list (CTE names and table functions are not tables), never from a regex; the
 * text is searched only to put the finding on the name as written. A warning: the database may hold tables no
 * contract describes, but most often this is a typo, or a contract written for a private table name.
 */
import type { Finding } from '../findings.js';
import type { Contract, Located, QualityRule } from '../model/types.js';
import { placeholderFor, type StandInSql } from '../sql/placeholders.js';
import type { ParsedSql, TableRef } from '../sql/types.js';
import { closest, didYouMean, findingAt, valueIndexToOffset } from './util.js';

/** Schema object names (name and physicalName) visible to contract SQL, lower case → as written. */
export type KnownTables = Map<string, string>;

export function knownTables(contracts: Iterable<Contract>): KnownTables {
  const out: KnownTables = new Map();
  for (const c of contracts) {
    for (const s of c.schemas) {
      for (const n of [s.name?.value, s.physicalName?.value]) if (typeof n === 'string' && n) out.set(n.toLowerCase(), n);
    }
  }
  return out;
}

/** System schemas every engine has: a query reading their catalog is not naming a contract's table. */
const SYSTEM_QUALIFIERS = /^(information_schema|pg_catalog|sys|mysql|performance_schema|system|duckdb_\w+)$/i;

export function checkSqlTables(text: string, rule: QualityRule & { query: Located<string> }, stand: StandInSql, parsed: ParsedSql, known: KnownTables, out: Finding[]): void {
  if (!parsed.ok) return;
  const toOffset = valueIndexToOffset(text, rule.query.node);
  const searchFrom = new Map<string, number>();
  for (const t of parsed.tables) {
    const qualifierParts = t.qualifier ? t.qualifier.split('.') : [];
    if (qualifierParts.some((q) => SYSTEM_QUALIFIERS.test(q))) continue;
    const ph = placeholderFor(stand, t.name);
    if (ph && ph.kind !== 'object') continue;
    const name = ph ? ph.name : t.name;
    if (isKnown(name, t.qualifier, known)) continue;
    const at = ph ? { start: ph.braceStart + 2, end: ph.braceEnd - 1 } : locate(stand.sql, t, searchFrom);
    const suggestion = closest(name, [...known.values()]);
    const range = at ? { start: toOffset(at.start), end: toOffset(at.end) } : { start: rule.query.node.start, end: rule.query.node.end };
    const what = ph ? `\`\${${name}}\` names no schema object` : `Table \`${name}\` is not a schema object`;
    out.push(
      findingAt('CL128', `${what} of this contract or the workspace${didYouMean(suggestion)}. Contract SQL names tables by a schema object's \`name\` or \`physicalName\`, or by a placeholder such as \`{table}\`.`, range, {
        fixes: suggestion && at ? [{ title: `Change to \`${suggestion}\``, edits: [{ range, newText: suggestion }], preferred: true }] : undefined,
      }),
    );
  }
}

function isKnown(name: string, qualifier: string | undefined, known: KnownTables): boolean {
  const n = name.toLowerCase();
  if (known.has(n)) return true;
  // A physicalName may carry its schema (`sales.orders`).
  return !!qualifier && known.has(`${qualifier}.${name}`.toLowerCase());
}

/**
 * Where the parser's table sits in the (stand-in) SQL: from the position the parser gives (DuckDB) or else the next
 * occurrence of the name as a whole word outside string literals, after the previous one found for the same name.
 */
function locate(sql: string, t: TableRef, from: Map<string, number>): { start: number; end: number } | undefined {
  const key = t.name.toLowerCase();
  const escaped = t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<![\\w$])["\`\\[]?${escaped}["\`\\]]?(?![\\w$])`, 'gi');
  // DuckDB's position is a hint (it counts code points, and points at the qualifier of a qualified name): search from
  // it, then from the start.
  for (const startAt of [t.offset ?? from.get(key) ?? 0, 0]) {
    re.lastIndex = startAt;
    for (let m = re.exec(sql); m; m = re.exec(sql)) {
      if (insideString(sql, m.index)) continue;
      from.set(key, m.index + m[0].length);
      const quoted = /^["`[]/.test(m[0]) ? 1 : 0;
      return { start: m.index + quoted, end: m.index + quoted + t.name.length };
    }
  }
  return undefined;
}

function insideString(sql: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) if (sql[i] === "'") inside = !inside;
  return inside;
}
