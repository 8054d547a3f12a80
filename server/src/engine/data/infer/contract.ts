/**
 * A table profile → an ODCS v3.1.0 contract (YAML text). Every suggestion is one the data already satisfies, so the
 * contract lints clean and `contractlens check` passes on the data it came from:
 *   required       no nulls
 *   unique         as many distinct values as rows (and more than one row)
 *   primaryKey     the first unique, required column named like a key (`id`, `…_id`, `…_key`)
 *   minimum/max    numeric columns, the observed range
 *   format         text columns where every value parses with one date format (logicalType date/timestamp)
 *   validValues    text columns with few distinct values, as an `invalidValues` quality rule (ODCS v3.1 has no enum)
 */
import { Document, isScalar, visit } from 'yaml';
import type { DataFormat } from '../sources.js';
import { isIntegerType, isNumberType, isTextType, type ColumnProfile, type TableProfile } from './profile.js';

export interface InferOptions {
  name: string;
  format: DataFormat;
  /** Path of the data file relative to the contract's folder (`/`-separated). */
  dataPath: string;
  /** The file name as the user knows it, for the description. */
  sourceLabel: string;
}

export function logicalTypeOf(duckType: string): string {
  const t = duckType.toUpperCase();
  if (isIntegerType(t)) return 'integer';
  if (isNumberType(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t.startsWith('TIME')) return 'time';
  if (t.startsWith('STRUCT') || t.startsWith('MAP') || t === 'JSON') return 'object';
  if (t.endsWith(']')) return 'array';
  return 'string';
}

const KEY_NAME = /(^id$|_id$|^key$|_key$|Id$)/;

export function inferContract(profile: TableProfile, opts: InferOptions): string {
  const pk = profile.columns.find((c) => isUnique(c) && isRequired(c) && KEY_NAME.test(c.column.name) && !c.dateFormat);
  const properties = profile.columns.map((c) => property(c, c === pk));
  const contract = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: opts.name,
    name: opts.name,
    version: '0.1.0',
    status: 'draft',
    description: {
      purpose: `Inferred by contractlens init from ${opts.sourceLabel} (${profile.rows} rows). Review every suggestion: the data shows what is, not what must be.`,
    },
    servers: [{ server: 'local', type: 'local', format: opts.format, path: opts.dataPath }],
    schema: [
      {
        name: opts.name,
        physicalName: opts.name,
        physicalType: 'table',
        properties,
      },
    ],
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

function property(c: ColumnProfile, primaryKey: boolean): Record<string, unknown> {
  const type = c.column.type;
  const p: Record<string, unknown> = { name: c.column.name };
  if (c.dateFormat) {
    p.logicalType = c.dateFormat.kind;
    p.physicalType = type;
  } else {
    p.logicalType = logicalTypeOf(type);
    p.physicalType = type;
  }
  if (primaryKey) {
    p.primaryKey = true;
    p.primaryKeyPosition = 1;
  }
  if (isRequired(c)) p.required = true;
  if (isUnique(c) && !primaryKey) p.unique = true;
  const options: Record<string, unknown> = {};
  if (c.dateFormat) options.format = c.dateFormat.java;
  if ((isIntegerType(type) || isNumberType(type)) && c.min !== undefined && c.max !== undefined) {
    options.minimum = c.min;
    options.maximum = c.max;
  }
  if (Object.keys(options).length) p.logicalTypeOptions = options;
  if (c.values && isTextType(type)) {
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

function isRequired(c: ColumnProfile): boolean {
  return c.rows > 0 && c.nonNull === c.rows;
}

function isUnique(c: ColumnProfile): boolean {
  return c.rows > 1 && c.distinct === c.rows;
}
