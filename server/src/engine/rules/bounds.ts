/**
 * CL108: a `logicalTypeOptions` bound (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`) of a date,
 * timestamp or time property whose value does not parse for that type, so the bound cannot be compared with any
 * value. ISO 8601 is what parses: dates `2026-11-01`, date-times with `T` or a space, seconds, fractions, `Z` or an
 * offset (`2026-11-01T00:00:00.5+02:00`), times `23:59:59`. When the property declares a `format` of the common
 * tokens (`dd/MM/yyyy`, `yyyy-MM-dd HH:mm`), a bound in that format parses too; a bound under any other format is left
 * alone (check skips it with a reason). What parses is decided by engine/model/temporal.ts, the reader `check` uses
 * too. Numeric bounds are the schema's business (CL022), and v3.0's boolean
 * `exclusiveMaximum: true` is a flag, not a bound.
 */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { entriesOf } from './entries.js';
import { findingAt } from './util.js';
import { parsesAsTemporalBound, readableFormat } from '../model/temporal.js';

const BOUND_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];

export function checkBoundValues(_ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  for (const prop of entriesOf(contract).properties) {
    const type = prop.logicalType?.value;
    if (type !== 'date' && type !== 'timestamp' && type !== 'time') continue;
    const format = prop.options.get('format')?.value;
    // A format Contract Lens does not read bounds in: check says so when it skips the bound; lint cannot judge it.
    if (format !== undefined && (typeof format !== 'string' || !readableFormat(type, format))) continue;
    for (const key of BOUND_KEYS) {
      const bound = prop.options.get(key);
      if (!bound || typeof bound.value === 'boolean') continue;
      const v = bound.value;
      if (v instanceof Date) continue;
      if (typeof v === 'string' && parsesAsTemporalBound(type, v, format)) continue;
      const example = type === 'date' ? '`2026-11-01`' : type === 'time' ? '`23:59:59`' : '`2026-11-01T00:00:00Z`';
      const notation = format !== undefined ? ` nor in the declared format \`${format}\`: write it in that format or like ${example}.` : `: write it like ${example}, or declare \`logicalTypeOptions.format\` for another notation.`;
      out.push(findingAt('CL108', `\`${key}\` of ${type} property \`${prop.path}\` is ${typeof v === 'string' ? `\`${v}\`, which is not an ISO 8601 ${type === 'timestamp' ? 'date or date-time' : type}` : `not a ${type}`}${notation}`, bound.node));
    }
  }
}
