/**
 * A SegmentSource over any SQL engine: the checksum and row queries are composed from the engine's HashDialect and
 * run by the engine's own read-only runner (a DuckDB session over files, a PostgreSQL or MySQL connection). The SQL
 * built here contains only identifiers, numbers and the `--where` predicate (checked by where.ts).
 */
import { type ComparedColumn, type HashDialect, nullSafeText, rowText } from './normalize.js';
import type { DuplicateKeys, Level, NormalizedRow, SegmentChecksum, SegmentSource } from './segments.js';

export type QueryRunner = (sql: string) => Promise<Record<string, unknown>[]>;

export interface SqlSourceOptions {
  name: string;
  dialect: HashDialect;
  /** The relation as SQL text (already quoted), e.g. `"public"."orders"`. */
  relation: string;
  key: ComparedColumn[];
  compared: ComparedColumn[];
  /** A checked boolean predicate applied on this side (where.ts), or undefined. */
  where?: string;
  run: QueryRunner;
  /** Hash each row with the engine's own fast hash (both copies are on the same kind of engine). */
  native?: boolean;
}

/** Hex digits of the key hash (bucketing) and of the row hash (checksums: 48 bits, summed exactly by every engine). */
const KEY_DIGITS = 8;
const ROW_DIGITS = 12;
const KH = '__cl_kh';

export class SqlSegmentSource implements SegmentSource {
  readonly name: string;
  private readonly base: string;

  constructor(private readonly o: SqlSourceOptions) {
    this.name = o.name;
    const d = o.dialect;
    const cols = [...o.key, ...o.compared].map((c) => d.ident(c.name));
    // The key hash is computed once per row in the inner query; row hashes only for rows of the wanted segments.
    // A single integer key is its own hash: sequential ids spread evenly over `mod M` and no MD5 is computed
    // (truncating `%` on every engine: equal keys land in equal buckets, and (k % M) % P = k % P when P divides M).
    const intKey = o.key.length === 1 && o.key[0].kind.kind === 'integer';
    const keyHash = intKey ? d.bigint(d.ident(o.key[0].name)) : d.md5Int(rowText(d, o.key), KEY_DIGITS);
    this.base = `(SELECT ${keyHash} AS ${KH}, ${[...new Set(cols)].join(', ')} FROM ${o.relation} AS cl_r${o.where ? ` WHERE (${o.where})` : ''}) AS t`;
  }

  async checksums(level: Level): Promise<Map<number, SegmentChecksum>> {
    const d = this.o.dialect;
    const text = rowText(d, [...this.o.key, ...this.o.compared]);
    const rowHash = this.o.native && d.nativeHash ? d.nativeHash.expr(text) : d.md5Int(text, ROW_DIGITS);
    const bucket = `(${KH} % ${level.modulus})`;
    const sql = `SELECT ${bucket} AS b, count(*) AS n, sum(${rowHash}) AS s FROM ${this.base}${this.parentFilter(level)} GROUP BY ${bucket}`;
    const out = new Map<number, SegmentChecksum>();
    for (const r of await this.o.run(sql)) out.set(Number(r.b), { count: Number(r.n), sum: BigInt(String(r.s ?? 0)).toString() });
    return out;
  }

  async rows(modulus: number, buckets: number[]): Promise<NormalizedRow[]> {
    const d = this.o.dialect;
    const keys = this.o.key.map((c, i) => `${nullSafeText(d, d.ident(c.name), c.kind, c.own)} AS k${i}`);
    const vals = this.o.compared.map((c, i) => `${nullSafeText(d, d.ident(c.name), c.kind, c.own)} AS c${i}`);
    const sql = `SELECT ${[...keys, ...vals].join(', ')} FROM ${this.base} WHERE (${KH} % ${modulus}) IN (${buckets.join(', ')})`;
    const text = (v: unknown): string | null => {
      const s = String(v);
      return s === 'N' ? null : s.slice(1);
    };
    return (await this.o.run(sql)).map((r) => ({
      key: this.o.key.map((_, i) => text(r[`k${i}`]) ?? ''),
      values: this.o.compared.map((_, i) => text(r[`c${i}`])),
    }));
  }

  async duplicates(): Promise<DuplicateKeys> {
    const d = this.o.dialect;
    // Raw key columns, as the engine groups them (NULLs together): the same keys the segments are built from.
    const keys = this.o.key.map((c) => d.ident(c.name)).join(', ');
    const where = this.o.where ? ` WHERE (${this.o.where})` : '';
    const [r] = await this.o.run(`SELECT count(*) AS k, sum(n - 1) AS x FROM (SELECT count(*) AS n FROM ${this.o.relation} AS cl_r${where} GROUP BY ${keys} HAVING count(*) > 1) AS dup`);
    return { keys: Number(r?.k ?? 0), extraRows: Number(r?.x ?? 0) };
  }

  private parentFilter(level: Level): string {
    if (!level.parents || level.parentModulus === undefined) return '';
    return ` WHERE (${KH} % ${level.parentModulus}) IN (${level.parents.join(', ')})`;
  }
}
