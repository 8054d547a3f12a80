/**
 * Relationship references and the things they name, seen from a cursor: which reference the cursor is on, which
 * schema object or property a `name:` declares, and every reference in the workspace that points at a target.
 * definition.ts, hover.ts and completion.ts build on these.
 */
import type { Located, Property, Relationship, SchemaObject, Contract } from '../model/types.js';
import { parseReference, resolveReference, type ParsedReference, type ResolveResult } from '../workspace/references.js';
import type { ContractDocument, DocumentView } from '../workspace/document.js';
import type { Range } from './common.js';

/** What the services read from the workspace: documents with their text and model (WorkspaceIndex fits). */
export interface DocumentLookup {
  get(uri: string): ContractDocument | undefined;
  documents(): Iterable<ContractDocument>;
  contracts(): Iterable<Contract>;
}

export interface ReferenceAt {
  relationship: Relationship;
  side: 'to' | 'from';
  ref: Located<string>;
  parsed: ParsedReference;
}

/** A schema object, or one property of it (possibly nested). */
export interface Target {
  contract: Contract;
  schema: SchemaObject;
  property?: Property;
}

export function* allProperties(props: readonly Property[]): Generator<Property> {
  for (const p of props) {
    yield p;
    yield* allProperties(p.properties);
    if (p.items) yield* allProperties([p.items]);
  }
}

export function* allRelationships(contract: Contract): Generator<Relationship> {
  for (const s of contract.schemas) {
    yield* s.relationships;
    for (const p of allProperties(s.properties)) yield* p.relationships;
  }
}

/** The `to:`/`from:` reference whose scalar contains the offset. */
export function referenceAt(contract: Contract, offset: number): ReferenceAt | undefined {
  for (const relationship of allRelationships(contract)) {
    for (const side of ['to', 'from'] as const) {
      for (const ref of relationship[side]) {
        if (offset >= ref.node.start && offset <= ref.node.end) {
          const parsed = parseReference(ref.value);
          if (parsed) return { relationship, side, ref, parsed };
        }
      }
    }
  }
  return undefined;
}

export function resolveAt(at: ReferenceAt, contract: Contract, workspace: DocumentLookup): ResolveResult {
  return resolveReference(at.parsed, contract.uri, workspace.contracts(), contract);
}

/** The schema object or property whose `name:` value contains the offset. */
export function declarationAt(contract: Contract, offset: number): Target | undefined {
  for (const schema of contract.schemas) {
    if (schema.name && offset >= schema.name.node.start && offset <= schema.name.node.end) return { contract, schema };
    if (offset < schema.node.start || offset > schema.node.end) continue;
    for (const property of allProperties(schema.properties)) {
      if (property.name && offset >= property.name.node.start && offset <= property.name.node.end) return { contract, schema, property };
    }
  }
  return undefined;
}

/** Where a target is declared: its `name:` value, else the start of its mapping. */
export function declarationRange(target: Target): Range {
  const owner = target.property ?? target.schema;
  const node = owner.name?.node;
  return node ? { start: node.start, end: node.end } : { start: owner.node.start, end: owner.node.start };
}

/** Depth of a property under its schema object: 1 for a top-level property, 2 for a nested one… */
function depthOf(property: Property): number {
  let d = 1;
  // An array's `items` is not a level of the reference: `orders.lines.sku` names lines → items → sku.
  for (let p = property.parent; p; p = p.parent) if (!(p.parent && p.parent.items === p)) d++;
  return d;
}

/**
 * The text range of one segment of a reference (`users.user_id`: segment 0 is `users`, 1 is `user_id`), found in
 * the document text so that quoting is respected. Undefined when the scalar is written in a way we do not map
 * (escapes in a quoted string).
 */
export function segmentRange(text: string, ref: Located<string>, parsed: ParsedReference, segment: number): Range | undefined {
  if (parsed.kind !== 'shorthand' || segment >= parsed.segments.length) return undefined;
  const raw = text.slice(ref.node.start, ref.node.end);
  const trimmed = ref.value.trim();
  const at = raw.indexOf(trimmed);
  if (at < 0) return undefined;
  let start = ref.node.start + at + parsed.pathOffset;
  for (let i = 0; i < segment; i++) start += parsed.segments[i].length + 1;
  return { start, end: start + parsed.segments[segment].length };
}

export interface IncomingReference {
  uri: string;
  at: ReferenceAt;
  /** The range of the segment that names the target (what a rename replaces). */
  range: Range;
}

/**
 * Every relationship reference in the workspace that names `target` (a schema object: references into it; a
 * property: references to it or to something nested in it). Qualified references (by `id`) are included with the
 * whole scalar as range, since a rename of a name does not touch them.
 */
export function referencesTo(target: Target, workspace: DocumentLookup): IncomingReference[] {
  const out: IncomingReference[] = [];
  const segment = target.property ? depthOf(target.property) : 0;
  for (const doc of workspace.documents()) {
    const contract = doc.contract;
    if (!contract) continue;
    // A closed file's text is unpacked on each read (workspace/packedText.ts): read once per document, when needed.
    let text: string | undefined;
    for (const relationship of allRelationships(contract)) {
      for (const side of ['to', 'from'] as const) {
        for (const ref of relationship[side]) {
          const parsed = parseReference(ref.value);
          if (!parsed) continue;
          const result = resolveReference(parsed, contract.uri, workspace.contracts(), contract);
          const hit = result.targets.some((t) => t.schema === target.schema && (!target.property || (t.property && isSelfOrDescendant(t.property, target.property))));
          if (!hit) continue;
          const at = { relationship, side, ref, parsed };
          const range = parsed.kind === 'shorthand' ? segmentRange((text ??= doc.text), ref, parsed, segment) : { start: ref.node.start, end: ref.node.end };
          if (range) out.push({ uri: contract.uri, at, range });
        }
      }
    }
  }
  return out;
}

function isSelfOrDescendant(p: Property, ancestor: Property): boolean {
  for (let q: Property | undefined = p; q; q = q.parent) if (q === ancestor) return true;
  return false;
}

/** The target a cursor designates: a declaration (`name:` value) or a resolved reference. */
export function targetAt(doc: DocumentView, offset: number, workspace: DocumentLookup): Target | undefined {
  const contract = doc.contract;
  if (!contract) return undefined;
  const decl = declarationAt(contract, offset);
  if (decl) return decl;
  const at = referenceAt(contract, offset);
  if (!at) return undefined;
  const resolved = resolveAt(at, contract, workspace).targets[0];
  if (!resolved) return undefined;
  // On a reference, the segment under the cursor says which level is meant: `users` in `users.user_id` is the schema.
  const seg = segmentIndexAt(doc.text, at, offset);
  if (seg === 0 && at.parsed.kind === 'shorthand') return { contract: resolved.contract, schema: resolved.schema };
  if (resolved.property && seg !== undefined && at.parsed.kind === 'shorthand') {
    let p: Property | undefined = resolved.property;
    while (p && depthOf(p) > seg) p = p.parent;
    if (p) return { contract: resolved.contract, schema: resolved.schema, property: p };
  }
  return resolved;
}

export function segmentIndexAt(text: string, at: ReferenceAt, offset: number): number | undefined {
  for (let i = 0; i < at.parsed.segments.length; i++) {
    const r = segmentRange(text, at.ref, at.parsed, i);
    if (r && offset >= r.start && offset <= r.end) return i;
  }
  return undefined;
}

