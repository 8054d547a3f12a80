/**
 * Nested DuckDB types as DESCRIBE prints them: `STRUCT(page VARCHAR, device STRUCT(os VARCHAR))`,
 * `STRUCT(sku VARCHAR, qty BIGINT)[]`, `STRUCT("a b" INTEGER)`, `MAP(VARCHAR, STRUCT(a INTEGER))`. Drift and check
 * compare nested contract properties with the fields, elements, keys and values found here, exactly as top-level
 * properties with columns.
 */
import type { ColumnInfo } from './session.js';

/** Splits `a, b(c, d), "e, f"` at top-level commas. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') i++;
        else quoted = false;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** The fields of a STRUCT type, or undefined for any other type. Fields are nullable as far as DuckDB says. */
export function structFields(type: string): ColumnInfo[] | undefined {
  const t = type.trim();
  if (!/^STRUCT\s*\(/i.test(t) || !t.endsWith(')')) return undefined;
  const body = t.slice(t.indexOf('(') + 1, -1);
  const fields: ColumnInfo[] = [];
  for (const part of splitTopLevel(body)) {
    let name: string;
    let rest: string;
    if (part.startsWith('"')) {
      let i = 1;
      name = '';
      while (i < part.length) {
        if (part[i] === '"' && part[i + 1] === '"') {
          name += '"';
          i += 2;
        } else if (part[i] === '"') break;
        else name += part[i++];
      }
      rest = part.slice(i + 1).trim();
    } else {
      const sp = part.search(/\s/);
      if (sp < 0) return undefined;
      name = part.slice(0, sp);
      rest = part.slice(sp + 1).trim();
    }
    fields.push({ name, type: rest, nullable: true });
  }
  return fields;
}

/** `T[]` / `T[3]` → `T`; undefined when the type is not a list or array. */
export function listElement(type: string): string | undefined {
  const m = /^(.*)\[\d*\]$/s.exec(type.trim());
  return m ? m[1].trim() : undefined;
}

/**
 * The key and value types of a map: DuckDB's `MAP(K, V)`; PostgreSQL's `hstore` (text to text); a JSON object
 * (`json`/`jsonb`), whose keys are text and whose values have no one type (value undefined). Undefined otherwise.
 */
export function mapParts(type: string): { key: string; value?: string } | undefined {
  const t = type.trim();
  const m = /^MAP\s*\((.*)\)$/is.exec(t);
  if (m) {
    const parts = splitTopLevel(m[1]);
    return parts.length === 2 ? { key: parts[0], value: parts[1] } : undefined;
  }
  const lower = t.toLowerCase();
  if (/(^|\.)hstore$/.test(lower)) return { key: 'text', value: 'text' };
  if (lower === 'json' || lower === 'jsonb') return { key: 'text' };
  return undefined;
}
