/**
 * The relation each check query reads. Parquet and DuckDB tables are read in place (columnar: a query reads only its
 * columns). Text sources (CSV, JSON) would be parsed again by every query that touches them (the fused scan, a key,
 * a relationship, a cross-source SQL rule), so they are parsed ONCE into a table of the in-memory database on first use (a TEMP table would be private to one connection, and the session runs each query on its own).
 * A source that cannot be parsed fails here, once, with DuckDB's message (file and line).
 */
import { sqlIdent } from '../sandbox.js';
import { readerCall, type DataSession } from '../session.js';
import type { RowKey } from './compile.js';

export class CheckRelations {
  private readonly cache = new Map<string, Promise<string>>();
  private n = 0;

  constructor(private readonly session: DataSession, private readonly signal?: AbortSignal) {}

  /** The relation of a schema object's data; rejects when it has no data or the data cannot be read. */
  get(contractUri: string, schema: string): Promise<string> {
    const key = `${contractUri}\u0000${schema}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.load(contractUri, schema);
      this.cache.set(key, p);
    }
    return p;
  }

  /** Like get, but undefined instead of an error (relationship targets, SQL placeholders). */
  async tryGet(contractUri: string, schema: string): Promise<string | undefined> {
    if (!this.session.hasRelation(contractUri, schema)) return undefined;
    return this.get(contractUri, schema).catch(() => undefined);
  }

  /**
   * A cheap row key for in-scan samples: `rowid` of a text source parsed into a table, `file_row_number` of a single
   * Parquet file (read through its reader call: a view hides that virtual column). Undefined otherwise.
   */
  async rowKey(contractUri: string, schema: string): Promise<RowKey | undefined> {
    const source = this.session.source(contractUri, schema);
    if (!source || source.kind !== 'file') return undefined;
    // A filtered table is read through its view (the predicate is there); the reader call would skip it.
    if (source.format === 'parquet' && this.session.isFiltered(contractUri, schema)) return undefined;
    if (source.format === 'csv' || source.format === 'json') return { from: await this.get(contractUri, schema), key: 'rowid' };
    if (source.format === 'parquet' && source.paths.length === 1) return { from: readerCall(source), key: 'file_row_number' };
    return undefined;
  }

  private async load(contractUri: string, schema: string): Promise<string> {
    const view = this.session.relation(contractUri, schema);
    const format = this.session.source(contractUri, schema)?.format;
    if (format !== 'csv' && format !== 'json') return view;
    const table = sqlIdent(`clcheck_${++this.n}_${schema.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}`);
    await this.session.query(`CREATE TABLE ${table} AS SELECT * FROM ${view}`, { signal: this.signal });
    return table;
  }
}
