/**
 * Schema drift: the contract's declared properties against the columns the data really has (DESCRIBE, taken when
 * the session registered the source). Findings sit on the property's `name` value, or on the schema object's name
 * for a column the contract does not declare, with quick fixes computed from the contract text.
 *
 *   CL201 column missing from the data     CL202 column not in the contract
 *   CL203 type mismatch (typeCompat.ts)    CL204 required but the source column allows NULL (databases only)
 *   CL210 the data cannot be read (missing file, outside the root, broken file…)
 *
 * Only top-level properties are compared: nested fields of STRUCT columns are not (yet) checked.
 */
import { basename } from 'node:path';
import type { Finding, Fix } from '../findings.js';
import type { Contract, Property, SchemaObject } from '../model/types.js';
import { ruleInfo } from '../rules/catalog.js';
import { applySuppressions } from '../rules/suppressions.js';
import { getPair } from '../syntax/ast.js';
import { DRIFT_CODES } from './driftRules.js';
import { addPropertyFix, removePropertyFix, setPropertyKeyEdit } from './driftFixes.js';
import { matchColumn } from './preview.js';
import type { ColumnInfo, DataSession } from './session.js';
import type { ResolvedSource, SourceError } from './sources.js';
import { expectedTypesFor, logicalAccepts, logicalTypeFor, normalizeLogicalType, physicalAccepts } from './typeCompat.js';

export { DRIFT_CODES };

function make(code: string, message: string, range: { start: number; end: number }, fixes?: Fix[]): Finding {
  const f: Finding = { code, severity: ruleInfo(code)?.severity ?? 'warning', message, range: { start: range.start, end: range.end } };
  if (fixes && fixes.length) f.fixes = fixes;
  return f;
}

export function sourceLabel(source: ResolvedSource): string {
  if (source.kind === 'duckdb') return `table ${source.table} in ${basename(source.database ?? '')}`;
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

/** Drift of one schema object against its data's columns. */
export function schemaDrift(text: string, schema: SchemaObject, columns: ColumnInfo[], source: ResolvedSource): Finding[] {
  const out: Finding[] = [];
  const where = sourceLabel(source);
  const inferred = source.kind === 'file' && source.format !== 'parquet';
  const matched = new Set<ColumnInfo>();

  for (const prop of schema.properties) {
    if (!prop.name?.value) continue;
    const col = matchColumn(prop, columns);
    if (!col) {
      const column = prop.physicalName?.value ?? prop.name.value;
      const remove = removePropertyFix(text, prop);
      out.push(make('CL201', `Column "${column}" is declared in the contract but missing from the data (${where}).`, nameRange(prop), remove ? [remove] : []));
      continue;
    }
    matched.add(col);
    const mismatch = typeMismatch(prop, col, inferred);
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
      out.push(make('CL203', mismatch.message, nameRange(prop), fixes));
    }
    const required = prop.required?.value === true || prop.primaryKey?.value === true;
    if (required && source.kind === 'duckdb' && col.nullable) {
      out.push(make('CL204', `"${prop.name.value}" is ${prop.required?.value === true ? 'required' : 'a primary key'} but column "${col.name}" of ${where} allows NULL (no NOT NULL constraint).`, nameRange(prop)));
    }
  }

  for (const col of columns) {
    if (matched.has(col)) continue;
    const add = addPropertyFix(text, schema, col);
    out.push(make('CL202', `Column "${col.name}" (${col.type}) is in the data (${where}) but not in schema object "${schema.name?.value ?? ''}".`, schemaRange(schema), add ? [add] : []));
  }
  return out;
}

interface Mismatch {
  message: string;
  logical: boolean;
  physical: boolean;
}

function typeMismatch(prop: Property, col: ColumnInfo, inferred: boolean): Mismatch | undefined {
  const name = prop.name?.value ?? prop.path;
  const logical = prop.logicalType?.value ? String(prop.logicalType.value) : undefined;
  const physical = prop.physicalType?.value ? String(prop.physicalType.value) : undefined;
  const hasFormat = typeof prop.options.get('format')?.value === 'string';
  const logicalBad = logical !== undefined && normalizeLogicalType(logical) !== undefined && logicalAccepts(logical, col.type, { hasFormat, inferred }) === false;
  const physicalBad = physical !== undefined && !physicalAccepts(physical, col.type, inferred);
  if (!logicalBad && !physicalBad) return undefined;
  const parts: string[] = [];
  if (logicalBad) {
    const temporalText = ['date', 'timestamp', 'time'].includes(normalizeLogicalType(logical!)!) && logicalTypeFor(col.type) === 'string';
    parts.push(`logicalType ${logical} accepts ${expectedTypesFor(logical!).join('/')}${temporalText ? ' (or text with a declared logicalTypeOptions.format)' : ''}`);
  }
  if (physicalBad) parts.push(`physicalType is ${physical}`);
  return { message: `"${name}": the data's column "${col.name}" is ${col.type}, but ${parts.join(' and ')}.`, logical: logicalBad, physical: physicalBad };
}

/** Source errors of one contract as CL210 findings, on the server path (or the schema object) they concern. */
export function sourceErrorFindings(contract: Contract, errors: SourceError[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // No server Contract Lens reads (only Snowflake, Kafka…): not drift, nothing to point at.
    if (e.contractUri !== contract.uri || e.reason === 'no-data-server') continue;
    const schema = e.schemaName ? contract.schemas.find((s) => s.name?.value === e.schemaName) : undefined;
    const node = e.node ?? schema?.name?.node ?? getPair(contract.root, 'servers')?.key ?? contract.root;
    const message = e.schemaName && !e.message.includes(`"${e.schemaName}"`) ? `Schema object "${e.schemaName}": ${e.message}` : e.message;
    const key = `${node.start}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(make('CL210', message, { start: node.start, end: node.end }));
  }
  return out;
}

/** What drift needs of the data: a DataSession has it, and so has a cached snapshot of its DESCRIBE results. */
export interface DriftData {
  columns(contractUri: string, schemaName: string): ColumnInfo[] | undefined;
  source(contractUri: string, schemaName: string): ResolvedSource | undefined;
  sourceErrors(): SourceError[];
}

/** Every drift finding (suppressions applied) of a contract whose sources are registered in `data` (plus its source errors). */
export function contractDrift(session: DriftData | DataSession, contract: Contract, text: string): Finding[] {
  const out = sourceErrorFindings(contract, session.sourceErrors());
  for (const schema of contract.schemas) {
    const name = schema.name?.value;
    if (!name) continue;
    const columns = session.columns(contract.uri, name);
    const source = session.source(contract.uri, name);
    if (!columns || !source) continue;
    out.push(...schemaDrift(text, schema, columns, source));
  }
  // `# contractlens-disable-next-line CL202` works for drift as for lint (unused-suppression is lint's job).
  return applySuppressions(text, out, { reportUnused: false }).sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
}
