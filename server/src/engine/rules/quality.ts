/**
 * Quality rules:
 *   CL120  a rule names a property (arguments.properties / property / column, `element`) that does not exist
 *   CL121  a threshold no data can ever meet: mustBeBetween [10, 5], a negative row count, more than 100 percent…
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Located, Property, QualityRule, SchemaObject } from '../model/types.js';
import { asScalar, asSeq, type YNode } from '../syntax/ast.js';
import { allProperties, closest, didYouMean, findingAt, isNumber, replaceFix } from './util.js';

/** Every quality rule of a contract: top level, schema objects, properties at any depth. */
export function* allQualityRules(contract: Contract): Generator<QualityRule> {
  yield* contract.quality;
  for (const s of contract.schemas) {
    yield* s.quality;
    for (const p of allProperties(s.properties)) yield* p.quality;
  }
}

/** Library metrics that count rows; their value domain is [0, ∞) rows or [0, 100] percent. */
const COUNT_METRICS = new Set(['nullValues', 'missingValues', 'invalidValues', 'duplicateValues', 'rowCount']);
/** `arguments` keys that name properties of the rule's schema object. */
const PROPERTY_ARGUMENTS = ['properties', 'property', 'columns', 'column', 'fields', 'field'];

export function checkQualityRules(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  const lookups = new Map<SchemaObject, PropertyLookup>();
  const lookupFor = (s: SchemaObject) => {
    let l = lookups.get(s);
    if (!l) lookups.set(s, (l = new PropertyLookup(s)));
    return l;
  };
  for (const rule of allQualityRules(contract)) {
    checkPropertyNames(ctx, contract, rule, lookupFor, out);
    checkThresholds(ctx, rule, out);
  }
}

/** Property names of one schema object by name, physicalName and dotted path; built once per object per run. */
export class PropertyLookup {
  readonly names = new Map<string, Property>();
  constructor(readonly schema: SchemaObject) {
    for (const p of allProperties(schema.properties)) {
      if (p.path && !this.names.has(p.path)) this.names.set(p.path, p);
      if (p.physicalName && !this.names.has(p.physicalName.value)) this.names.set(p.physicalName.value, p);
    }
  }
  get(name: string): Property | undefined {
    return this.names.get(name);
  }
  suggest(name: string): string | undefined {
    return closest(name, this.names.keys());
  }
}

function checkPropertyNames(ctx: AnalysisContext, contract: Contract, rule: QualityRule, lookupFor: (s: SchemaObject) => PropertyLookup, out: Finding[]): void {
  const schema = rule.schema;
  if (schema) {
    for (const key of PROPERTY_ARGUMENTS) {
      const arg = rule.arguments.get(key);
      if (!arg) continue;
      for (const node of namesIn(arg)) {
        const name = String(asScalar(node)!.value).trim();
        const lookup = lookupFor(schema);
        if (lookup.get(name)) continue;
        const s = lookup.suggest(name);
        out.push(findingAt('CL120', `Schema object \`${schema.name?.value ?? schema.index + 1}\` has no property \`${name}\`${didYouMean(s)}.`, node, {
          fixes: s ? [replaceFix(`Change to \`${s}\``, node, ctx.text, s)] : undefined,
        }));
      }
    }
  }
  const el = rule.element;
  if (!el) return;
  // `element` is `column` (relative to the rule's schema object) or `table.column`.
  const text = el.value.trim();
  let target = schema;
  let column = text;
  const dot = text.indexOf('.');
  if (dot > 0 && (!schema || !lookupFor(schema).get(text))) {
    const tableName = text.slice(0, dot);
    const t = contract.schemas.find((x) => x.name?.value === tableName || x.physicalName?.value === tableName);
    if (t) {
      target = t;
      column = text.slice(dot + 1);
    } else if (!schema) {
      out.push(findingAt('CL120', `No schema object \`${tableName}\` in this contract${didYouMean(closest(tableName, contract.schemas.map((x) => x.name?.value ?? '')))}.`, el.node));
      return;
    }
  }
  if (!target) return;
  const lookup = lookupFor(target);
  if (lookup.get(column)) return;
  const s = lookup.suggest(column);
  out.push(findingAt('CL120', `Schema object \`${target.name?.value ?? target.index + 1}\` has no property \`${column}\`${didYouMean(s)}.`, el.node));
}

/** The scalar nodes of a string or list-of-strings argument. */
function namesIn(arg: Located<unknown>): YNode[] {
  const seq = asSeq(arg.node);
  const nodes = seq ? seq.items : [arg.node];
  return nodes.filter((n) => typeof asScalar(n)?.value === 'string' && String(asScalar(n)!.value).trim() !== '');
}

function checkThresholds(ctx: AnalysisContext, rule: QualityRule, out: Finding[]): void {
  const metric = rule.metric?.value;
  const percent = rule.unit?.value === 'percent';
  const counted = metric !== undefined && COUNT_METRICS.has(metric) && (rule.type === undefined || rule.type.value === 'library');
  const lo = 0;
  const hi = percent ? 100 : Infinity;
  const domain = percent ? 'a percentage (0 to 100)' : 'a number of rows (never negative)';
  const what = `${metric} counts ${domain}`;
  for (const op of rule.operators) {
    const v = op.value;
    if (op.name === 'mustBeBetween' || op.name === 'mustNotBeBetween') {
      const pair = Array.isArray(v.value) ? (v.value as unknown[]) : undefined;
      if (!pair || pair.length !== 2 || !isNumber(pair[0]) || !isNumber(pair[1])) continue;
      const [a, b] = pair as [number, number];
      const items = asSeq(v.node)?.items;
      if (a > b) {
        const fix = items && items.every((n) => asScalar(n)) ? [{ title: `Swap to [${b}, ${a}]`, edits: [
          { range: { start: items[0].start, end: items[0].end }, newText: ctx.text.slice(items[1].start, items[1].end) },
          { range: { start: items[1].start, end: items[1].end }, newText: ctx.text.slice(items[0].start, items[0].end) },
        ], preferred: true }] : undefined;
        out.push(findingAt('CL121', `${op.name} [${a}, ${b}]: the lower bound is greater than the upper bound, so ${op.name === 'mustBeBetween' ? 'no value can ever pass' : 'the rule can never fail'}. Write the smaller number first.`, v.node, { fixes: fix }));
      } else if (counted && op.name === 'mustBeBetween' && (b < lo || a > hi)) {
        out.push(findingAt('CL121', `mustBeBetween [${a}, ${b}] can never pass: ${what}.`, v.node));
      } else if (counted && op.name === 'mustNotBeBetween' && a <= lo && b >= hi) {
        out.push(findingAt('CL121', `mustNotBeBetween [${a}, ${b}] covers every possible value, so the rule can never pass: ${what}.`, v.node));
      }
      continue;
    }
    if (!counted || !isNumber(v.value)) continue;
    const x = v.value;
    const impossible =
      (op.name === 'mustBe' && (x < lo || x > hi || (!percent && !Number.isInteger(x)))) ||
      (op.name === 'mustBeGreaterThan' && x >= hi) ||
      (op.name === 'mustBeGreaterOrEqualTo' && x > hi) ||
      (op.name === 'mustBeLessThan' && x <= lo) ||
      (op.name === 'mustBeLessOrEqualTo' && x < lo);
    if (impossible) {
      const whole = op.name === 'mustBe' && !percent && !Number.isInteger(x) ? ' (a whole number)' : '';
      out.push(findingAt('CL121', `${op.name}: ${x} can never pass: ${what}${whole}.`, v.node));
    }
  }
}
