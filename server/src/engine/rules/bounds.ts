/**
 * CL108: a `logicalTypeOptions` bound (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`) of a date,
 * timestamp or time property whose value does not parse for that type, so the bound cannot be compared with any
 * value. ISO 8601 is what parses: dates `2026-11-01`, date-times with `T` or a space, seconds, fractions, `Z` or an
 * offset (`2026-11-01T00:00:00.5+02:00`), times `23:59:59`. When the property declares a `format`, bounds are
 * written in that format and left alone. Numeric bounds are the schema's business (CL022), and v3.0's boolean
 * `exclusiveMaximum: true` is a flag, not a bound.
 */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { entriesOf } from './entries.js';
import { findingAt } from './util.js';

const BOUND_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$/;

/** Does `value` parse as a bound of `type`? Exported for the data layer, which compares the same bounds. */
export function parsesAsTemporalBound(type: 'date' | 'timestamp' | 'time', value: string): boolean {
  const v = value.trim();
  if (type === 'time') return TIME.test(v) && Number(v.slice(0, 2)) < 24 && Number(v.slice(3, 5)) < 60;
  if (DATE.test(v)) return validDate(v);
  return DATE_TIME.test(v) && validDate(v.slice(0, 10)) && Number.isFinite(Date.parse(v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
}

function validDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
}

export function checkBoundValues(_ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  for (const prop of entriesOf(contract).properties) {
    const type = prop.logicalType?.value;
    if (type !== 'date' && type !== 'timestamp' && type !== 'time') continue;
    if (prop.options.has('format')) continue;
    for (const key of BOUND_KEYS) {
      const bound = prop.options.get(key);
      if (!bound || typeof bound.value === 'boolean') continue;
      const v = bound.value;
      if (v instanceof Date) continue;
      if (typeof v === 'string' && parsesAsTemporalBound(type, v)) continue;
      const example = type === 'date' ? '`2026-11-01`' : type === 'time' ? '`23:59:59`' : '`2026-11-01T00:00:00Z`';
      out.push(findingAt('CL108', `\`${key}\` of ${type} property \`${prop.path}\` is ${typeof v === 'string' ? `\`${v}\`, which is not an ISO 8601 ${type === 'timestamp' ? 'date or date-time' : type}` : `not a ${type}`}: write it like ${example}, or declare \`logicalTypeOptions.format\` for another notation.`, bound.node));
    }
  }
}
