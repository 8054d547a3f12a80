/**
 * Table profiles → an ODCS v3.1.0 contract (YAML text). Every suggestion is one the data already satisfies, so the
 * contract lints clean and `contractlens check` passes on the data it came from. For a database table the catalog's
 * declarations (NOT NULL, primary key, unique constraints, foreign keys) replace the guesses marked * below.
 *   required*      no nulls
 *   unique*        as many distinct values as rows (and more than one row)
 *   primaryKey*    the first unique, required column named like a key (`id`, `…_id`, `…_key`)
 *   minimum/max    numeric columns, the observed range
 *   format         text columns where every value parses with one date format (logicalType date/timestamp)
 *   validValues    text columns with few distinct values, as an `invalidValues` quality rule (ODCS v3.1 has no enum)
 */
import { Document, isScalar, visit } from 'yaml';
import type { DataFormat } from '../sources.js';
import { familyOf, type TypeFamily } from '../typeCompat.js';
import type { ColumnProfile, TableProfile } from './profile.js';

export interface InferOptions {
  name: string;
  format: DataFormat;
  /** Path of the data file relative to the contract's folder (`/`-separated). */
  dataPath: string;
  /** The file name as the user knows it, for the description. */
  sourceLabel: string;
}

/** What a database's catalog declares of a table: these replace the guesses made from the data. */
export interface TableKeys {
  /** Primary key columns in key order (empty: none). */
  primaryKey: string[];
  /** Columns with a single-column UNIQUE constraint or unique index. */
  unique: string[];
  /** Foreign keys; written as relationships only when the referenced table is in the same contract. */
  foreignKeys: { columns: string[]; table: string; refColumns: string[] }[];
}

export interface InferredSchema {
  name: string;
  physicalName: string;
  profile: TableProfile;
  /** From the catalog (databases); absent for files, where keys and nullability are inferred from the data. */
  keys?: TableKeys;
}

export interface ContractSpec {
  name: string;
  /** Where the data was read, for the description (never with credentials). */
  sourceLabel: string;
  /** The one `servers` entry (files: local path; databases: host, port, database, schema, never credentials). */
  server: Record<string, unknown>;
  schemas: InferredSchema[];
}

/** The ODCS logicalType of a type family; undefined where none fits (blob, interval, engine-specific types). */
export function logicalTypeOfFamily(family: TypeFamily): string | undefined {
  const map: Partial<Record<TypeFamily, string>> = {
    integer: 'integer', decimal: 'number', float: 'number', string: 'string', uuid: 'string', boolean: 'boolean',
    date: 'date', timestamp: 'timestamp', time: 'time', struct: 'object', map: 'object', json: 'object', list: 'array',
  };
  return map[family];
}

const KEY_NAME = /(^id$|_id$|^key$|_key$|Id$)/;

/** A data file's profile → a contract with one schema object and a `local` server. */
export function inferContract(profile: TableProfile, opts: InferOptions): string {
  return buildContract({
    name: opts.name,
    sourceLabel: `${opts.sourceLabel} (${profile.rows} rows)`,
    server: { server: 'local', type: 'local', format: opts.format, path: opts.dataPath },
    schemas: [{ name: opts.name, physicalName: opts.name, profile }],
  });
}

export function buildContract(spec: ContractSpec): string {
  const inContract = new Set(spec.schemas.map((s) => s.physicalName));
  const contract = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: spec.name,
    name: spec.name,
    version: '0.1.0',
    status: 'draft',
    description: {
      purpose: `Inferred by contractlens init from ${spec.sourceLabel}. Review every suggestion: the data shows what is, not what must be.`,
    },
    servers: [spec.server],
    schema: spec.schemas.map((s) => ({
      name: s.name,
      physicalName: s.physicalName,
      physicalType: 'table',
      properties: s.keys ? catalogProperties(s.profile, s.keys, inContract) : inferredProperties(s.profile),
    })),
  };
  const doc = new Document(contract);
  // Short lists of scalars read best on one line: `validValues: [new, paid, shipped]`.
  visit(doc, {
    Seq(_, node) {
      if (node.items.length <= 12 && node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Files: the first unique, required column named like a key is the primary key. */
function inferredProperties(profile: TableProfile): Record<string, unknown>[] {
  const pk = profile.columns.find((c) => isUnique(c) && isRequired(c) && KEY_NAME.test(c.column.name) && !c.dateFormat);
  return profile.columns.map((c) => property(c, { primaryKeyPosition: c === pk ? 1 : undefined, required: isRequired(c), unique: isUnique(c) && c !== pk }));
}

/** Databases: keys, uniqueness and nullability as the catalog declares them; a foreign key becomes a relationship. */
function catalogProperties(profile: TableProfile, keys: TableKeys, inContract: Set<string>): Record<string, unknown>[] {
  return profile.columns.map((c) => {
    const name = c.column.name;
    const position = keys.primaryKey.indexOf(name);
    const p = property(c, { primaryKeyPosition: position >= 0 ? position + 1 : undefined, required: !c.column.nullable, unique: keys.unique.includes(name) && !(keys.primaryKey.length === 1 && position === 0) });
    // Single-column foreign keys to a table of this contract; composite ones would need schema-level relationships
    // whose targets lint resolves the same way, which init leaves to the author.
    const refs = keys.foreignKeys.filter((f) => f.columns.length === 1 && f.columns[0] === name && inContract.has(f.table));
    if (refs.length) p.relationships = refs.map((f) => ({ type: 'foreignKey', to: `${f.table}.${f.refColumns[0]}` }));
    return p;
  });
}

function property(c: ColumnProfile, decl: { primaryKeyPosition?: number; required: boolean; unique: boolean }): Record<string, unknown> {
  const type = c.column.type;
  const p: Record<string, unknown> = { name: c.column.name };
  const logical = c.dateFormat ? c.dateFormat.kind : logicalTypeOfFamily(c.family);
  if (logical) p.logicalType = logical;
  p.physicalType = type;
  if (logical === 'array') p.items = arrayItems(type);
  if (decl.primaryKeyPosition !== undefined) {
    p.primaryKey = true;
    p.primaryKeyPosition = decl.primaryKeyPosition;
  }
  if (decl.required) p.required = true;
  if (decl.unique) p.unique = true;
  const options: Record<string, unknown> = {};
  if (c.dateFormat) options.format = c.dateFormat.java;
  if (c.min !== undefined && c.max !== undefined) {
    options.minimum = c.min;
    options.maximum = c.max;
  }
  if (Object.keys(options).length) p.logicalTypeOptions = options;
  if (c.values && c.text) {
    p.quality = [
      {
        type: 'library',
        metric: 'invalidValues',
        description: `The ${c.values.length} values seen in the data when the contract was inferred.`,
        arguments: { validValues: c.values },
        mustBe: 0,
      },
    ];
  }
  return p;
}

/** `text[]`, `VARCHAR[]`, `INTEGER[3]` → what the elements are (lint asks every array for its `items`). */
function arrayItems(type: string): Record<string, unknown> {
  const element = type.replace(/\[\d*\]$/, '');
  const logical = element !== type ? logicalTypeOfFamily(familyOf(element)) : undefined;
  return logical ? { logicalType: logical } : { physicalType: element };
}

function isRequired(c: ColumnProfile): boolean {
  return c.rows > 0 && c.nonNull === c.rows;
}

function isUnique(c: ColumnProfile): boolean {
  return c.rows > 1 && c.distinct === c.rows;
}
