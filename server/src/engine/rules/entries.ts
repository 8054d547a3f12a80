/**
 * The entries of a contract that the metadata rules look into (ids, customProperties), listed once per analysis:
 * walking the whole YAML tree on every keystroke costs ~10 ms per rule at 50,000 lines, listing the entries from the
 * model costs a fraction of that. Cached per Contract object (a new model per edit, so never stale).
 */
import type { Contract, Property, QualityRule, Relationship } from '../model/types.js';
import { asMap, asSeq, getNode, type YMap, type YPair, type YSeq } from '../syntax/ast.js';
import { allProperties } from './util.js';

export interface ContractEntries {
  properties: Property[];
  quality: QualityRule[];
  relationships: Relationship[];
  roles: YMap[];
  teamMembers: YMap[];
  /** The `id` pairs and `customProperties` lists of every entry (the root and all of the above, servers, support, SLAs). */
  ids: YPair[];
  customProperties: YSeq[];
}

const cache = new WeakMap<Contract, ContractEntries>();

export function entriesOf(contract: Contract): ContractEntries {
  let e = cache.get(contract);
  if (e) return e;
  const properties: Property[] = [];
  const quality: QualityRule[] = [...contract.quality];
  const relationships: Relationship[] = [];
  for (const s of contract.schemas) {
    quality.push(...s.quality);
    relationships.push(...s.relationships);
    for (const p of allProperties(s.properties)) {
      properties.push(p);
      if (p.quality.length) quality.push(...p.quality);
      if (p.relationships.length) relationships.push(...p.relationships);
    }
  }
  const mapsOf = (key: string, root: YMap | undefined = contract.root) => (asSeq(getNode(root, key))?.items ?? []).map(asMap).filter((m): m is YMap => !!m);
  const team = getNode(contract.root, 'team');
  const teamMap = asMap(team);
  const roles = mapsOf('roles');
  const teamMembers = teamMap ? mapsOf('members', teamMap) : mapsOf('team');
  const extra = [asMap(getNode(contract.root, 'description')), asMap(getNode(contract.root, 'price')), teamMap].filter((m): m is YMap => !!m);
  // One pass over the pairs, comparing key values directly: this runs on every keystroke over thousands of entries.
  const ids: YPair[] = [];
  const customProperties: YSeq[] = [];
  const scan = (m: YMap) => {
    for (const p of m.pairs) {
      const k = p.key.value;
      if (k === 'id') ids.push(p);
      else if (k === 'customProperties' && p.value.kind === 'seq') customProperties.push(p.value);
    }
  };
  scan(contract.root);
  for (const m of extra) scan(m);
  for (const s of contract.schemas) scan(s.node);
  for (const p of properties) scan(p.node);
  for (const q of quality) scan(q.node);
  for (const r of relationships) scan(r.node);
  for (const s of contract.servers) scan(s.node);
  for (const s of contract.sla) scan(s.node);
  for (const m of roles) scan(m);
  for (const m of teamMembers) scan(m);
  for (const m of mapsOf('support')) scan(m);
  e = { properties, quality, relationships, roles, teamMembers, ids, customProperties };
  cache.set(contract, e);
  return e;
}
