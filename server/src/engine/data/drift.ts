/**
 * Schema drift: the contract's declared properties against the columns the data really has (DESCRIBE, taken when
 * the session registered the source). Findings sit on the property's `name` value, or on the schema object's name
 * for a column the contract does not declare, with quick fixes computed from the contract text.
 *
 *   CL201 column missing from the data     CL202 column not in the contract
 *   CL203 type mismatch (typeVerdict.ts)   CL204 required but the source column allows NULL (databases only)
 *   CL210 the data cannot be read (missing file, outside the root, broken file…)
 *
 * Nested properties are compared too: an object's properties with the fields of its STRUCT column, an array's
 * `items` with its list elements (`STRUCT(…)[]`), a DCS map's `keys` and `values` with its MAP's key and value
 * types, as json and parquet sources nest them.
 */
import { basename } from 'node:path';
import type { Finding, Fix } from '../findings.js';
import type { Contract, Property, SchemaObject } from '../model/types.js';
import { catalogSeverity } from '../rules/catalog.js';
import { applySuppressions } from '../rules/suppressions.js';
import { getPair, type YMap } from '../syntax/ast.js';
import { DRIFT_CODES } from './driftRules.js';
import { addPropertyFix, removePropertyFix, setPropertyKeyEdit } from './driftFixes.js';
import { matchColumn } from './predicates.js';
import { structFields } from './structTypes.js';
import type { ColumnInfo, DataSession } from './session.js';
import { sourceNotes, type ResolvedSource, type SourceError } from './sources.js';
import { logicalTypeFor } from './typeCompat.js';
import { partType, propertyLabel, typeVerdict, unnamedParts } from './typeVerdict.js';

export { DRIFT_CODES };

function make(code: string, message: string, range: { start: number; end: number }, fixes?: Fix[], severity?: Finding['severity']): Finding {
  const f: Finding = { code, severity: severity ?? catalogSeverity(code), message, range: { start: range.start, end: range.end } };
  if (fixes && fixes.length) f.fixes = fixes;
  return f;
}

export function sourceLabel(source: ResolvedSource): string {
  if (source.kind === 'duckdb') return `table ${source.table} in ${basename(source.database ?? '')}`;
  if (source.kind === 'postgres') return `table ${source.postgres!.schema}.${source.table} on ${source.postgres!.host}:${source.postgres!.port}/${source.postgres!.database}`;
  if (source.kind === 'mysql') return `table ${source.mysql!.database}.${source.table} on ${source.mysql!.host}:${source.mysql!.port}`;
  return source.paths.length === 1 ? basename(source.paths[0]) : `${basename(source.paths[0])} and ${source.paths.length - 1} more files`;
}

function nameRange(prop: Property): { start: number; end: number } {
  const n = prop.name?.node ?? prop.node;
  return { start: n.start, end: n.end };
}

function schemaRange(schema: SchemaObject): { start: number; end: number } {
  const n = schema.name?.node ?? getPair(schema.node, 'name')?.key ?? schema.node;
  return { start: n.start, end: n.end };
}

/** Drift of one schema object against its data's columns (nested object/array properties against STRUCT fields). */
export function schemaDrift(text: string, schema: SchemaObject, columns: ColumnInfo[], source: ResolvedSource): Finding[] {
  const out: Finding[] = [];
  const level: Level = {
    text,
    where: sourceLabel(source),
    inferred: source.kind === 'file' && source.format !== 'parquet',
    source,
    out,
  };
  compareLevel(level, schema.properties, columns, {
    container: schema.node,
    range: schemaRange(schema),
    what: 'Column',
    owner: `schema object "${schema.name?.value ?? ''}"`,
  });
  return out;
}

interface Level {
  text: string;
  where: string;
  inferred: boolean;
  source: ResolvedSource;
  out: Finding[];
}

/** Where a level's properties live: the map holding `properties`, and where to report a field it lacks. */
interface Container {
  container: YMap;
  range: { start: number; end: number };
  /** `Column` at the top, `Field` inside a struct. */
  what: string;
  /** How the message names the level: `schema object "orders"`, `"ctx"`. */
  owner: string;
}

function compareLevel(level: Level, properties: Property[], columns: ColumnInfo[], at: Container): void {
  const { text, where, out } = level;
  const matched = new Set<ColumnInfo>();
  for (const prop of properties) {
    if (!prop.name?.value) continue;
    const col = matchColumn(prop, columns);
    const label = at.what === 'Column' ? prop.physicalName?.value ?? prop.name.value : prop.path;
    if (!col) {
      const remove = removePropertyFix(text, prop);
      out.push(make('CL201', `${at.what} "${label}" is declared in the contract but missing from the data (${where}).`, nameRange(prop), remove ? [remove] : []));
      continue;
    }
    matched.add(col);
    const mismatch = typeVerdict(prop, col.type, { inferred: level.inferred, engine: level.source.kind, column: at.what === 'Column' ? col.name : undefined, name: at.what === 'Column' ? undefined : prop.path });
    if (mismatch) {
      const fixes: Fix[] = [];
      const edits = [];
      if (mismatch.logical) {
        const e = setPropertyKeyEdit(text, prop, 'logicalType', logicalTypeFor(col.type));
        if (e) edits.push(e);
      }
      if (mismatch.physical) {
        const e = setPropertyKeyEdit(text, prop, 'physicalType', col.type);
        if (e) edits.push(e);
      }
      if (edits.length) fixes.push({ title: `Update the type to the data's (${[mismatch.logical ? `logicalType ${logicalTypeFor(col.type)}` : '', mismatch.physical ? `physicalType ${col.type}` : ''].filter(Boolean).join(', ')})`, edits, preferred: true });
      out.push(make('CL203', mismatch.message, nameRange(prop), fixes, mismatch.level));
    }
    const required = prop.required?.value === true || prop.primaryKey?.value === true;
    if (required && (level.source.kind === 'duckdb' || level.source.kind === 'postgres' || level.source.kind === 'mysql') && col.nullable && at.what === 'Column') {
      out.push(make('CL204', `"${prop.name.value}" is ${prop.required?.value === true ? 'required' : 'a primary key'} but column "${col.name}" of ${where} allows NULL (no NOT NULL constraint).`, nameRange(prop)));
    }
    // A column of the wrong type has nothing inside to compare.
    if (mismatch?.level !== 'error') compareInside(level, prop, col.type, nameRange(prop), `"${prop.path}"`);
  }

  for (const col of columns) {
    if (matched.has(col)) continue;
    const add = addPropertyFix(text, at.container, col);
    out.push(make('CL202', `${at.what} "${col.name}" (${col.type}) is in the data (${where}) but not in ${at.owner}.`, at.range, add ? [add] : []));
  }
}

/**
 * What a property declares inside its column's type, walked as check walks it (typeVerdict.ts nestedType): an
 * object's properties against the STRUCT's fields; an array's items, a map's keys and values (their type, then what
 * they declare inside) against the list's elements and the MAP's key and value types. Findings of the unnamed parts
 * sit on the property that holds them.
 */
function compareInside(level: Level, prop: Property, type: string, range: { start: number; end: number }, owner: string): void {
  const fields = prop.properties.length ? structFields(type) : undefined;
  if (fields) return compareLevel(level, prop.properties, fields, { range, what: 'Field', owner, container: prop.node });
  for (const part of unnamedParts(prop)) {
    const inner = partType(prop, part, type);
    if (!inner || 'skip' in inner) continue;
    const verdict = typeVerdict(part, inner.type, { inferred: level.inferred, engine: level.source.kind, name: propertyLabel(part) });
    if (verdict) level.out.push(make('CL203', verdict.message, range, [], verdict.level));
    const what = part === prop.items ? 'items' : part === prop.mapKeys ? 'keys' : 'values';
    if (verdict?.level !== 'error') compareInside(level, part, inner.type, range, `the ${what} of "${propertyLabel(prop)}"`);
  }
}

/**
 * How a data file that does not exist is reported. The CLI is asked to check data: a missing file is an error (CL210,
 * exit 1). In the editor the data is often simply not on this laptop: a warning (CL211) that says what to do.
 */
export type MissingData = 'error' | 'editor-warning';

/** Source errors of one contract as CL210 (or CL211) findings, on the server path (or the schema object) they concern. */
export function sourceErrorFindings(contract: Contract, errors: SourceError[], missingData: MissingData = 'error'): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // No server Contract Lens reads (only Snowflake, Kafka…): not drift, nothing to point at.
    if (e.contractUri !== contract.uri || e.reason === 'no-data-server') continue;
    const schema = e.schemaName ? contract.schemas.find((s) => s.name?.value === e.schemaName) : undefined;
    const node = e.node ?? schema?.name?.node ?? getPair(contract.root, 'servers')?.key ?? contract.root;
    // A server that refuses the login is one problem, said once, whatever number of tables it holds.
    const message = e.schemaName && e.reason !== 'connection' && !e.message.includes(`"${e.schemaName}"`) ? `Schema object "${e.schemaName}": ${e.message}` : e.message;
    const key = `${node.start}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.reason === 'missing-data' && missingData === 'editor-warning') {
      out.push(make('CL211', `${message} Generate the data, point the server's path elsewhere, or turn data checks off for this contract (\`# contractlens-disable CL211\` at the top, or the contractlens.drift setting).`, { start: node.start, end: node.end }));
    } else out.push(make('CL210', message, { start: node.start, end: node.end }));
  }
  return out;
}

/**
 * CL212: a relative `path` found nothing beside the contract and was read relative to the working folder (the
 * workspace folder in the editor), as datacontract-cli resolves paths. Said on the `path` value, once per note.
 */
export function sourceNoteFindings(contract: Contract, sources: readonly ResolvedSource[]): Finding[] {
  return sourceNotes(sources)
    .filter((n) => n.contractUri === contract.uri)
    .map((n) => {
      const node = n.node ?? getPair(contract.root, 'servers')?.key ?? contract.root;
      return make('CL212', `Data ${n.message} Write the path relative to the contract's folder to silence this.`, { start: node.start, end: node.end });
    });
}

/** What drift needs of the data: a DataSession has it, and so has a cached snapshot of its DESCRIBE results. */
export interface DriftData {
  columns(contractUri: string, schemaName: string): ColumnInfo[] | undefined;
  source(contractUri: string, schemaName: string): ResolvedSource | undefined;
  sourceErrors(): SourceError[];
}

/** Every drift finding (suppressions applied) of a contract whose sources are registered in `data` (plus its source errors). */
export function contractDrift(session: DriftData | DataSession, contract: Contract, text: string, missingData: MissingData = 'error'): Finding[] {
  const out = sourceErrorFindings(contract, session.sourceErrors(), missingData);
  for (const schema of contract.schemas) {
    const name = schema.name?.value;
    if (!name) continue;
    const columns = session.columns(contract.uri, name);
    const source = session.source(contract.uri, name);
    if (!columns || !source) continue;
    out.push(...schemaDrift(text, schema, columns, source));
  }
  // The editor says on the `path` value how the data was found; the CLI says it on stderr (a finding would fail drift).
  if (missingData === 'editor-warning') out.push(...sourceNoteFindings(contract, contract.schemas.map((s) => session.source(contract.uri, s.name?.value ?? '')).filter((s): s is ResolvedSource => !!s)));
  // `# contractlens-disable-next-line CL202` works for drift as for lint (unused-suppression is lint's job).
  return applySuppressions(text, out, { reportUnused: false }).sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
}
