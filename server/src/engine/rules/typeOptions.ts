/**
 * CL124: a `logicalTypeOptions` key that does not apply to the property's `logicalType` (a `maxLength` on an
 * integer is silently ignored by every tool: the author meant something). The table follows ODCS v3.1:
 *
 *   logicalType          options that apply
 *   string               minLength, maxLength, pattern, format
 *   date                 format, minimum, maximum, exclusiveMinimum, exclusiveMaximum
 *   timestamp, time      format, minimum, maximum, exclusiveMinimum, exclusiveMaximum, timezone, defaultTimezone
 *   integer, number      minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, format
 *   array                minItems, maxItems, uniqueItems
 *   object               minProperties, maxProperties, required
 *   boolean              (none)
 *
 * Also CL121 for bounds that contradict each other (minLength > maxLength, minimum > maximum, …): no value fits.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Located, Property } from '../model/types.js';
import { getPair, keyText, asMap, getNode } from '../syntax/ast.js';
import { allSchemaProperties, closest, didYouMean, findingAt, isNumber } from './util.js';

const TEMPORAL = ['format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
const NUMERIC = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'format'];
export const OPTIONS_BY_TYPE: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  date: TEMPORAL,
  timestamp: [...TEMPORAL, 'timezone', 'defaultTimezone'],
  time: [...TEMPORAL, 'timezone', 'defaultTimezone'],
  integer: NUMERIC,
  number: NUMERIC,
  array: ['minItems', 'maxItems', 'uniqueItems'],
  object: ['minProperties', 'maxProperties', 'required'],
  boolean: [],
};
const ALL_OPTIONS = new Set(Object.values(OPTIONS_BY_TYPE).flat());

export function checkTypeOptions(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  for (const [, prop] of allSchemaProperties(contract)) {
    if (prop.options.size === 0) continue;
    const type = prop.logicalType?.value;
    const allowed = type !== undefined ? OPTIONS_BY_TYPE[type] : undefined;
    if (allowed) {
      for (const key of prop.options.keys()) {
        // Keys unknown to every type are the schema pass's business (CL020); here: known keys on the wrong type.
        if (!ALL_OPTIONS.has(key) || allowed.includes(key)) continue;
        const keyNode = optionKeyNode(contract, prop, key);
        const owners = Object.entries(OPTIONS_BY_TYPE).filter(([, keys]) => keys.includes(key)).map(([t]) => t);
        const suggestion = closest(key, allowed);
        const map = contract.format === 'odcs' ? asMap(getNode(prop.node, 'logicalTypeOptions')) : prop.node;
        const pair = getPair(map, key);
        out.push(findingAt('CL124', `\`${key}\` does not apply to logicalType ${type} (it applies to ${owners.join(', ')})${didYouMean(suggestion)}; it has no effect here. ${allowed.length ? `Options for ${type}: ${allowed.join(', ')}.` : `${type} has no options.`}`, keyNode, {
          fixes: pair ? [{ title: `Remove \`${key}\``, edits: [{ range: pairRemoval(ctx.text, map!.flow, pair.start, pair.end), newText: '' }] }] : undefined,
        }));
      }
    }
    checkBounds(ctx, prop, out);
  }
}

/** Pairs of bounds that cannot both hold when min > max (or min >= max for exclusive bounds). */
const BOUNDS: [string, string, boolean][] = [
  ['minLength', 'maxLength', false],
  ['minItems', 'maxItems', false],
  ['minProperties', 'maxProperties', false],
  ['minimum', 'maximum', false],
  ['exclusiveMinimum', 'exclusiveMaximum', true],
  ['minimum', 'exclusiveMaximum', true],
  ['exclusiveMinimum', 'maximum', true],
];

function checkBounds(ctx: AnalysisContext, prop: Property, out: Finding[]): void {
  for (const [minKey, maxKey, strict] of BOUNDS) {
    const min = prop.options.get(minKey);
    const max = prop.options.get(maxKey);
    if (!min || !max) continue;
    const c = compareBound(min, max);
    if (c === undefined || c < 0 || (c === 0 && !strict)) continue;
    out.push(findingAt('CL121', `${minKey} ${String(min.value)} is ${c === 0 ? 'equal to' : 'greater than'} ${maxKey} ${String(max.value)}: no value of \`${prop.path}\` can satisfy both.`, max.node, {
      related: [{ uri: ctx.uri, range: { start: min.node.start, end: min.node.end }, message: `${minKey} is declared here` }],
    }));
  }
}

/** Numbers compare as numbers; dates and timestamps (ISO 8601 strings) as instants. */
function compareBound(a: Located<unknown>, b: Located<unknown>): number | undefined {
  if (isNumber(a.value) && isNumber(b.value)) return a.value - b.value;
  if (typeof a.value === 'string' && typeof b.value === 'string' && /^\d{4}-\d{2}/.test(a.value) && /^\d{4}-\d{2}/.test(b.value)) {
    const x = Date.parse(a.value);
    const y = Date.parse(b.value);
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  }
  return undefined;
}

function optionKeyNode(contract: Contract, prop: Property, key: string) {
  const map = contract.format === 'odcs' ? asMap(getNode(prop.node, 'logicalTypeOptions')) : prop.node;
  return map?.pairs.find((p) => keyText(p) === key)?.key ?? prop.options.get(key)!.node;
}

/** What to delete to remove a pair: its whole line in block style, the pair and one comma in flow style. */
function pairRemoval(text: string, flow: boolean, start: number, end: number): { start: number; end: number } {
  if (flow) {
    const after = /^\s*,\s*/.exec(text.slice(end, end + 40));
    if (after) return { start, end: end + after[0].length };
    const before = /,\s*$/.exec(text.slice(Math.max(0, start - 40), start));
    return before ? { start: start - before[0].length, end } : { start, end };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, nl === -1 ? text.length : nl);
  if (/^\s*$/.test(before) && /^\s*(#.*)?$/.test(after)) return { start: lineStart, end: nl === -1 ? text.length : nl + 1 };
  return { start, end };
}
