/**
 * What a contract's temporal value means: a `logicalTypeOptions` bound (`minimum`, `maximum`, `exclusiveMinimum`,
 * `exclusiveMaximum`) of a date, timestamp or time property, read as ISO 8601. This is the one reader of such bounds:
 * lint (CL108, engine/rules/bounds.ts) says when one does not parse, and `check` (engine/data/predicates.ts) compares
 * the data with the ones that do, so a bound lint accepts is a bound check compares.
 *
 * Accepted: dates `2026-11-01`; date-times with `T` or a space, optional seconds and fractions, and `Z` or an offset
 * (`2026-11-01T00:00:00Z`, `2026-11-01 00:00:00.123+02:00`, `+0200`, `+02`); times `23:59:59[.5][Z|+02:00]`.
 * When the property declares a `format` made of the common tokens (`yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, or their
 * strftime spellings `%Y %m %d %H %M %S`) and literal separators (`dd/MM/yyyy`, `yyyy-MM-dd'T'HH:mm`), a bound
 * written in that format is read too (first: the contract says its values look so); any other format is not read.
 */

export type TemporalKind = 'date' | 'timestamp' | 'time';

export interface TemporalBound {
  /** What the text holds: a calendar day, a date-time, or a clock time. */
  shape: 'date' | 'date-time' | 'time';
  /** Whether the text names a zone (`Z` or an offset). Without one, a date-time is read as UTC. */
  zoned: boolean;
  /**
   * The value in UTC without a zone: `YYYY-MM-DD` for a date, `YYYY-MM-DD HH:MM:SS[.fff…]` for a date-time (an
   * offset applied), `HH:MM:SS[.fff…]` for a time (its offset, if any, is dropped: `zoned` says so).
   */
  utc: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The bound as a value of `kind`, or undefined when it does not parse (not ISO 8601 nor in the declared `format`, or a
 * day/hour that does not exist).
 */
export function parseTemporalBound(kind: TemporalKind, value: string, format?: string): TemporalBound | undefined {
  const inFormat = format !== undefined ? isoFromFormat(kind, value.trim(), format) : undefined;
  return (inFormat !== undefined ? parseIso(kind, inFormat) : undefined) ?? parseIso(kind, value);
}

type FormatField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

const FORMAT_TOKENS: [string, FormatField, number][] = [
  ['yyyy', 'year', 4], ['MM', 'month', 2], ['dd', 'day', 2], ['HH', 'hour', 2], ['mm', 'minute', 2], ['ss', 'second', 2],
  ['%Y', 'year', 4], ['%m', 'month', 2], ['%d', 'day', 2], ['%H', 'hour', 2], ['%M', 'minute', 2], ['%S', 'second', 2],
];

/**
 * A declared format as a pattern of the common tokens and literal text, or undefined when it holds anything else (a
 * two-digit year, month names, a 12-hour clock, fractions, zones…) or lacks what `kind` needs (a date: year, month,
 * day; a time: hour and minute).
 */
export function readableFormat(kind: TemporalKind, format: string): { re: RegExp; fields: FormatField[] } | undefined {
  let re = '';
  const fields: FormatField[] = [];
  for (let i = 0; i < format.length; ) {
    const token = FORMAT_TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      if (fields.includes(token[1])) return undefined;
      fields.push(token[1]);
      re += `(\\d{${token[2]}})`;
      i += token[0].length;
      continue;
    }
    const ch = format[i];
    if (ch === "'") {
      const close = format.indexOf("'", i + 1);
      if (close < 0) return undefined;
      re += escapeRegex(format.slice(i + 1, close) || "'");
      i = close + 1;
    } else if (/[A-Za-z%]/.test(ch)) return undefined;
    else {
      re += escapeRegex(ch);
      i++;
    }
  }
  const has = (...fs: FormatField[]) => fs.every((f) => fields.includes(f));
  if (kind === 'time' ? !has('hour', 'minute') : !has('year', 'month', 'day')) return undefined;
  if (fields.includes('second') && !has('hour', 'minute')) return undefined;
  return { re: new RegExp(`^${re}$`), fields };
}

/** A value in a readable declared format, rewritten as the ISO 8601 text parseIso reads; undefined when it is not. */
function isoFromFormat(kind: TemporalKind, value: string, format: string): string | undefined {
  const f = readableFormat(kind, format);
  const m = f && f.re.exec(value);
  if (!f || !m) return undefined;
  const got = (field: FormatField, dflt: string) => {
    const i = f.fields.indexOf(field);
    return i < 0 ? dflt : m[i + 1];
  };
  const clock = `${got('hour', '00')}:${got('minute', '00')}:${got('second', '00')}`;
  if (kind === 'time') return clock;
  const day = `${got('year', '')}-${got('month', '')}-${got('day', '')}`;
  return kind === 'date' || !f.fields.includes('hour') ? day : `${day} ${clock}`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function parseIso(kind: TemporalKind, value: string): TemporalBound | undefined {
  const v = value.trim();
  if (kind === 'time') {
    const m = TIME.exec(v);
    if (!m || !clockValid(m[1], m[2], m[3])) return undefined;
    return { shape: 'time', zoned: m[5] !== undefined, utc: `${m[1]}:${m[2]}:${m[3] ?? '00'}${m[4] ?? ''}` };
  }
  if (DATE.test(v)) return validDate(v) ? { shape: 'date', zoned: false, utc: v } : undefined;
  const m = DATE_TIME.exec(v);
  if (!m || !validDate(m[1]) || !clockValid(m[2], m[3], m[4])) return undefined;
  const [, day, hh, mm, ss = '00', fraction = '', zone] = m;
  const offsetMinutes = zone === undefined || /^[Zz]$/.test(zone) ? 0 : zoneMinutes(zone);
  if (offsetMinutes === undefined) return undefined;
  const local = Date.parse(`${day}T${hh}:${mm}:${ss}Z`);
  const utc = new Date(local - offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  return { shape: 'date-time', zoned: zone !== undefined, utc: `${utc}${fraction}` };
}

/** Does `value` parse as a bound of `kind` (in the declared `format`, or ISO 8601)? (CL108's question.) */
export function parsesAsTemporalBound(kind: TemporalKind, value: string, format?: string): boolean {
  return parseTemporalBound(kind, value, format) !== undefined;
}

function validDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
}

function clockValid(hh: string, mm: string, ss: string | undefined): boolean {
  return Number(hh) < 24 && Number(mm) < 60 && (ss === undefined || Number(ss) < 60);
}

/** `+02:00`, `+0200`, `-05` → minutes east of UTC; undefined when out of range. */
function zoneMinutes(zone: string): number | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const h = Number(m[2]);
  const min = Number(m[3] ?? '0');
  if (h > 18 || min > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/**
 * Orders two temporal values of `kind` as check would (UTC, offsets applied): negative, zero or positive; undefined
 * when either does not parse. Lint uses it to say an `example` lies outside a bound.
 */
export function compareTemporal(kind: TemporalKind, a: string, b: string, format?: string): number | undefined {
  const x = parseTemporalBound(kind, a, format);
  const y = parseTemporalBound(kind, b, format);
  if (!x || !y) return undefined;
  const kx = sortKey(x);
  const ky = sortKey(y);
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}

/** `YYYY-MM-DD HH:MM:SS.fffffffff` (or the clock alone for times): equal-length text that sorts as time does. */
function sortKey(b: TemporalBound): string {
  const full = b.shape === 'date' ? `${b.utc} 00:00:00` : b.utc;
  const dot = full.indexOf('.');
  const whole = dot < 0 ? full : full.slice(0, dot);
  const fraction = dot < 0 ? '' : full.slice(dot + 1);
  return `${whole}.${fraction.padEnd(9, '0').slice(0, 9)}`;
}
