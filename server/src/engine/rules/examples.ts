/**
 * CL125: an `examples` value that breaks the property's own constraints (logicalType, pattern, min/maxLength,
 * minimum/maximum and the exclusive bounds, multipleOf, enum). Examples are documentation readers copy: a wrong one
 * teaches the wrong format. Values are judged as YAML wrote them; a string type accepts any scalar, because
 * `examples: [12345]` for a string code is common and harmless.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Located, Property } from '../model/types.js';
import { getNode, scalarValue, type YMap, type YNode } from '../syntax/ast.js';
import { allSchemaProperties, compileRegex, findingAt, isNumber } from './util.js';
import { compareTemporal, parseTemporalBound, type TemporalKind } from '../model/temporal.js';

export function checkExamples(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  for (const [, prop] of allSchemaProperties(contract)) {
    if (!prop.examples?.length) continue;
    for (const ex of prop.examples) {
      const problem = violation(prop, ex.value);
      if (!problem) continue;
      const related = problem.at ? [{ uri: ctx.uri, range: { start: problem.at.node.start, end: problem.at.node.end }, message: problem.what }] : undefined;
      out.push(findingAt('CL125', `Example ${show(ex.value)} of \`${prop.path}\` ${problem.message}.`, ex.node, { related }));
    }
  }
}

interface Violation {
  message: string;
  /** The constraint broken, for relatedInformation. */
  at?: Located<unknown>;
  what: string;
}

function violation(prop: Property, v: unknown): Violation | undefined {
  if (v === null || v === undefined || typeof v === 'object') return undefined;
  const type = prop.logicalType?.value;
  const opt = (k: string) => prop.options.get(k);
  const hasFormat = opt('format') !== undefined;
  const typeErr = typeMismatch(type, v as string | number | boolean, hasFormat);
  if (typeErr) return { message: typeErr, at: prop.logicalType, what: `logicalType: ${type}` };

  if (prop.enumValues?.length) {
    const allowed = prop.enumValues.map((e) => enumItemValue(e.value));
    if (!allowed.some((a) => a === v || String(a) === String(v))) {
      return { message: `is not one of the enum values (${allowed.map(show).join(', ')})`, at: prop.enumValues[0], what: 'enum' };
    }
  }
  if (typeof v === 'string' || (type === 'string' && (typeof v === 'number' || typeof v === 'boolean'))) {
    const s = String(v);
    const pattern = opt('pattern');
    if (typeof pattern?.value === 'string') {
      const re = compileRegex(pattern.value);
      if (re instanceof RegExp && !re.test(s)) return { message: `does not match the pattern \`${pattern.value}\``, at: pattern, what: 'pattern' };
    }
    const minLength = opt('minLength');
    if (isNumber(minLength?.value) && s.length < minLength.value) return { message: `is ${s.length} characters long, shorter than minLength ${minLength.value}`, at: minLength, what: 'minLength' };
    const maxLength = opt('maxLength');
    if (isNumber(maxLength?.value) && s.length > maxLength.value) return { message: `is ${s.length} characters long, longer than maxLength ${maxLength.value}`, at: maxLength, what: 'maxLength' };
  }
  const n = type === 'integer' || type === 'number' ? toNumber(v) : undefined;
  const format = opt('format')?.value;
  const temporal = (type === 'date' || type === 'timestamp' || type === 'time') && typeof v === 'string' && (!hasFormat || typeof format === 'string') ? v : undefined;
  for (const [key, ok, words] of [
    ['minimum', (c: number) => c >= 0, 'less than the minimum'],
    ['exclusiveMinimum', (c: number) => c > 0, 'not greater than the exclusiveMinimum'],
    ['maximum', (c: number) => c <= 0, 'greater than the maximum'],
    ['exclusiveMaximum', (c: number) => c < 0, 'not less than the exclusiveMaximum'],
  ] as const) {
    const bound = opt(key);
    if (!bound) continue;
    const c = n !== undefined && isNumber(bound.value) ? n - bound.value : temporal && typeof bound.value === 'string' ? compareTemporal(type as TemporalKind, temporal, bound.value, typeof format === 'string' ? format : undefined) : undefined;
    if (c !== undefined && !ok(c)) return { message: `is ${words} ${show(bound.value)}`, at: bound, what: key };
  }
  const multipleOf = opt('multipleOf');
  if (n !== undefined && isNumber(multipleOf?.value) && multipleOf.value > 0) {
    const q = n / multipleOf.value;
    if (Math.abs(q - Math.round(q)) > 1e-9) return { message: `is not a multiple of ${multipleOf.value}`, at: multipleOf, what: 'multipleOf' };
  }
  return undefined;
}

function typeMismatch(type: string | undefined, v: string | number | boolean, hasFormat: boolean): string | undefined {
  switch (type) {
    case 'integer':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) ? undefined : 'is not an integer';
    case 'number':
      return toNumber(v) !== undefined ? undefined : 'is not a number';
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false' ? undefined : 'is not a boolean (true or false)';
    case 'date':
      return hasFormat || (typeof v === 'string' && parseTemporalBound('date', v)?.shape === 'date') ? undefined : 'is not a date (YYYY-MM-DD; declare logicalTypeOptions.format for another format)';
    case 'timestamp':
      return hasFormat || (typeof v === 'string' && parseTemporalBound('timestamp', v) !== undefined) ? undefined : 'is not an ISO 8601 timestamp (declare logicalTypeOptions.format for another format)';
    case 'time':
      return hasFormat || (typeof v === 'string' && parseTemporalBound('time', v) !== undefined) ? undefined : 'is not a time (HH:MM:SS)';
    default:
      return undefined;
  }
}

/** ODCS v3.2 enum items are `{ value, label, description }` mappings; DCS enums are plain scalars. */
function enumItemValue(item: unknown): unknown {
  if (item && typeof item === 'object' && (item as YNode).kind === 'map') return scalarValue(getNode(item as YMap, 'value'));
  return item;
}

function toNumber(v: unknown): number | undefined {
  if (isNumber(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** ISO dates/timestamps compare as instants; times compare as text (same width). */
function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}
