/**
 * Navigation between contracts: go to the definition of a relationship target, find every reference to a schema
 * object or property, and rename one so that every relationship pointing at it follows (across files).
 */
import type { Contract, QualityRule } from '../model/types.js';
import { asSeq, getNode, stringValue } from '../syntax/ast.js';
import type { DocumentView } from '../workspace/document.js';
import { parseReference, resolveReference } from '../workspace/references.js';
import type { EditsByUri, Location, Range } from './common.js';
import { allProperties, declarationAt, declarationRange, referenceAt, referencesTo, resolveAt, segmentIndexAt, segmentRange, targetAt, type DocumentLookup, type Target } from './targets.js';

/** Where the reference under the cursor points (several locations when the name exists in several contracts). */
export function definition(doc: DocumentView, offset: number, workspace: DocumentLookup): Location[] {
  const contract = doc.contract;
  if (!contract) return [];
  const at = referenceAt(contract, offset);
  if (!at) return localDefinition(contract, doc.text, offset);
  const seg = segmentIndexAt(doc.text, at, offset);
  return resolveAt(at, contract, workspace).targets.map((t) => {
    // On the schema part of `users.user_id`, go to the schema object rather than the property.
    const target: Target = seg === 0 && at.parsed.kind === 'shorthand' && at.parsed.segments.length > 1 ? { contract: t.contract, schema: t.schema } : t;
    return { uri: t.contract.uri, range: declarationRange(target) };
  });
}

/**
 * Names that point inside the own contract: an SLA `element` (`orders.order_id`, several separated by commas) goes
 * to the property, a quality rule's `server`/`servers` value to the server.
 */
function localDefinition(contract: Contract, text: string, offset: number): Location[] {
  for (const sla of contract.sla) {
    const el = sla.element;
    if (!el || offset < el.node.start || offset > el.node.end) continue;
    const raw = text.slice(el.node.start, el.node.end);
    const base = el.node.start + Math.max(0, raw.indexOf(el.value));
    let at = 0;
    for (const part of el.value.split(',')) {
      const start = base + at + (part.length - part.trimStart().length);
      const name = part.trim();
      at += part.length + 1;
      if (offset < start || offset > start + name.length) continue;
      const ref = parseReference(name);
      const t = ref ? resolveReference(ref, contract.uri, [contract], contract).targets[0] : undefined;
      return t ? [{ uri: contract.uri, range: declarationRange(t) }] : [];
    }
  }
  for (const rule of allQualityRules(contract)) {
    for (const key of ['server', 'servers']) {
      const node = getNode(rule.node, key);
      const items = asSeq(node)?.items ?? (node ? [node] : []);
      for (const item of items) {
        const name = stringValue(item);
        if (name === undefined || offset < item.start || offset > item.end) continue;
        const server = contract.servers.find((s) => s.name?.value === name);
        return server?.name ? [{ uri: contract.uri, range: { start: server.name.node.start, end: server.name.node.end } }] : [];
      }
    }
  }
  return [];
}

function* allQualityRules(contract: Contract): Generator<QualityRule> {
  yield* contract.quality;
  for (const s of contract.schemas) {
    yield* s.quality;
    for (const p of allProperties(s.properties)) yield* p.quality;
  }
}

/** Every reference to the target under the cursor (a `name:` value or a reference), optionally with its declaration. */
export function references(doc: DocumentView, offset: number, workspace: DocumentLookup, includeDeclaration: boolean): Location[] {
  const target = targetAt(doc, offset, workspace);
  if (!target) return [];
  const out: Location[] = includeDeclaration ? [{ uri: target.contract.uri, range: declarationRange(target) }] : [];
  for (const r of referencesTo(target, workspace)) out.push({ uri: r.uri, range: r.range });
  return out;
}

export interface RenameTarget {
  /** What the editor highlights for the rename (the name under the cursor). */
  range: Range;
  placeholder: string;
}

/** Whether the cursor is on something that can be renamed: a schema object's or property's name, or a reference segment naming one. */
export function prepareRename(doc: DocumentView, offset: number, workspace: DocumentLookup): RenameTarget | undefined {
  const contract = doc.contract;
  if (!contract) return undefined;
  const decl = declarationAt(contract, offset);
  if (decl) {
    const name = (decl.property ?? decl.schema).name!;
    const range = valueRange(doc.text, name.node.start, name.node.end, name.value);
    return { range, placeholder: name.value };
  }
  const at = referenceAt(contract, offset);
  if (!at || at.parsed.kind !== 'shorthand' || !targetAt(doc, offset, workspace)) return undefined;
  const seg = segmentIndexAt(doc.text, at, offset);
  if (seg === undefined) return undefined;
  const range = segmentRange(doc.text, at.ref, at.parsed, seg)!;
  return { range, placeholder: at.parsed.segments[seg] };
}

/** A name that can appear as one segment of a shorthand reference (`schema.property`, `file.yaml#…`). */
export function renameProblem(newName: string): string | undefined {
  if (/^[^\s.#:/'"]+$/.test(newName)) return undefined;
  return `"${newName}" cannot be used as a name in relationship references (no spaces, dots, '#', ':', '/' or quotes).`;
}

/** The edits of a rename: the declaration's name and the matching segment of every reference to it. */
export function rename(doc: DocumentView, offset: number, newName: string, workspace: DocumentLookup): EditsByUri | undefined {
  const target = targetAt(doc, offset, workspace);
  if (!target) return undefined;
  const name = (target.property ?? target.schema).name;
  if (!name) return undefined;
  const edits: EditsByUri = new Map();
  const add = (uri: string, range: Range) => {
    const list = edits.get(uri) ?? [];
    if (!list.some((e) => e.range.start === range.start)) list.push({ range, newText: newName });
    edits.set(uri, list);
  };
  const declDoc = workspace.get(target.contract.uri);
  if (declDoc) add(target.contract.uri, valueRange(declDoc.text, name.node.start, name.node.end, name.value));
  for (const r of referencesTo(target, workspace)) {
    // Qualified references (by id) are not affected by a name change: their range is the whole scalar.
    if (r.at.parsed.kind === 'shorthand') add(r.uri, r.range);
  }
  return edits;
}

/** The range of a scalar's content, inside its quotes when it is quoted. */
function valueRange(text: string, start: number, end: number, value: string): Range {
  const at = text.slice(start, end).indexOf(value);
  return at < 0 ? { start, end } : { start: start + at, end: start + at + value.length };
}
