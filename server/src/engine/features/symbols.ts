/**
 * Document symbols (the outline): the top-level sections of a contract, schema objects under `schema:` (`models:`
 * in DCS) with their properties (nested ones under their parent), and servers by name.
 */
import type { Contract, Property, SchemaObject } from '../model/types.js';
import { asScalar, keyText, resolve, type YNode, type YPair } from '../syntax/ast.js';
import type { DocumentView } from '../workspace/document.js';
import type { Range } from './common.js';

export type SymbolKind = 'section' | 'schema' | 'property' | 'server' | 'object' | 'array' | 'key';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole element. */
  range: Range;
  /** The part to reveal when the symbol is picked (its name); always inside `range`. */
  selectionRange: Range;
  children: SymbolEntry[];
}

export function documentSymbols(doc: DocumentView): SymbolEntry[] {
  const contract = doc.contract;
  if (!contract || doc.readError) return [];
  return contract.root.pairs.map((pair) => sectionSymbol(pair, contract));
}

function sectionSymbol(pair: YPair, contract: Contract): SymbolEntry {
  const key = keyText(pair);
  const value = resolve(pair.value);
  const base = entry(key, kindOf(value), { start: pair.start, end: Math.max(pair.end, pair.value.end) }, pair.key);
  if ((key === 'schema' || key === 'models') && contract.schemas.length) base.children = contract.schemas.map(schemaSymbol);
  else if (key === 'servers' && contract.servers.length) {
    base.children = contract.servers.map((s) => entry(s.name?.value ?? `server ${s.index + 1}`, 'server', s.node, s.name?.node, s.type?.value));
  } else if (value?.kind === 'scalar') base.detail = value.value === null ? undefined : String(value.value);
  base.kind = key === 'schema' || key === 'models' || key === 'servers' ? 'section' : base.kind;
  return base;
}

function schemaSymbol(schema: SchemaObject, i: number): SymbolEntry {
  const detail = schema.physicalName?.value ?? schema.physicalType?.value;
  const s = entry(schema.name?.value ?? `schema object ${i + 1}`, 'schema', schema.node, schema.name?.node, detail);
  s.children = schema.properties.map(propertySymbol);
  return s;
}

function propertySymbol(p: Property, i: number): SymbolEntry {
  const s = entry(p.name?.value ?? `property ${i + 1}`, 'property', p.node, p.name?.node, p.logicalType?.value ?? p.physicalType?.value);
  s.children = [...p.properties, ...(p.items?.properties ?? [])].map(propertySymbol);
  return s;
}

function kindOf(node: YNode | undefined): SymbolKind {
  return node?.kind === 'map' ? 'object' : node?.kind === 'seq' ? 'array' : 'key';
}

function entry(name: string, kind: SymbolKind, node: { start: number; end: number }, nameNode: YNode | undefined, detail?: string): SymbolEntry {
  // A DCS model's name is its key, before the model's mapping: the range must still contain the name.
  const sel = nameNode && asScalar(nameNode) ? { start: nameNode.start, end: nameNode.end } : { start: node.start, end: node.start };
  const range = { start: Math.min(node.start, sel.start), end: Math.max(node.end, sel.end) };
  return { name: name || '(empty)', kind, detail, range, selectionRange: sel, children: [] };
}

export interface WorkspaceSymbolEntry {
  name: string;
  kind: 'schema' | 'property';
  /** The schema object of a property (`orders`), or the contract's file name for a schema object. */
  container: string;
  uri: string;
  range: Range;
}

/**
 * Schema objects and properties of every contract whose name matches `query` as a case-insensitive subsequence
 * (what editors' "go to symbol in workspace" expects: `ordid` finds `order_id`). Stops at `limit` results.
 */
export function workspaceSymbols(contracts: Iterable<Contract>, query: string, limit = 1000): WorkspaceSymbolEntry[] {
  const q = query.toLowerCase();
  const matches = (name: string) => {
    let i = 0;
    const n = name.toLowerCase();
    for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
    return i === q.length;
  };
  const out: WorkspaceSymbolEntry[] = [];
  const file = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const visit = (props: readonly Property[], schema: string, uri: string): boolean => {
    for (const p of props) {
      if (out.length >= limit) return false;
      const name = p.name?.value;
      if (name && matches(name)) out.push({ name, kind: 'property', container: schema, uri, range: { start: p.node.start, end: p.node.end } });
      if (!visit([...p.properties, ...(p.items?.properties ?? [])], schema, uri)) return false;
    }
    return true;
  };
  for (const c of contracts) {
    for (const s of c.schemas) {
      if (out.length >= limit) return out;
      const name = s.name?.value ?? '';
      if (name && matches(name)) out.push({ name, kind: 'schema', container: file(c.uri), uri: c.uri, range: { start: s.node.start, end: s.node.end } });
      if (!visit(s.properties, name, c.uri)) return out;
    }
  }
  return out;
}
