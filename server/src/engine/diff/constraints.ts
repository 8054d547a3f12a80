/**
 * Is a constraint narrower or wider than before? Pure comparisons of values, no positions: the caller turns the
 * verdict into a change at the right place.
 *
 *   narrowed   every value allowed now was allowed before, some old values are refused now (breaks producers)
 *   widened    every value allowed before is allowed now, some new values were refused before (loosens a guarantee)
 *   both       neither contains the other (breaks both sides)
 *   unknown    cannot be decided (two different regular expressions)
 */
export type Effect = 'same' | 'narrowed' | 'widened' | 'both' | 'unknown';

/** Lower bounds (`minimum`, `minLength`, …): raising one narrows. `undefined` = no bound. */
export function compareLowerBound(before: unknown, after: unknown): Effect {
  const b = toNumber(before);
  const a = toNumber(after);
  if (b === a) return 'same';
  if (b === undefined) return a === undefined ? 'same' : 'narrowed';
  if (a === undefined) return 'widened';
  return a > b ? 'narrowed' : 'widened';
}

/** Upper bounds (`maximum`, `maxLength`, …): lowering one narrows. */
export function compareUpperBound(before: unknown, after: unknown): Effect {
  const b = toNumber(before);
  const a = toNumber(after);
  if (b === a) return 'same';
  if (b === undefined) return a === undefined ? 'same' : 'narrowed';
  if (a === undefined) return 'widened';
  return a < b ? 'narrowed' : 'widened';
}

/** Allowed-value sets (`enum`, `validValues`): absent means "any value". */
export function compareAllowedSet(before: readonly unknown[] | undefined, after: readonly unknown[] | undefined): Effect {
  if (!before && !after) return 'same';
  if (!before) return 'narrowed';
  if (!after) return 'widened';
  const b = new Set(before.map(key));
  const a = new Set(after.map(key));
  const removed = [...b].some((v) => !a.has(v));
  const added = [...a].some((v) => !b.has(v));
  if (removed && added) return 'both';
  if (removed) return 'narrowed';
  if (added) return 'widened';
  return 'same';
}

/** Values in one set and not the other, for the message ("removed: EUR; added: CHF"). */
export function setDelta(before: readonly unknown[] = [], after: readonly unknown[] = []): { removed: unknown[]; added: unknown[] } {
  const b = new Set(before.map(key));
  const a = new Set(after.map(key));
  return { removed: before.filter((v) => !a.has(key(v))), added: after.filter((v) => !b.has(key(v))) };
}

/** Regular expressions: adding one narrows, removing one widens, changing one cannot be decided in general. */
export function comparePattern(before: unknown, after: unknown): Effect {
  const b = before === undefined || before === null ? undefined : String(before);
  const a = after === undefined || after === null ? undefined : String(after);
  if (b === a) return 'same';
  if (b === undefined) return 'narrowed';
  if (a === undefined) return 'widened';
  return 'unknown';
}

/** `multipleOf`: a multiple of the old step narrows (2 → 4); a divisor widens (4 → 2); anything else is both. */
export function compareMultipleOf(before: unknown, after: unknown): Effect {
  const b = toNumber(before);
  const a = toNumber(after);
  if (b === a) return 'same';
  if (b === undefined) return 'narrowed';
  if (a === undefined) return 'widened';
  if (isMultiple(a, b)) return 'narrowed';
  if (isMultiple(b, a)) return 'widened';
  return 'both';
}

/**
 * The set of measured values a quality rule accepts, as an interval; `undefined` when it is not one interval
 * (`mustNotBe`, `mustNotBeBetween`), then changes cannot be ordered.
 */
export interface Interval {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
}

export function operatorInterval(op: string, value: unknown): Interval | undefined {
  if (op === 'mustBeBetween') {
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const lo = toNumber(value[0]);
    const hi = toNumber(value[1]);
    return lo === undefined || hi === undefined ? undefined : { lo, loOpen: false, hi, hiOpen: false };
  }
  const v = toNumber(value);
  if (v === undefined) return undefined;
  switch (op) {
    case 'mustBe':
      return { lo: v, loOpen: false, hi: v, hiOpen: false };
    case 'mustBeGreaterThan':
      return { lo: v, loOpen: true, hi: Infinity, hiOpen: true };
    case 'mustBeGreaterOrEqualTo':
      return { lo: v, loOpen: false, hi: Infinity, hiOpen: true };
    case 'mustBeLessThan':
      return { lo: -Infinity, loOpen: true, hi: v, hiOpen: true };
    case 'mustBeLessOrEqualTo':
      return { lo: -Infinity, loOpen: true, hi: v, hiOpen: false };
    default:
      return undefined;
  }
}

export function compareIntervals(before: Interval | undefined, after: Interval | undefined): Effect {
  if (!before || !after) return 'unknown';
  const aInB = contains(before, after);
  const bInA = contains(after, before);
  if (aInB && bInA) return 'same';
  if (aInB) return 'narrowed';
  if (bInA) return 'widened';
  return 'both';
}

/** Does `outer` contain every value of `inner`? */
function contains(outer: Interval, inner: Interval): boolean {
  const loOk = outer.lo < inner.lo || (outer.lo === inner.lo && (!outer.loOpen || inner.loOpen));
  const hiOk = outer.hi > inner.hi || (outer.hi === inner.hi && (!outer.hiOpen || inner.hiOpen));
  return loOk && hiOk;
}

function isMultiple(x: number, step: number): boolean {
  if (step === 0) return false;
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function key(v: unknown): string {
  return typeof v === 'string' ? `s:${v}` : `j:${JSON.stringify(v)}`;
}

/**
 * logicalType changes. Widening a numeric type (integer → number) only breaks consumers that rely on whole numbers;
 * the reverse only breaks producers; every other change breaks both sides.
 */
export function compareLogicalType(before: string, after: string): Effect {
  if (before === after) return 'same';
  if (before === 'integer' && after === 'number') return 'widened';
  if (before === 'number' && after === 'integer') return 'narrowed';
  return 'both';
}
