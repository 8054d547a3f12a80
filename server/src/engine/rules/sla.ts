/**
 * CL131: an SLA `element` (`table.column`, several separated by commas) that names no property of the contract.
 * Tables match a schema object's name or physicalName, columns a property's name, physicalName or dotted path.
 * A warning, not an error: the official examples use `tab1.txn_ref_dt` for a table they never declare.
 * DCS `servicelevels.*.timestampField` is read into the same model and checked the same way.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, SchemaObject } from '../model/types.js';
import { PropertyLookup } from './quality.js';
import { closest, didYouMean, findingAt, valueIndexToOffset } from './util.js';

export function checkSlaElements(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  if (!contract.sla.some((s) => s.element)) return;
  const lookups = new Map<SchemaObject, PropertyLookup>();
  const lookup = (s: SchemaObject) => lookups.get(s) ?? lookups.set(s, new PropertyLookup(s)).get(s)!;
  const tableNames = contract.schemas.flatMap((s) => [s.name?.value, s.physicalName?.value]).filter((n): n is string => !!n);
  for (const sla of contract.sla) {
    const el = sla.element;
    if (!el) continue;
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
        if (contract.schemas.some((s) => lookup(s).get(name))) continue;
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
      if (lookup(schema).get(column)) continue;
      const s = lookup(schema).suggest(column);
      out.push(findingAt('CL131', `SLA element \`${name}\`: schema object \`${table}\` has no property \`${column}\`${didYouMean(s)}.`, range(dot + 1, name.length), {
        fixes: s ? fix(dot + 1, name.length, s) : undefined,
        related: schema.name ? [{ uri: ctx.uri, range: { start: schema.name.node.start, end: schema.name.node.end }, message: `schema object \`${table}\`` }] : undefined,
      }));
    }
  }
}
