/**
 * PostgreSQL's spelling of the check SQL. PostgreSQL has no TRY_CAST before version 16 (pg_input_is_valid), so a
 * safe cast is a shape test by regular expression guarding the real cast: the CASE only casts text that has the
 * shape of the type. Regexes are POSIX ARE (`~`), which know lookaround and back-references. Lists are arrays.
 */
import { ansiIdent, ansiString, type Dialect, type TemporalType } from './dialect.js';

const NUMBER = String.raw`^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$`;
const NON_FINITE = String.raw`^\s*[-+]?(infinity|inf|nan)\s*$`;
const BOOLEAN = String.raw`^\s*(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)\s*$`;
const INTEGER = String.raw`^\s*[-+]?[0-9]{1,39}\s*$`;
const DAY = String.raw`[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`;
const CLOCK = String.raw`([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?`;
const ZONE = String.raw`(\s*(Z|[-+][0-9]{2}(:?[0-9]{2})?))?`;
const SHAPES: Record<TemporalType, string> = {
  DATE: `^\\s*${DAY}\\s*$`,
  TIME: `^\\s*${CLOCK}\\s*$`,
  TIMESTAMP: `^\\s*${DAY}([ T]${CLOCK}${ZONE})?\\s*$`,
};
const PG_TYPE: Record<TemporalType | 'DOUBLE', string> = { DATE: 'date', TIME: 'time', TIMESTAMP: 'timestamp', DOUBLE: 'double precision' };

/** Text guarded by a regex shape before the cast; a day that does not exist in its month (Feb 30) still gives NULL. */
function guardedCast(text: string, shape: string, type: string): string {
  return `CASE WHEN ${text} ~ ${ansiString(shape)} THEN CAST(${text} AS ${type}) END`;
}

export interface PostgresDialectOptions {
  /** server_version_num; 160000+ has pg_input_is_valid, a safe cast test for every type. */
  serverVersion?: number;
}

export function postgresDialect(options: PostgresDialectOptions = {}): Dialect {
  const hasInputIsValid = (options.serverVersion ?? 0) >= 160000;
  const safe = (text: string, shape: string, type: string) =>
    hasInputIsValid ? `CASE WHEN pg_input_is_valid(${text}, ${ansiString(type)}) THEN CAST(${text} AS ${type}) END` : guardedCast(text, shape, type);
  return {
    name: 'postgres',
    ident: ansiIdent,
    string: ansiString,
    asText: (e) => `CAST(${e} AS text)`,
    tryNumber: (t) => `CASE WHEN ${t} ~ ${ansiString(NUMBER)} OR ${t} ~* ${ansiString(NON_FINITE)} THEN CAST(${t} AS double precision) END`,
    tryBoolean: (t) => `CASE WHEN ${t} ~* ${ansiString(BOOLEAN)} THEN CAST(${t} AS boolean) END`,
    // Shape first even on 16+: a date that passes the regex but not the calendar (2024-02-30) is what the regex
    // cannot catch; on 16+ pg_input_is_valid catches it too.
    tryTemporal: (t, type) => safe(t, SHAPES[type], PG_TYPE[type]),
    tryParseTimestamp(t, fmt) {
      const conv = strptimeToPostgres(fmt);
      if (!conv) return undefined;
      return `CASE WHEN ${t} ~ ${ansiString(conv.shape)} THEN to_timestamp(${t}, ${ansiString(conv.format)})::timestamp END`;
    },
    tryHugeInt: (t) => `CASE WHEN ${t} ~ ${ansiString(INTEGER)} THEN CAST(${t} AS numeric) END`,
    regexMatches: (t, p) => `(${t} ~ ${ansiString(p)})`,
    regexFullMatch: (t, p) => `(${t} ~ ${ansiString(`^(?:${p})$`)})`,
    regexProblem: () => undefined,
    length: (t) => `char_length(${t})`,
    countIf: (c) => `count(*) FILTER (WHERE ${c})`,
    sumIf: (e, c) => `coalesce(sum(${e}) FILTER (WHERE ${c}), 0)`,
    timestampLiteral: (iso) => `TIMESTAMP ${ansiString(iso)}`,
    instantLiteral: (utc) => `TIMESTAMPTZ ${ansiString(`${utc}+00`)}`,
    dateLiteral: (iso) => `DATE ${ansiString(iso)}`,
    convertTemporal: (e, type) => `CAST(${e} AS ${PG_TYPE[type]})`,
    cast: (e, type) => `CAST(${e} AS ${PG_TYPE[type]})`,
    onePerKey: (rel, keys) => `(SELECT DISTINCT ON (${keys.join(', ')}) * FROM ${rel} AS r)`,
    limit: (sql, n) => `SELECT * FROM (${sql}) AS limited LIMIT ${n}`,
    list: {
      length: (e) => `cardinality(${e})`,
      distinctCount: (e) => `(SELECT count(DISTINCT x) FROM unnest(${e}) AS u(x))`,
      nonNullCount: (e) => `(SELECT count(x) FROM unnest(${e}) AS u(x))`,
    },
    isListType: (type) => type.endsWith('[]') || type.toUpperCase() === 'ARRAY',
    isTextType: (type) => /^(text|character varying|varchar|character|char|bpchar|name|citext)\b/i.test(type),
  };
}

/**
 * A strptime format as a PostgreSQL to_timestamp format plus the regex every accepted text must match (to_timestamp
 * raises on text it cannot read, and accepts more than strptime would).
 */
export function strptimeToPostgres(fmt: string): { format: string; shape: string } | undefined {
  const map: Record<string, [string, string]> = {
    Y: ['YYYY', '[0-9]{4}'], y: ['YY', '[0-9]{2}'], m: ['MM', '(0[1-9]|1[0-2])'], d: ['DD', '(0[1-9]|[12][0-9]|3[01])'],
    H: ['HH24', '([01][0-9]|2[0-3])'], I: ['HH12', '(0[1-9]|1[0-2])'], M: ['MI', '[0-5][0-9]'], S: ['SS', '[0-5][0-9]'],
    f: ['US', '[0-9]{1,6}'], g: ['MS', '[0-9]{3}'], p: ['AM', '(AM|PM|am|pm)'],
  };
  let format = '';
  let shape = '^';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '%') {
      const spec = fmt[++i];
      if (spec === '%') {
        format += '%';
        shape += '%';
        continue;
      }
      const m = map[spec];
      if (!m) return undefined;
      format += m[0];
      shape += m[1];
    } else {
      // Literal text: quoted in the to_timestamp format, escaped in the regex.
      format += /[A-Za-z]/.test(ch) ? `"${ch}"` : ch;
      shape += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return { format, shape: shape + '$' };
}
