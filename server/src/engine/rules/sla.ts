/**
 * CL131: an SLA `element` (`table.column`, several separated by commas), or the contract's `slaDefaultElement`, that
 * names no property of the contract.
 * CL137: a time-based SLA (`retention`, `latency`, `freshness`) measured on a property that is not a date or a
 * timestamp: the age of a row cannot be read from it.
 * Tables match a schema object's name or physicalName, columns a property's name, physicalName or dotted path.
 * A warning, not an error: the official examples use `tab1.txn_ref_dt` for a table they never declare.
 * DCS `servicelevels.*.timestampField` is read into the same model and checked the same way.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Located, Property, SchemaObject, SlaProperty } from '../model/types.js';
import { asScalar, getNode } from '../syntax/ast.js';
import { PropertyLookup } from './quality.js';
import { closest, didYouMean, findingAt, valueIndexToOffset } from './util.js';

const TIME_BASED = new Set(['retention', 'latency', 'freshness']);
const TEMPORAL = /^(date|timestamp|timestamp_tz|timestamp_ntz|datetime)$/i;

export function checkSlaElements(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  const defaultNode = asScalar(getNode(contract.root, 'slaDefaultElement'));
  const defaultElement: Located<string> | undefined = defaultNode && typeof defaultNode.value === 'string' ? { value: defaultNode.value, node: defaultNode } : undefined;
  const elements: { el: Located<string>; sla?: SlaProperty }[] = contract.sla.filter((s) => s.element).map((s) => ({ el: s.element!, sla: s }));
  if (defaultElement) elements.push({ el: defaultElement });
  if (!elements.length) return;
  const lookups = new Map<SchemaObject, PropertyLookup>();
  const lookup = (s: SchemaObject) => lookups.get(s) ?? lookups.set(s, new PropertyLookup(s)).get(s)!;
  const tableNames = contract.schemas.flatMap((s) => [s.name?.value, s.physicalName?.value]).filter((n): n is string => !!n);
  const timeBased = (sla: SlaProperty | undefined) => !!sla?.property && TIME_BASED.has(sla.property.value.toLowerCase());
  for (const { el, sla } of elements) {
    const toOffset = valueIndexToOffset(ctx.text, el.node);
    let at = 0;
    for (const part of el.value.split(',')) {
      const lead = part.length - part.trimStart().length;
      const name = part.trim();
      const start = at + lead;
      at += part.length + 1;
      if (!name) continue;
      const range = (from: number, to: number) => ({ start: toOffset(start + from), end: toOffset(start + to) });
      const fix = (from: number, to: number, text: string) => [{ title: `Change to \`${text}\``, edits: [{ range: range(from, to), newText: text }], preferred: true }];
      const dot = name.indexOf('.');
      if (dot < 0) {
        // A bare column: any schema object may hold it.
        const anywhere = contract.schemas.map((s) => lookup(s).get(name)).find(Boolean);
        if (anywhere) {
          if (timeBased(sla)) notTemporal(sla!, anywhere, range(0, name.length), out);
          continue;
        }
        const s = closest(name, contract.schemas.flatMap((x) => [...lookup(x).names.keys()]));
        out.push(findingAt('CL131', `No property \`${name}\` in this contract${didYouMean(s)}. An SLA element is \`table.column\`.`, range(0, name.length), { fixes: s ? fix(0, name.length, s) : undefined }));
        continue;
      }
      const table = name.slice(0, dot);
      const column = name.slice(dot + 1);
      const schema = contract.schemas.find((s) => s.name?.value === table || s.physicalName?.value === table);
      if (!schema) {
        const s = closest(table, tableNames);
        out.push(findingAt('CL131', `SLA element \`${name}\`: no schema object \`${table}\` in this contract${didYouMean(s)}.`, range(0, dot), { fixes: s ? fix(0, dot, s) : undefined }));
        continue;
      }
      const prop = lookup(schema).get(column);
      if (prop) {
        if (timeBased(sla)) notTemporal(sla!, prop, range(dot + 1, name.length), out);
        continue;
      }
      const s = lookup(schema).suggest(column);
      out.push(findingAt('CL131', `SLA element \`${name}\`: schema object \`${table}\` has no property \`${column}\`${didYouMean(s)}.`, range(dot + 1, name.length), {
        fixes: s ? fix(dot + 1, name.length, s) : undefined,
        related: schema.name ? [{ uri: ctx.uri, range: { start: schema.name.node.start, end: schema.name.node.end }, message: `schema object \`${table}\`` }] : undefined,
      }));
    }
  }
}

function notTemporal(sla: SlaProperty, prop: Property, range: { start: number; end: number }, out: Finding[]): void {
  const t = prop.logicalType?.value;
  if (!t || TEMPORAL.test(t)) return;
  out.push(findingAt('CL137', `A \`${sla.property!.value}\` SLA is measured on a date or timestamp, but \`${prop.path}\` is ${/^[aeiou]/i.test(t) ? 'an' : 'a'} \`${t}\`: point \`element\` at the column that records when the row was created or updated.`, range));
}
