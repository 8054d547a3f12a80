/**
 * Properties of one schema object (and their nested properties), old against new. See docs/breaking-changes.md for
 * the table this implements.
 */
import type { Property } from '../model/types.js';
import { getPair } from '../syntax/ast.js';
import type { ChangeCollector } from './collector.js';
import { compareAllowedSet, compareLogicalType, compareLowerBound, compareMultipleOf, comparePattern, compareUpperBound, setDelta, type Effect } from './constraints.js';
import { display } from './changes.js';
import { matchItems } from './match.js';
import { compareMetadata } from './metadata.js';
import { compareQuality, compareRelationships, valueEffect, type Where } from './quality.js';

const HANDLED = new Set([
  'id', 'name', 'physicalName', 'logicalType', 'physicalType', 'required', 'unique', 'primaryKey', 'primaryKeyPosition', 'logicalTypeOptions', 'enum', 'classification', 'quality', 'relationships', 'properties', 'items',
  // Data Contract Specification fields carry type, constraints, nesting and references at the field itself.
  'type', 'fields', 'primary', 'references', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'format', 'multipleOf',
]);
const LOWER = new Set(['minimum', 'minLength', 'minItems', 'minProperties']);
const UPPER = new Set(['maximum', 'maxLength', 'maxItems', 'maxProperties']);
/** Boolean options where `true` is the stricter value (ODCS `exclusiveMinimum: true`, `uniqueItems: true`). */
const STRICT_WHEN_TRUE = new Set(['uniqueItems']);

export function compareProperties(out: ChangeCollector, owner: string, before: Property[], after: Property[]): void {
  const keyed = (ps: Property[]) => ps.map((p) => ({ item: p, id: p.id?.value, name: p.name?.value }));
  const m = matchItems(keyed(before), keyed(after));
  for (const p of m.removed) {
    const subject = `${owner}.${p.name?.value ?? '?'}`;
    out.add({ code: 'CL304', level: 'breaking', breaks: ['consumers'], subject, message: `Property ${subject} removed: consumers reading it break.`, at: { side: 'old', node: p.name?.node ?? p.node }, before: p.logicalType?.value ?? p.name?.value });
  }
  for (const p of m.added) {
    const subject = `${owner}.${p.name?.value ?? '?'}`;
    if (p.required?.value === true || p.primaryKey?.value === true) {
      out.add({ code: 'CL306', level: 'breaking', breaks: ['producers'], subject, message: `Required property ${subject} added: existing data and producers do not have it yet.`, at: { side: 'new', node: p.name?.node ?? p.node }, after: p.logicalType?.value ?? p.name?.value });
    } else {
      out.add({ code: 'CL305', level: 'info', subject, message: `Optional property ${subject} added.`, at: { side: 'new', node: p.name?.node ?? p.node }, after: p.logicalType?.value ?? p.name?.value });
    }
  }
  for (const { before: b, after: a, renamed } of m.pairs) compareProperty(out, owner, b, a, renamed);
}

function compareProperty(out: ChangeCollector, owner: string, b: Property, a: Property, renamed: boolean, itemsOf?: string): void {
  // Array items have no name: they are `orders.tags[]`, compared one to one.
  const subject = itemsOf ? `${itemsOf}[]` : `${owner}.${a.name?.value ?? '?'}`;
  const anchor = a.name?.node ?? a.node;
  const nodeOf = (key: string) => getPair(a.node, key)?.value ?? anchor;
  /** The key in the new version; when it was deleted, the line it had in the old version. */
  const at = (key: string): Where => {
    const now = getPair(a.node, key)?.value;
    if (now) return { side: 'new', node: now };
    const was = getPair(b.node, key)?.value;
    return was ? { side: 'old', node: was } : { side: 'new', node: anchor };
  };

  const bColumn = b.physicalName?.value ?? b.name?.value;
  const aColumn = a.physicalName?.value ?? a.name?.value;
  if (renamed || bColumn !== aColumn) {
    const physical = bColumn !== aColumn;
    out.add({
      code: 'CL307',
      level: physical ? 'breaking' : 'warning',
      breaks: physical ? ['consumers', 'producers'] : ['consumers'],
      subject,
      message: !renamed
        ? `Property ${subject}: the column in the data changes from ${bColumn} to ${aColumn}; readers and writers must follow.`
        : physical
          ? `Property ${owner}.${b.name?.value} renamed to ${subject} (same id): the column in the data changes from ${bColumn} to ${aColumn}, readers and writers must follow.`
          : `Property ${owner}.${b.name?.value} renamed to ${subject} (same id, same physical column ${aColumn}): references by name must follow.`,
      at: { side: 'new', node: nodeOf(physical && a.physicalName ? 'physicalName' : 'name') },
      before: renamed ? b.name?.value : bColumn,
      after: renamed ? a.name?.value : aColumn,
    });
  }

  const bType = b.logicalType?.value;
  const aType = a.logicalType?.value;
  if (bType !== aType) {
    const effect: Effect = bType === undefined ? 'narrowed' : aType === undefined ? 'widened' : compareLogicalType(bType, aType);
    const breaks = effect === 'widened' ? ['consumers' as const] : effect === 'narrowed' ? ['producers' as const] : ['consumers' as const, 'producers' as const];
    out.add({ code: 'CL308', level: 'breaking', breaks, subject, message: `${subject}: logicalType changed from ${bType ?? '(none)'} to ${aType ?? '(none)'}${effect === 'both' ? ', an incompatible type' : ''}.`, at: at('logicalType'), before: bType, after: aType });
  }
  if (b.physicalType?.value !== a.physicalType?.value) {
    out.add({ code: 'CL309', level: 'warning', breaks: ['consumers', 'producers'], subject, message: `${subject}: physicalType changed; check readers and writers of the column.`, at: at('physicalType'), before: b.physicalType?.value, after: a.physicalType?.value });
  }

  flag(out, subject, b.required?.value, a.required?.value, at('required'), { on: 'CL310', off: 'CL311', what: 'required', onWhy: 'producers must never send nulls and existing rows with nulls violate it', offWhy: 'consumers may now receive nulls' });
  flag(out, subject, b.unique?.value, a.unique?.value, at('unique'), { on: 'CL312', off: 'CL313', what: 'unique', onWhy: 'existing duplicates violate it', offWhy: 'consumers may now receive duplicates' });

  const bPk = `${b.primaryKey?.value === true}:${b.primaryKey?.value === true ? b.primaryKeyPosition?.value ?? '' : ''}`;
  const aPk = `${a.primaryKey?.value === true}:${a.primaryKey?.value === true ? a.primaryKeyPosition?.value ?? '' : ''}`;
  if (bPk !== aPk) {
    const removed = b.primaryKey?.value === true && a.primaryKey?.value !== true;
    out.add({ code: 'CL314', level: 'breaking', breaks: removed ? ['consumers', 'producers'] : ['producers'], subject, message: `${subject}: primary key changed; the key identifies rows for joins, upserts and deduplication.`, at: at((b.primaryKey?.value === true) !== (a.primaryKey?.value === true) ? 'primaryKey' : 'primaryKeyPosition'), before: pkText(b), after: pkText(a) });
  }

  compareOptions(out, subject, b, a, anchor);

  const bEnum = b.enumValues?.map((v) => v.value);
  const aEnum = a.enumValues?.map((v) => v.value);
  const enumEffect = compareAllowedSet(bEnum, aEnum);
  if (enumEffect !== 'same') {
    const { removed, added } = setDelta(bEnum, aEnum);
    const detail = [removed.length ? `no longer allowed: ${removed.map((v) => display(v)).join(', ')}` : '', added.length ? `newly allowed: ${added.map((v) => display(v)).join(', ')}` : ''].filter(Boolean).join('; ');
    valueEffect(out, subject, enumEffect, `${subject}: enum${detail ? ` (${detail})` : ''}`, at('enum'), bEnum, aEnum);
  }

  if (b.classification?.value !== a.classification?.value) {
    out.add({ code: 'CL327', level: 'warning', breaks: ['consumers'], subject, message: `${subject}: classification changed; access rules and masking downstream may need to follow.`, at: at('classification'), before: b.classification?.value, after: a.classification?.value });
  }

  compareQuality(out, subject, b.quality, a.quality);
  compareRelationships(out, subject, b.relationships, a.relationships);
  compareProperties(out, subject, b.properties, a.properties);
  if (b.items && a.items) compareProperty(out, subject, b.items, a.items, false, subject);
  else if (b.items || a.items) compareProperties(out, `${subject}[]`, b.items ? [b.items] : [], a.items ? [a.items] : []);
  compareMetadata(out, subject, b.node, a.node, HANDLED, anchor);
}

function flag(out: ChangeCollector, subject: string, before: boolean | undefined, after: boolean | undefined, where: Where, c: { on: string; off: string; what: string; onWhy: string; offWhy: string }): void {
  const b = before === true;
  const a = after === true;
  if (a === b) return;
  if (a) out.add({ code: c.on, level: 'breaking', breaks: ['producers'], subject, message: `${subject} became ${c.what}: ${c.onWhy}.`, at: where, before: String(before ?? false), after: 'true' });
  else out.add({ code: c.off, level: 'warning', breaks: ['consumers'], subject, message: `${subject} is no longer ${c.what}: ${c.offWhy}.`, at: where, before: 'true', after: String(after ?? false) });
}

function compareOptions(out: ChangeCollector, subject: string, b: Property, a: Property, anchor: { start: number; end: number }): void {
  const keys = new Set([...b.options.keys(), ...a.options.keys()]);
  for (const key of keys) {
    const bv = b.options.get(key)?.value;
    const av = a.options.get(key)?.value;
    const now = a.options.get(key)?.node;
    const was = b.options.get(key)?.node;
    const at: Where = now ? { side: 'new', node: now } : was ? { side: 'old', node: was } : { side: 'new', node: anchor };
    let effect: Effect;
    if (LOWER.has(key) || (key === 'exclusiveMinimum' && (typeof bv === 'number' || typeof av === 'number'))) effect = compareLowerBound(bv, av);
    else if (UPPER.has(key) || (key === 'exclusiveMaximum' && (typeof bv === 'number' || typeof av === 'number'))) effect = compareUpperBound(bv, av);
    else if (key === 'pattern') effect = comparePattern(bv, av);
    else if (key === 'multipleOf') effect = compareMultipleOf(bv, av);
    else if (STRICT_WHEN_TRUE.has(key) || key === 'exclusiveMinimum' || key === 'exclusiveMaximum') effect = bv === av ? 'same' : av === true ? 'narrowed' : 'widened';
    else {
      if (JSON.stringify(bv) === JSON.stringify(av)) continue;
      // format (a date format), timezone… : values written one way are read another way.
      const isFormat = key === 'format';
      effect = isFormat && bv === undefined ? 'narrowed' : isFormat && av === undefined ? 'widened' : 'unknown';
      if (effect === 'unknown') {
        out.add({ code: 'CL318', level: isFormat ? 'breaking' : 'warning', breaks: ['consumers', 'producers'], subject, message: `${subject}: logicalTypeOptions.${key} changed; data written in the old form is read differently.`, at, before: bv, after: av });
        continue;
      }
    }
    valueEffect(out, subject, effect, `${subject}: ${key}`, at, bv, av);
  }
}

function pkText(p: Property): string {
  if (p.primaryKey?.value !== true) return 'not a key';
  return p.primaryKeyPosition ? `primary key (position ${p.primaryKeyPosition.value})` : 'primary key';
}
