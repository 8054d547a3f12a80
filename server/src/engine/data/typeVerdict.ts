/**
 * The one verdict on "does this column's type satisfy what the property declares": `drift` reports it as CL203 and
 * `check` as the property's `type` rule, so the two commands cannot disagree on a column (test/data/typeAgreement).
 * The table itself (which engine types each logical/physical type accepts) is typeCompat.ts; this module adds what
 * needs the whole property:
 *
 * - DCS `type` is a logical type, never compared as a physicalType (`timestamp` would otherwise demand TIMESTAMP);
 * - ODCS has no `bytes` logical type: `logicalType: string` with a binary physicalType (`bytes`, `bytea`, `binary`…)
 *   is how it spells one, and accepts BLOB columns; DCS `bytes` is bytes;
 * - time zones: DCS/ODCS `timestamp` is a point in time WITH a time zone; `timestamp_ntz`, ODCS
 *   `logicalTypeOptions.timezone: false` or a physicalType without zone (TIMESTAMP, DATETIME, TIMESTAMP_NTZ) declare a
 *   wall-clock time WITHOUT one. A column of the other kind is a warning, never an error: the values compare (as UTC),
 *   but their meaning differs. Sources whose types are guesses (csv, json) are not judged on zones.
 *
 * Nested fields (struct fields, list items, map keys and values) are judged by the same function on the nested type
 * (structTypes.ts).
 */
import type { Property } from '../model/types.js';
import { matchColumn } from './predicates.js';
import { listElement, mapParts, structFields } from './structTypes.js';
import { expectedTypesFor, familyOf, isZonedTimestamp, logicalAccepts, logicalTypeFor, normalizeLogicalType, normalizePhysicalType, physicalAccepts } from './typeCompat.js';

export interface TypeVerdict {
  /** error: the column cannot hold the declared values (CL203 error, check `failed`); warning: zones differ. */
  level: 'error' | 'warning';
  /** Says what was compared with what, for the finding and the check result alike. */
  message: string;
  /** The logicalType, the physicalType (or both) is what disagrees: drift's fix rewrites those. */
  logical: boolean;
  physical: boolean;
}

export interface VerdictOptions {
  /** The source infers types from text (csv, json): be lenient where a guess is not a declaration. */
  inferred?: boolean;
  /** The engine the column lives in (`duckdb`, `postgres`, `mysql`): MySQL's TIMESTAMP holds instants. */
  engine?: string;
  /** How the message names the property (default: its name) and the data's column (default: not named). */
  name?: string;
  column?: string;
}

/** What a property declares about its type, read once for both commands. */
interface Declared {
  logical?: string;
  physical?: string;
  hasFormat: boolean;
  /** true: with a time zone; false: without; undefined: not a timestamp. */
  zoned?: boolean;
  /** The zone is said by `logicalTypeOptions.timezone`. */
  explicitZone: boolean;
  /** How the message names the declaration: `logicalType timestamp`, `type timestamp_ntz`. */
  label: string;
}

const BINARY = 'BLOB';

function declared(prop: Property): Declared {
  const dcs = prop.dcsType?.value ? String(prop.dcsType.value) : undefined;
  const logical = dcs ?? (prop.logicalType?.value ? String(prop.logicalType.value) : undefined);
  const physical = dcs ? undefined : prop.physicalType?.value ? String(prop.physicalType.value) : undefined;
  const hasFormat = typeof prop.options.get('format')?.value === 'string';
  const timezone = prop.options.get('timezone')?.value;
  const out: Declared = { logical, physical, hasFormat, explicitZone: typeof timezone === 'boolean', label: dcs ? `type ${dcs}` : `logicalType ${logical ?? ''}` };
  if (logical && normalizeLogicalType(logical) === 'timestamp') out.zoned = declaredZone(logical, physical, timezone);
  return out;
}

/** A timestamp's zone as declared: an explicit `timezone` option, then the spelling, then the physicalType; else with. */
function declaredZone(logical: string, physical: string | undefined, timezone: unknown): boolean {
  if (typeof timezone === 'boolean') return timezone;
  const l = logical.trim().toLowerCase();
  if (l === 'timestamp_ntz' || l === 'datetime') return false;
  if (l === 'timestamp_tz') return true;
  if (physical) {
    const p = normalizePhysicalType(physical);
    if (p === 'TIMESTAMPTZ') return true;
    if (p === 'TIMESTAMP') return false;
  }
  return true;
}

/** Whether the engine's column type holds instants with a zone. */
function columnZoned(columnType: string, engine: string | undefined): boolean {
  if (isZonedTimestamp(columnType)) return true;
  return engine === 'mysql' && /^timestamp\b/i.test(columnType.trim());
}

/** The verdict on one column (or nested field) against one property; undefined when the type is fine. */
export function typeVerdict(prop: Property, columnType: string, options: VerdictOptions = {}): TypeVerdict | undefined {
  const d = declared(prop);
  const name = options.name ?? prop.name?.value ?? prop.path;
  const the = options.column !== undefined ? `the data's column "${options.column}"` : `its type in the data`;
  const inferred = options.inferred === true;
  const logical = d.logical ? normalizeLogicalType(d.logical) : undefined;
  const binaryString = logical === 'string' && d.physical !== undefined && normalizePhysicalType(d.physical) === BINARY && familyOf(columnType) === 'blob';
  const logicalBad = logical !== undefined && !binaryString && logicalAccepts(d.logical!, columnType, { hasFormat: d.hasFormat, inferred }) === false;
  // `physicalType: timestamp` beside an explicit `timezone` (as the ODCS examples write it) is the vendor's generic
  // word for a timestamp: the option says which kind, and the zone comparison below judges it.
  const genericTimestamp = d.explicitZone && familyOf(columnType) === 'timestamp' && ['TIMESTAMP', 'TIMESTAMPTZ'].includes(normalizePhysicalType(d.physical ?? ''));
  const physicalBad = d.physical !== undefined && !genericTimestamp && !physicalAccepts(d.physical, columnType, inferred);
  if (logicalBad || physicalBad) {
    const parts: string[] = [];
    if (logicalBad) {
      const temporalText = ['date', 'timestamp', 'time'].includes(logical!) && logicalTypeFor(columnType) === 'string';
      parts.push(`${d.label} accepts ${expectedTypesFor(d.logical!).join('/')}${temporalText ? ' (or text with a declared logicalTypeOptions.format)' : ''}`);
    }
    if (physicalBad) parts.push(`physicalType is ${d.physical}`);
    return { level: 'error', message: `"${name}": ${the} is ${columnType}, but ${parts.join(' and ')}.`, logical: logicalBad, physical: physicalBad };
  }
  if (d.zoned === undefined || inferred || familyOf(columnType) !== 'timestamp') return undefined;
  const zoned = columnZoned(columnType, options.engine);
  if (zoned === d.zoned) return undefined;
  const message = d.zoned
    ? `"${name}": ${the} is ${columnType}, without a time zone, but ${d.label} is a point in time with one: its values are read as UTC. Declare ${prop.dcsType ? 'type timestamp_ntz' : 'logicalTypeOptions.timezone: false (or physicalType TIMESTAMP)'} if they are wall-clock times, or store them with a time zone.`
    : `"${name}": ${the} is ${columnType}, with a time zone, but ${d.label}${d.physical && !prop.dcsType ? ` (physicalType ${d.physical})` : ''} declares wall-clock times without one. Declare ${prop.dcsType ? 'type timestamp' : 'logicalTypeOptions.timezone: true'} if they are points in time.`;
  return { level: 'warning', message, logical: false, physical: false };
}

/** A nested property as people write it: `address.city`, `lines[]`, `lines[].sku` (the model's path has no `[]`). */
export function propertyLabel(prop: Property): string {
  if (!prop.parent) return prop.name?.value ?? prop.path;
  const parent = propertyLabel(prop.parent);
  if (prop === prop.parent.items) return `${parent}[]`;
  if (prop === prop.parent.mapKeys) return `${parent}{keys}`;
  if (prop === prop.parent.mapValues) return `${parent}{values}`;
  return `${parent}.${prop.name?.value ?? ''}`;
}

/** The parts of a property that are typed inside its column's type without a name: array items, map keys and values. */
export function unnamedParts(prop: Property): Property[] {
  return [prop.items, prop.mapKeys, prop.mapValues].filter((p): p is Property => p !== undefined);
}

/**
 * The engine type of an unnamed part (an array's items, a map's keys or values) inside its parent's type, or why it
 * has none to compare (`skip`); undefined for a named struct field.
 */
export function partType(parent: Property, part: Property, type: string): { type: string } | { skip: string } | undefined {
  if (part === parent.items) {
    const element = listElement(type);
    return element === undefined ? { skip: `"${propertyLabel(parent)}" is ${type}, not a list` } : { type: element };
  }
  if (part !== parent.mapKeys && part !== parent.mapValues) return undefined;
  const kv = mapParts(type);
  if (!kv) return { skip: `"${propertyLabel(parent)}" is ${type}, not a map: its keys and values are not compared` };
  const inner = part === parent.mapKeys ? kv.key : kv.value;
  return inner === undefined ? { skip: `"${propertyLabel(parent)}" is ${type}: the values of a JSON object have no type of their own to compare` } : { type: inner };
}

export type NestedType = { type: string } | { skip: string } | { missing: string };

/**
 * The engine type of a nested property (a struct field, an array's items, their fields…) inside its top-level
 * column's type, walking down as drift does: a level whose own type is wrong (an error verdict) or is not a struct/
 * list has no fields to compare (`skip`: drift says nothing of them either); a field the struct lacks is `missing`
 * (drift's CL201).
 */
export function nestedType(prop: Property, columnType: string, options: VerdictOptions = {}): NestedType {
  const chain: Property[] = [];
  for (let p: Property | undefined = prop; p; p = p.parent) chain.unshift(p);
  let type = columnType;
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1];
    const child = chain[i];
    if (typeVerdict(parent, type, options)?.level === 'error') return { skip: `"${propertyLabel(parent)}" is ${type}, not what it declares: its fields are not compared` };
    const part = partType(parent, child, type);
    if (part && 'skip' in part) return part;
    if (part) {
      type = part.type;
      continue;
    }
    const fields = structFields(type);
    if (!fields) return { skip: `"${propertyLabel(parent)}" is ${type}, not a struct: its fields are not compared` };
    const field = matchColumn(child, fields);
    if (!field) return { missing: `field "${child.name?.value ?? ''}" is missing from "${propertyLabel(parent)}" (${type})` };
    type = field.type;
  }
  return { type };
}
