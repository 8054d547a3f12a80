/**
 * Segment-checksum reconciliation of two copies that live on different engines (data-diff's hashdiff): each side
 * computes, inside its own engine, the row count and the sum of per-row hashes of every key segment; only segments
 * whose count or sum differ are split further (by `factor`), and only segments of at most `threshold` rows are
 * fetched. A billion equal rows cost a few aggregate queries; what crosses the network is proportional to the
 * differences.
 *
 * Segments are buckets of a hash of the (normalised) primary key, `keyHash mod M`, rather than key ranges: this
 * works the same for integer, text, UUID and composite keys, segments are balanced whatever the key distribution, and
 * every level is ONE grouped scan per side (no bounds query, no per-range round trip). Splitting bucket b of M by f
 * gives the buckets of M·f that are ≡ b (mod M), so a level only filters on the parents that differed.
 */

/** Row count and checksum (sum of 48-bit row hashes, exact, as a decimal string) of one segment. */
export interface SegmentChecksum {
  count: number;
  sum: string;
}

/** The segments of one level: buckets of `keyHash mod modulus`, restricted to children of `parents` (mod parentModulus). */
export interface Level {
  modulus: number;
  parentModulus?: number;
  parents?: number[];
}

/** A row as compared: the normalised texts of its key columns and of its compared columns (null = SQL NULL). */
export interface NormalizedRow {
  key: string[];
  values: (string | null)[];
}

/** One copy, on whatever engine holds it (reconcile/sqlSource.ts builds one from a HashDialect and a query runner). */
export interface SegmentSource {
  readonly name: string;
  checksums(level: Level): Promise<Map<number, SegmentChecksum>>;
  rows(modulus: number, buckets: number[]): Promise<NormalizedRow[]>;
  /** Keys present more than once in the WHOLE copy, counted in its engine (equal duplicates on both sides hide in matching segments). */
  duplicates(): Promise<DuplicateKeys>;
}

/** Keys that occur more than once, and the rows beyond the first for each. */
export interface DuplicateKeys {
  keys: number;
  extraRows: number;
}

export interface SegmentOptions {
  /** Segments of the first level (default 4096: one checksum row per segment is cheap, and fewer levels are scans saved). */
  segments?: number;
  /** Each differing segment is split into this many (default 32, as data-diff). */
  factor?: number;
  /** A differing segment of at most this many rows (on the larger side) is fetched instead of split (default 64). */
  threshold?: number;
}

export interface SegmentStats {
  levels: number;
  /** Queries per side (checksum levels and row fetches). */
  queries: number;
  /** Checksum rows (one per non-empty segment) read from both sides. */
  checksumRows: number;
  /** Data rows read from both sides (those of the differing segments). */
  rowsTransferred: number;
  segmentsFetched: number;
}

export interface SegmentDiff {
  rowsA: number;
  rowsB: number;
  /** Rows of the segments that differ, from each side. */
  rowsOfA: NormalizedRow[];
  rowsOfB: NormalizedRow[];
  duplicatesA: DuplicateKeys;
  duplicatesB: DuplicateKeys;
  stats: SegmentStats;
}

/** Beyond this the 32-bit key hash cannot be split further: fetch whatever still differs. */
const MAX_MODULUS = 2 ** 31;

export async function diffSegments(a: SegmentSource, b: SegmentSource, options: SegmentOptions = {}): Promise<SegmentDiff> {
  const factor = Math.max(2, options.factor ?? 32);
  const threshold = Math.max(1, options.threshold ?? 64);
  let level: Level = { modulus: Math.max(1, Math.min(options.segments ?? 4096, MAX_MODULUS)) };
  const stats: SegmentStats = { levels: 0, queries: 0, checksumRows: 0, rowsTransferred: 0, segmentsFetched: 0 };
  const fetches: { modulus: number; buckets: number[] }[] = [];
  let rowsA = 0;
  let rowsB = 0;
  // One grouped aggregate per side, beside the first checksum level.
  const duplicates = Promise.all([a.duplicates(), b.duplicates()]);
  duplicates.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  for (;;) {
    const [ca, cb] = await Promise.all([a.checksums(level), b.checksums(level)]);
    stats.levels++;
    stats.queries++;
    stats.checksumRows += ca.size + cb.size;
    if (stats.levels === 1) {
      for (const c of ca.values()) rowsA += c.count;
      for (const c of cb.values()) rowsB += c.count;
    }
    const split: number[] = [];
    const fetch: number[] = [];
    for (const bucket of new Set([...ca.keys(), ...cb.keys()])) {
      const x = ca.get(bucket);
      const y = cb.get(bucket);
      if (x && y && x.count === y.count && x.sum === y.sum) continue;
      const size = Math.max(x?.count ?? 0, y?.count ?? 0);
      // A segment present on one side only is fetched whole: every row of it differs anyway.
      if (size <= threshold || !x || !y || level.modulus * factor > MAX_MODULUS) fetch.push(bucket);
      else split.push(bucket);
    }
    if (fetch.length) fetches.push({ modulus: level.modulus, buckets: fetch.sort((p, q) => p - q) });
    if (!split.length) break;
    level = { modulus: level.modulus * factor, parentModulus: level.modulus, parents: split.sort((p, q) => p - q) };
  }
  const rowsOfA: NormalizedRow[] = [];
  const rowsOfB: NormalizedRow[] = [];
  for (const f of fetches) {
    const [ra, rb] = await Promise.all([a.rows(f.modulus, f.buckets), b.rows(f.modulus, f.buckets)]);
    rowsOfA.push(...ra);
    rowsOfB.push(...rb);
    stats.segmentsFetched += f.buckets.length;
    stats.rowsTransferred += ra.length + rb.length;
    stats.queries++;
  }
  const [duplicatesA, duplicatesB] = await duplicates;
  stats.queries++;
  return { rowsA, rowsB, rowsOfA, rowsOfB, duplicatesA, duplicatesB, stats };
}
