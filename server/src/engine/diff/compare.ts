/**
 * Breaking-change detection: two versions of one contract (or one side missing: added, deleted) → changes.
 * A pure function of two parsed contracts; reading versions from git is engine/git's job, printing is the CLI's.
 */
import type { Contract, SchemaObject, Server, SlaProperty } from '../model/types.js';
import { getPair } from '../syntax/ast.js';
import { levelRank, type Change } from './changes.js';
import { ChangeCollector, nodeJS, sameValue } from './collector.js';
import { matchItems } from './match.js';
import { compareMetadata } from './metadata.js';
import { compareProperties } from './properties.js';
import { compareQuality, compareRelationships } from './quality.js';

const TOP_HANDLED = new Set(['apiVersion', 'version', 'status', 'schema', 'servers', 'slaProperties', 'models', 'dataContractSpecification']);
const SCHEMA_HANDLED = new Set(['id', 'name', 'physicalName', 'physicalType', 'logicalType', 'properties', 'quality', 'relationships', 'type', 'fields']);

export interface ContractComparison {
  changes: Change[];
  /** The contract's `version` major number went up: breaking changes are announced, so they do not fail the run. */
  majorVersionBump: boolean;
}

export function compareContracts(before: Contract | undefined, after: Contract | undefined): ContractComparison {
  const out = new ChangeCollector();
  if (!before && after) {
    out.add({ code: 'CL300', level: 'info', subject: after.name?.value ?? after.id?.value ?? 'contract', message: `Contract ${after.name?.value ?? after.id?.value ?? ''} added.`.replace('  ', ' '), at: { side: 'new', node: after.id?.node ?? after.root }, after: after.version?.value });
  } else if (before && !after) {
    out.add({ code: 'CL301', level: 'breaking', breaks: ['consumers'], subject: before.name?.value ?? before.id?.value ?? 'contract', message: `Contract ${before.name?.value ?? before.id?.value ?? ''} removed: every consumer of this data loses its contract.`.replace('  ', ' '), at: { side: 'old', node: before.id?.node ?? before.root }, before: before.version?.value });
  } else if (before && after) {
    compareHeader(out, before, after);
    compareSchemas(out, before.schemas, after.schemas);
    compareServers(out, before.servers, after.servers);
    compareSla(out, before.sla, after.sla);
    compareQuality(out, 'contract', before.quality, after.quality);
    compareMetadata(out, 'contract', before.root, after.root, TOP_HANDLED, anchorOf(after));
  }
  const changes = out.changes.sort((a, b) => levelRank[a.level] - levelRank[b.level] || (a.side === b.side ? a.range.start - b.range.start : a.side === 'new' ? -1 : 1));
  return { changes, majorVersionBump: majorBump(before?.version?.value, after?.version?.value) };
}

function compareHeader(out: ChangeCollector, b: Contract, a: Contract): void {
  const bApi = b.formatVersion?.value;
  const aApi = a.formatVersion?.value;
  if (bApi !== aApi) {
    const major = majorOf(bApi) !== majorOf(aApi);
    out.add({ code: 'CL323', level: major ? 'breaking' : 'info', breaks: ['consumers', 'producers'], subject: 'apiVersion', message: major ? `apiVersion changed from ${bApi} to ${aApi}: a new major version of the standard; tools reading the contract must follow.` : `apiVersion changed from ${bApi} to ${aApi}.`, at: { side: 'new', node: a.formatVersion?.node ?? anchorOf(a) }, before: bApi, after: aApi });
  }
  if (b.version?.value !== a.version?.value) {
    const bump = majorBump(b.version?.value, a.version?.value);
    out.add({ code: 'CL330', level: 'info', subject: 'version', message: `Contract version ${b.version?.value ?? '(none)'} → ${a.version?.value ?? '(none)'}${bump ? ' (major version bump: breaking changes are announced)' : ''}.`, at: { side: 'new', node: a.version?.node ?? anchorOf(a) }, before: b.version?.value, after: a.version?.value });
  }
  if (b.status?.value !== a.status?.value) {
    const retiring = ['deprecated', 'retired'].includes(a.status?.value ?? '');
    out.add({ code: 'CL331', level: retiring ? 'warning' : 'info', breaks: ['consumers'], subject: 'status', message: `Contract status changed from ${b.status?.value ?? '(none)'} to ${a.status?.value ?? '(none)'}${retiring ? ': consumers should plan to move off this data' : ''}.`, at: { side: 'new', node: a.status?.node ?? anchorOf(a) }, before: b.status?.value, after: a.status?.value });
  }
}

function compareSchemas(out: ChangeCollector, before: SchemaObject[], after: SchemaObject[]): void {
  const keyed = (ss: SchemaObject[]) => ss.map((s) => ({ item: s, id: s.id?.value, name: s.name?.value }));
  const m = matchItems(keyed(before), keyed(after));
  for (const s of m.removed) {
    const name = s.name?.value ?? `#${s.index}`;
    out.add({ code: 'CL302', level: 'breaking', breaks: ['consumers'], subject: name, message: `Schema object ${name} removed: consumers reading it break.`, at: { side: 'old', node: s.name?.node ?? s.node }, before: name });
  }
  for (const s of m.added) {
    const name = s.name?.value ?? `#${s.index}`;
    out.add({ code: 'CL303', level: 'info', subject: name, message: `Schema object ${name} added.`, at: { side: 'new', node: s.name?.node ?? s.node }, after: name });
  }
  for (const { before: b, after: a, renamed } of m.pairs) {
    const name = a.name?.value ?? `#${a.index}`;
    const anchor = a.name?.node ?? a.node;
    const bTable = b.physicalName?.value ?? b.name?.value;
    const aTable = a.physicalName?.value ?? a.name?.value;
    if (renamed || bTable !== aTable) {
      const physical = bTable !== aTable;
      out.add({ code: 'CL307', level: physical ? 'breaking' : 'warning', breaks: physical ? ['consumers', 'producers'] : ['consumers'], subject: name, message: !renamed ? `Schema object ${name}: the table in the data changes from ${bTable} to ${aTable}; readers and writers must follow.` : physical ? `Schema object ${b.name?.value} renamed to ${name} (same id): the table changes from ${bTable} to ${aTable}.` : `Schema object ${b.name?.value} renamed to ${name} (same id, same table ${aTable}): references by name must follow.`, at: { side: 'new', node: getPair(a.node, physical && a.physicalName ? 'physicalName' : 'name')?.value ?? anchor }, before: renamed ? b.name?.value : bTable, after: renamed ? a.name?.value : aTable });
    }
    if (b.physicalType?.value !== a.physicalType?.value) {
      out.add({ code: 'CL309', level: 'warning', breaks: ['consumers', 'producers'], subject: name, message: `${name}: physicalType changed.`, at: { side: 'new', node: a.physicalType?.node ?? anchor }, before: b.physicalType?.value, after: a.physicalType?.value });
    }
    if (b.logicalType?.value !== a.logicalType?.value) {
      out.add({ code: 'CL308', level: 'breaking', breaks: ['consumers', 'producers'], subject: name, message: `${name}: logicalType changed.`, at: { side: 'new', node: a.logicalType?.node ?? anchor }, before: b.logicalType?.value, after: a.logicalType?.value });
    }
    compareProperties(out, name, b.properties, a.properties);
    compareQuality(out, name, b.quality, a.quality);
    compareRelationships(out, name, b.relationships, a.relationships);
    compareMetadata(out, name, b.node, a.node, SCHEMA_HANDLED, anchor);
  }
}

function compareServers(out: ChangeCollector, before: Server[], after: Server[]): void {
  const keyed = (ss: Server[]) => ss.map((s) => ({ item: s, name: s.name?.value ?? `#${s.index}` }));
  const m = matchItems(keyed(before), keyed(after));
  for (const s of m.removed) {
    const name = s.name?.value ?? `#${s.index}`;
    out.add({ code: 'CL321', level: 'breaking', breaks: ['consumers'], subject: `servers.${name}`, message: `Server ${name} removed: consumers reading the data there break.`, at: { side: 'old', node: s.name?.node ?? s.node }, before: s.type?.value ?? name });
  }
  for (const s of m.added) {
    const name = s.name?.value ?? `#${s.index}`;
    out.add({ code: 'CL322', level: 'info', subject: `servers.${name}`, message: `Server ${name} added.`, at: { side: 'new', node: s.name?.node ?? s.node }, after: s.type?.value ?? name });
  }
  for (const { before: b, after: a } of m.pairs) {
    const name = a.name?.value ?? `#${a.index}`;
    const keys = new Set([...b.node.pairs.map((p) => String(p.key.value)), ...a.node.pairs.map((p) => String(p.key.value))]);
    for (const key of keys) {
      if (key === 'server') continue;
      const bv = nodeJS(getPair(b.node, key)?.value);
      const av = nodeJS(getPair(a.node, key)?.value);
      if (sameValue(bv, av)) continue;
      const docOnly = key === 'description';
      out.add({ code: docOnly ? 'CL329' : 'CL322', level: docOnly ? 'info' : 'warning', breaks: ['consumers'], subject: `servers.${name}`, message: `Server ${name}: ${key} changed${docOnly ? '' : '; consumers reading from the old location must follow'}.`, at: { side: 'new', node: getPair(a.node, key)?.value ?? a.name?.node ?? a.node }, before: bv, after: av });
    }
  }
}

function compareSla(out: ChangeCollector, before: SlaProperty[], after: SlaProperty[]): void {
  const keyed = (ss: SlaProperty[]) => ss.map((s) => ({ item: s, name: `${s.property?.value ?? ''}@${s.element?.value ?? ''}` }));
  const m = matchItems(keyed(before), keyed(after));
  for (const s of m.removed) {
    out.add({ code: 'CL328', level: 'warning', breaks: ['consumers'], subject: `sla.${s.property?.value}`, message: `SLA ${s.property?.value ?? ''} removed: consumers lose this guarantee.`, at: { side: 'old', node: s.property?.node ?? s.node }, before: slaText(s) });
  }
  for (const s of m.added) {
    out.add({ code: 'CL328', level: 'warning', breaks: ['producers'], subject: `sla.${s.property?.value}`, message: `SLA ${s.property?.value ?? ''} added: producers must meet it.`, at: { side: 'new', node: s.property?.node ?? s.node }, after: slaText(s) });
  }
  for (const { before: b, after: a } of m.pairs) {
    if (slaText(b) === slaText(a)) continue;
    out.add({ code: 'CL328', level: 'warning', breaks: ['consumers', 'producers'], subject: `sla.${a.property?.value}`, message: `SLA ${a.property?.value ?? ''} changed.`, at: { side: 'new', node: a.value?.node ?? a.node }, before: slaText(b), after: slaText(a) });
  }
}

function slaText(s: SlaProperty): string {
  return `${s.value ? JSON.stringify(s.value.value) : ''}${s.unit ? ' ' + s.unit.value : ''}`.trim();
}

function anchorOf(c: Contract): { start: number; end: number } {
  return c.id?.node ?? c.name?.node ?? c.root.pairs[0]?.key ?? c.root;
}

/** `v3.1.0` → 3, `2.0` → 2; undefined when there is no leading number. */
export function majorOf(version: string | undefined): number | undefined {
  const m = /^\s*v?(\d+)/i.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

export function majorBump(before: string | undefined, after: string | undefined): boolean {
  const b = majorOf(before);
  const a = majorOf(after);
  return b !== undefined && a !== undefined && a > b;
}
