/**
 * Names in contract SQL, as the contract names them. A `sql` quality rule reads `FROM orders` (the schema object's
 * `name`) or `FROM sales_orders` (its `physicalName`), or uses the ecosystem's placeholders (engine/sql/placeholders):
 *
 *   {model} {table} {object}  → this rule's schema object      {column} {property} → the rule's property
 *   {schema}                  → the server's database schema   ${other}           → another schema object
 *
 * Resolution is a mapping from contract names to a relation expression that the engine provides (DuckDB: the view
 * or parsed table of the source; PostgreSQL would give `"schema"."physical"`), applied by `withNamedRelations`
 * without touching the user's text: the relations are bound as CTEs around the query. Which names a query reads
 * comes from DuckDB's own parser (`json_serialize_sql`), not from a regex.
 */
import type { Contract } from '../../model/types.js';
import { findPlaceholders } from '../../sql/placeholders.js';
import { sqlIdent as duckIdent, sqlString as duckString } from '../sandbox.js';
import type { Dialect } from '../dialects/dialect.js';

/** A schema object SQL may name, with the contract that declares it. */
export interface NamedObject {
  contractUri: string;
  /** The schema object's `name` (its data is registered under it). */
  schema: string;
}

/**
 * Every name a query may use for a schema object, lower case (DuckDB resolves names case-insensitively): this
 * contract's objects first (`name`, then `physicalName`), then those of the other contracts in play.
 */
export function namesInPlay(contract: Contract, others: Iterable<Contract>): Map<string, NamedObject> {
  const out = new Map<string, NamedObject>();
  const add = (c: Contract) => {
    for (const s of c.schemas) {
      const schema = s.name?.value;
      if (!schema) continue;
      for (const n of [schema, s.physicalName?.value]) if (n && !out.has(n.toLowerCase())) out.set(n.toLowerCase(), { contractUri: c.uri, schema });
    }
  };
  add(contract);
  for (const c of others) if (c.uri !== contract.uri) add(c);
  return out;
}

export interface ExpandContext {
  /** This rule's schema object (its name). */
  table: string;
  /** The rule's property column, for property-level rules. */
  column?: string;
  /** The server's database schema (`main` for files). */
  schema: string;
  /** Whether a name is a schema object in play (for `${other}`). */
  isObject: (name: string) => boolean;
  /** How the engine the query runs on quotes names and strings (default DuckDB's, which PostgreSQL shares). */
  quote?: Pick<Dialect, 'ident' | 'string'>;
}

/**
 * Replaces the placeholders by names the query can use as written: `{table}` → `"orders"`, `{column}` → `"email"`,
 * `{schema}` → `"main"`, or nothing at all when it only qualifies a table (`{schema}.{table}` → `"orders"`: the
 * contract's names are bound unqualified). A `${NAME:-default}` variable takes its default. Throws on a placeholder
 * that names nothing.
 */
export function expandContractSql(query: string, ctx: ExpandContext): string {
  const sqlIdent = ctx.quote?.ident ?? duckIdent;
  const sqlString = ctx.quote?.string ?? duckString;
  let out = '';
  let at = 0;
  for (const p of findPlaceholders(query)) {
    let text: string;
    let end = p.end;
    switch (p.kind) {
      case 'table':
        text = p.quote === "'" ? sqlString(ctx.table) : sqlIdent(ctx.table);
        break;
      case 'column':
        if (!ctx.column) throw new Error(`{${p.name}} is used in a rule that is not attached to a property`);
        text = p.quote === "'" ? sqlString(ctx.column) : sqlIdent(ctx.column);
        break;
      case 'schema':
        if (p.qualifies) {
          text = '';
          end = p.end + 1; // the dot: `{schema}.{table}` names the table, which is bound unqualified
        } else text = p.quote === "'" ? sqlString(ctx.schema) : sqlIdent(ctx.schema);
        break;
      case 'variable': {
        const m = /:-([^}]*)\}/.exec(query.slice(p.braceStart, p.braceEnd));
        text = (m?.[1] ?? '').trim();
        if (p.quote) text = query[p.start] + text + query[p.end - 1];
        break;
      }
      default:
        if (!ctx.isObject(p.name)) throw new Error(`\${${p.name}} names no schema object of the contracts in this run`);
        text = sqlIdent(p.name);
    }
    out += query.slice(at, p.start) + text;
    at = end;
  }
  return out + query.slice(at);
}

/**
 * The query with the given names bound to relations, in the syntax of the engine it runs on (DuckDB by default,
 * PostgreSQL, MySQL/MariaDB): each name becomes a CTE around the untouched query, so `FROM orders` reads the
 * schema object's data (its view, its `"schema"."table"`, or the table read through a `--filter`) on every engine.
 * NOT MATERIALIZED keeps DuckDB and PostgreSQL inlining it (filters and projections reach the scan); MySQL inlines
 * a CTE used once by itself and does not know the keyword. Every derived table has an alias (PostgreSQL before 16
 * and MySQL require one).
 */
export function withNamedRelations(sql: string, relations: ReadonlyMap<string, string>, dialect?: Pick<Dialect, 'ident' | 'name'>): string {
  if (!relations.size) return sql;
  const ident = dialect?.ident ?? duckIdent;
  const hint = !dialect || dialect.name === 'duckdb' || dialect.name === 'postgres' ? 'NOT MATERIALIZED ' : '';
  const ctes = [...relations].map(([name, rel]) => `${ident(name)} AS ${hint}(SELECT * FROM ${rel} AS cl_b)`);
  return `WITH ${ctes.join(', ')} SELECT * FROM (\n${sql.replace(/;\s*$/, '')}\n) AS cl_q`;
}

/**
 * A DuckDB message in the contract's terms: "Table with name X does not exist! Did you mean "cl1_orders"?" names
 * the schema objects that do exist, and no internal view or table name (cl1_…, clcheck_…) is ever shown.
 */
export function inContractTerms(message: string, known: readonly string[], wrapped = false): string {
  const missing = /Table with name ([^\s!]+) does not exist!/.exec(message);
  if (missing) {
    const name = missing[1].replace(/^"|"$/g, '');
    const near = closest(name, known);
    return `Table ${name} is not a schema object of the contracts in this run (known: ${known.join(', ') || 'none'})${near ? `; did you mean ${near}?` : '.'}`;
  }
  // A code frame of a wrapped query points into the CTEs, not into the contract's text: leave it out.
  const text = wrapped ? message.replace(/\n+\s*LINE \d+:[\s\S]*$/, '') : message;
  return text.replace(/"?\bcl(?:check_)?\d+_([A-Za-z0-9_]+)"?/g, '$1');
}

function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
