/**
 * The placeholder SYNTAX of contract SQL, as the ecosystem writes it (ODCS examples, datacontract-cli):
 *
 *   `{model}` `{table}` `{object}`   this rule's schema object (its table)
 *   `{column}` `{property}`          the property of a property-level rule
 *   `{schema}`                       the server's database schema (`schema` field; `main` for files)
 *   `${other}`                       another schema object, by name
 *   `${NAME:-default}`               a variable with a default (shell style)
 *
 * each with or without `$`, with optional spaces inside the braces, and optionally wrapped in quotes (`"{table}"`,
 * `` `{table}` ``, `'{column}'`, `[{table}]`). A bare `{name}` is a placeholder only for the well-known names above:
 * braces also occur in SQL string literals (`'{a}'`, JSON), and only `${…}` says "this is a name" unambiguously.
 *
 * This module only FINDS placeholders and replaces them; what they expand to at run time (relations, columns,
 * schemas) belongs to the data layer, and lint uses `withStandIns` to parse the SQL with placeholders in it.
 */

/**
 * What a placeholder stands for. `object` is `${other}`: the schema object named `name`; `variable` is a
 * `${NAME:-default}` variable with a default value (a value, never a name).
 */
export type PlaceholderKind = 'table' | 'column' | 'schema' | 'object' | 'variable';

export interface Placeholder {
  /** The whole placeholder as written, quotes included: `"${table}"` (UTF-16 indices into the SQL). */
  start: number;
  end: number;
  /** The braces only: `${table}`. */
  braceStart: number;
  braceEnd: number;
  /** The name inside the braces, as written (`table`, `Orders`, `my.object`). */
  name: string;
  kind: PlaceholderKind;
  /** Written with a leading `$`. */
  dollar: boolean;
  /** The quote around it, if any. `'` means the placeholder sits in a string literal (its text, not a name). */
  quote?: '"' | '`' | "'" | '[';
  /** Directly followed by `.` (ignoring quotes): a qualifier such as `{schema}.{table}` or `${schema}.orders`. */
  qualifies: boolean;
}

const WELL_KNOWN: Record<string, PlaceholderKind> = {
  model: 'table',
  table: 'table',
  object: 'table',
  column: 'column',
  property: 'column',
  schema: 'schema',
};

/** `${ name }` / `${NAME:-default}` (any name) or `{name}` (well-known names only, checked after matching). */
const BRACES = /(\$?)\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*(:-[^}\n]*)?\}/g;
const CLOSING: Record<string, string> = { '"': '"', '`': '`', "'": "'", '[': ']' };

/** Every placeholder in `sql`, in order. Comments are not skipped: a placeholder in a comment is harmless either way. */
export function findPlaceholders(sql: string): Placeholder[] {
  const out: Placeholder[] = [];
  BRACES.lastIndex = 0;
  for (let m = BRACES.exec(sql); m; m = BRACES.exec(sql)) {
    const dollar = m[1] === '$';
    const name = m[2];
    const known = WELL_KNOWN[name.toLowerCase()];
    const variable = m[3] !== undefined;
    if (!dollar && (!known || variable)) continue;
    const braceStart = m.index;
    const braceEnd = m.index + m[0].length;
    let start = braceStart;
    let end = braceEnd;
    let quote: Placeholder['quote'];
    const before = sql[braceStart - 1];
    if (before && before in CLOSING && sql[braceEnd] === CLOSING[before]) {
      quote = before as Placeholder['quote'];
      start--;
      end++;
    }
    out.push({ start, end, braceStart, braceEnd, name, kind: variable ? 'variable' : (known ?? 'object'), dollar, quote, qualifies: sql[end] === '.' });
  }
  return out;
}

/**
 * Replaces every placeholder by what `replacement` returns for it. The replacement covers the whole placeholder
 * (quotes included), so a run-time expander can return an already-quoted identifier; return `undefined` to keep
 * a placeholder as written.
 */
export function replacePlaceholders(sql: string, replacement: (p: Placeholder) => string | undefined): string {
  let out = '';
  let at = 0;
  for (const p of findPlaceholders(sql)) {
    const r = replacement(p);
    if (r === undefined) continue;
    out += sql.slice(at, p.start) + r;
    at = p.end;
  }
  return out + sql.slice(at);
}

export interface StandInSql {
  /** The SQL with each placeholder's braces replaced by an identifier of exactly the same length. */
  sql: string;
  /** Stand-in identifier (lower case) → the placeholder it replaced. */
  standIns: Map<string, Placeholder>;
  placeholders: Placeholder[];
}

/**
 * The SQL made parseable for lint: each placeholder's braces become a plain identifier of the same length (quotes
 * stay, so `"{table}"` is still a quoted identifier and `'{column}'` still a string), hence every position a parser
 * reports is a position in the query as written. Stand-ins are `p0_____`-like and unique while the length allows;
 * `placeholderFor` maps a name a parser returns back to its placeholder.
 */
export function withStandIns(sql: string): StandInSql {
  const placeholders = findPlaceholders(sql);
  const standIns = new Map<string, Placeholder>();
  let out = '';
  let at = 0;
  placeholders.forEach((p, i) => {
    const len = p.braceEnd - p.braceStart;
    const tag = `p${i.toString(36)}`;
    const id = (tag.length <= len ? tag : 'p').padEnd(len, '_');
    if (!standIns.has(id)) standIns.set(id, p);
    out += sql.slice(at, p.braceStart) + id;
    at = p.braceEnd;
  });
  return { sql: out + sql.slice(at), standIns, placeholders };
}

/** The placeholder a (stand-in) name a parser reported came from, if it is one. Case-insensitive, quotes trimmed. */
export function placeholderFor(stand: StandInSql, name: string): Placeholder | undefined {
  return stand.standIns.get(name.replace(/^["`[]|["`\]]$/g, '').toLowerCase());
}
