/**
 * Completion: the keys the schema allows at the cursor, enum values of the value being typed, and schema/property
 * names (across the workspace) for a relationship's `to:`/`from:`.
 */
import { posix } from 'node:path';
import type { Contract, Property } from '../model/types.js';
import { documentToJS } from '../syntax/parse.js';
import { lineStartOf } from '../text/lines.js';
import type { DocumentView } from '../workspace/document.js';
import type { JsonPath, Range } from './common.js';
import { cursorContext, type CursorContext } from './cursor.js';
import { defaultKnowledge, type KeyDoc, type SchemaKnowledge } from './schemaInfo.js';
import { allProperties, allRelationships, type DocumentLookup } from './targets.js';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value' | 'schema' | 'property';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The text that replaces `range`; a snippet (`$1`, `${1|a,b|}`) when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  range: Range;
  sortText?: string;
  filterText?: string;
}

export function complete(doc: DocumentView, offset: number, workspace: DocumentLookup, knowledge: SchemaKnowledge | undefined = defaultKnowledge): CompletionEntry[] {
  const contract = doc.contract;
  if (!contract || doc.readError) return [];
  const ctx = cursorContext(doc.text, doc.parsed.root, offset);
  if (!ctx) return [];
  // The value being typed is not a valid value yet (null, or half a word): the describer picks conditional branches
  // from the document's values (a quality rule with a `metric` string is a library rule), so it sees a string there.
  const value = ctx.kind === 'value' ? withValueAt(documentToJS(doc.parsed).value, ctx.path, ctx.prefix) : documentToJS(doc.parsed).value;
  const info = (path: JsonPath) => knowledge?.(contract.format, contract.formatVersion?.value, path, value);

  if (isReferencePath(ctx.path)) return referenceEntries(ctx, contract, workspace);
  const named = [...ctx.path].reverse().find((p): p is string => typeof p === 'string');
  // Values that name something of this contract: an SLA's `element` (schema.property), a quality rule's server.
  if (ctx.path[0] === 'slaProperties' && named === 'element') return elementEntries(ctx, contract);
  if (ctx.path.includes('quality') && (named === 'server' || named === 'servers')) {
    return contract.servers.flatMap((sv) => (sv.name ? [{ label: sv.name.value, kind: 'value' as const, detail: sv.type?.value ? `server · ${sv.type.value}` : 'server', insertText: (ctx.kind === 'value' && ctx.needsSpace ? ' ' : '') + sv.name.value, range: ctx.replace }] : []));
  }
  const here = info(ctx.path);
  if (ctx.kind === 'key' && !(ctx.newItem && here && here.keys.length === 0 && here.type !== 'object')) {
    if (!here) return [];
    const present = new Set(ctx.map?.pairs.map((p) => String(p.key.value ?? '')) ?? []);
    const typedKeyAt = ctx.map?.pairs.find((p) => p.key.start === ctx.replace.start);
    if (typedKeyAt) present.delete(String(typedKeyAt.key.value));
    const column = ctx.replace.start - lineStartOf(doc.text, ctx.replace.start);
    const hasColonAfter = doc.text.slice(ctx.replace.end).startsWith(':');
    return here.keys.filter((k) => !present.has(k.name)).map((k) => keyEntry(k, ctx.replace, column, hasColonAfter));
  }
  const values = here?.enumValues ?? (here?.type === 'boolean' ? [true, false] : undefined);
  if (!values) return [];
  const lead = ctx.kind === 'value' && ctx.needsSpace ? ' ' : '';
  return values.map((v, i) => ({
    label: String(v),
    kind: 'value' as const,
    detail: here?.description ? firstSentence(here.description) : undefined,
    insertText: lead + yamlScalar(v),
    range: ctx.replace,
    sortText: String(i).padStart(4, '0'),
  }));
}

/** A copy of `root` with `value` at `path`; only the containers along the path are copied (the rest is cached JS). */
function withValueAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') {
    const copy = [...root];
    copy[head] = withValueAt(root[head], rest, value);
    return copy;
  }
  if (typeof root === 'object' && root !== null && !Array.isArray(root)) {
    return { ...(root as Record<string, unknown>), [head]: withValueAt((root as Record<string, unknown>)[head], rest, value) };
  }
  return root;
}

function keyEntry(k: KeyDoc, range: Range, column: number, hasColonAfter: boolean): CompletionEntry {
  const indent = ' '.repeat(column + 2);
  let insertText: string;
  let snippet = true;
  if (hasColonAfter) {
    insertText = k.name; // editing an existing key's name: keep its value
    snippet = false;
  } else if (k.type === 'object') insertText = `${k.name}:\n${indent}$0`;
  else if (k.type === 'array') insertText = `${k.name}:\n${indent}- $0`;
  else if (k.enumValues?.length) insertText = `${k.name}: \${1|${k.enumValues.map((v) => String(v).replace(/[,|\\$}]/g, '\\$&')).join(',')}|}`;
  else insertText = `${k.name}: $0`;
  return {
    label: k.name,
    kind: 'key',
    detail: [k.type, k.required ? 'required' : undefined].filter(Boolean).join(' · ') || undefined,
    documentation: k.description,
    insertText,
    snippet,
    range,
    // Required keys first, then alphabetical.
    sortText: `${k.required ? '0' : '1'}${k.name}`,
  };
}

/** `…relationships[i].to`, `…relationships[i].to[j]` (and `from`). */
export function isReferencePath(path: JsonPath): boolean {
  const i = path.lastIndexOf('relationships');
  if (i < 0) return false;
  const rest = path.slice(i + 1);
  return typeof rest[0] === 'number' && (rest[1] === 'to' || rest[1] === 'from') && (rest.length === 2 || (rest.length === 3 && typeof rest[2] === 'number'));
}

function referenceEntries(ctx: CursorContext, own: Contract, workspace: DocumentLookup): CompletionEntry[] {
  const typed = ctx.prefix;
  const hash = typed.indexOf('#');
  const typedFile = hash >= 0 ? typed.slice(0, hash) : undefined;
  const ownNames = new Set(own.schemas.map((s) => s.name?.value).filter(Boolean));
  const lead = ctx.kind === 'value' && ctx.needsSpace ? ' ' : '';
  // A foreign key points at a property of the same logical type: those come first.
  const at = ctx.replace.start;
  const fromType = [...allRelationships(own)].find((r) => at >= r.node.start && at <= r.node.end)?.property?.logicalType?.value;
  const out: CompletionEntry[] = [];
  for (const contract of workspace.contracts()) {
    const rel = contract.uri === own.uri ? undefined : relativeFile(own.uri, contract.uri);
    if (typedFile !== undefined && typedFile !== (rel ?? '')) continue;
    for (const schema of contract.schemas) {
      const schemaName = schema.name?.value;
      if (!schemaName) continue;
      // Without a file part, a name is looked up in the own contract first: a same-named schema elsewhere needs `file#`.
      const prefix = typedFile !== undefined || (rel && ownNames.has(schemaName)) ? `${rel ?? ''}#` : '';
      const file = rel ?? 'this contract';
      out.push({ label: prefix + schemaName, kind: 'schema', detail: `schema object · ${file}`, documentation: schema.description?.value, insertText: lead + prefix + schemaName, range: ctx.replace, sortText: `9${schemaName}` });
      for (const p of allProperties(schema.properties)) {
        const path = referencePath(p);
        if (!path) continue;
        const label = `${prefix}${schemaName}.${path}`;
        out.push({
          label,
          kind: 'property',
          detail: [p.logicalType?.value ?? p.physicalType?.value, p.primaryKey?.value ? 'primary key' : undefined, file].filter(Boolean).join(' · '),
          documentation: p.description?.value,
          insertText: lead + label,
          range: ctx.replace,
          // Keys of the same type are what foreign keys point at: those first, then other keys, then the rest.
          sortText: `${fromType && p.logicalType?.value === fromType ? '0' : '1'}${p.primaryKey?.value || p.unique?.value ? '0' : '1'}${label}`,
        });
      }
    }
  }
  return out;
}

/** `schema.property` names of the own contract, as an SLA `element` names them. */
function elementEntries(ctx: CursorContext, own: Contract): CompletionEntry[] {
  const lead = ctx.kind === 'value' && ctx.needsSpace ? ' ' : '';
  const out: CompletionEntry[] = [];
  for (const schema of own.schemas) {
    const name = schema.name?.value;
    if (!name) continue;
    out.push({ label: name, kind: 'schema', detail: 'schema object', insertText: lead + name, range: ctx.replace, sortText: `1${name}` });
    for (const p of allProperties(schema.properties)) {
      const path = referencePath(p);
      if (path) out.push({ label: `${name}.${path}`, kind: 'property', detail: p.logicalType?.value, documentation: p.description?.value, insertText: `${lead}${name}.${path}`, range: ctx.replace, sortText: `0${name}.${path}` });
    }
  }
  return out;
}

/** `address.city` for a nested property; array `items` are not a level of a reference. */
function referencePath(p: Property): string | undefined {
  const names: string[] = [];
  for (let q: Property | undefined = p; q; q = q.parent) {
    if (q.parent && q.parent.items === q) continue;
    if (!q.name?.value) return undefined;
    names.unshift(q.name.value);
  }
  return names.join('.');
}

/** `file:///w/orders.odcs.yaml` → `file:///w/users.odcs.yaml` gives `users.odcs.yaml`. */
function relativeFile(fromUri: string, toUri: string): string {
  try {
    const from = decodeURIComponent(new URL(fromUri).pathname);
    const to = decodeURIComponent(new URL(toUri).pathname);
    return posix.relative(posix.dirname(from), to);
  } catch {
    return toUri;
  }
}

function yamlScalar(v: unknown): string {
  if (typeof v !== 'string') return String(v);
  // Quote what YAML would otherwise read as another type or syntax.
  return /^(true|false|null|yes|no|on|off|~|[-+]?[\d.].*)$/i.test(v) || /[:#{}[\],&*!|>'"%@`]/.test(v) || v.trim() !== v || v === '' ? JSON.stringify(v) : v;
}

export function firstSentence(text: string): string {
  const m = /^[\s\S]*?[.!?](\s|$)/.exec(text);
  return (m ? m[0] : text).trim();
}
