/**
 * CL103: `primaryKeyPosition` gaps or duplicates inside one schema object. Positions of the key's columns must be
 * 1, 2, … n. A position of -1 (or 0) means "not part of the key" and is what the official examples write next to
 * `primaryKey: false`, so it is ignored.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Property } from '../model/types.js';
import { allProperties, findingAt, replaceFix } from './util.js';

export function checkPrimaryKeyPositions(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  for (const schema of contract.schemas) {
    const keyed: { prop: Property; pos: number }[] = [];
    for (const prop of allProperties(schema.properties)) {
      const pos = prop.primaryKeyPosition;
      if (!pos || pos.value < 1) continue;
      if (prop.primaryKey?.value === false) {
        out.push(findingAt('CL103', `\`${prop.path}\` has primaryKeyPosition ${pos.value} but primaryKey: false. Set primaryKey: true, or use -1 for a column outside the key.`, pos.node, {
          fixes: [replaceFix('Set primaryKeyPosition to -1', pos.node, ctx.text, '-1')],
        }));
        continue;
      }
      if (!Number.isInteger(pos.value)) {
        out.push(findingAt('CL103', `primaryKeyPosition must be a whole number (1, 2, …), not ${pos.value}.`, pos.node));
        continue;
      }
      keyed.push({ prop, pos: pos.value });
    }
    if (keyed.length === 0) continue;
    const byPos = new Map<number, Property>();
    for (const k of keyed) {
      const first = byPos.get(k.pos);
      if (first) {
        out.push(findingAt('CL103', `Duplicate primaryKeyPosition ${k.pos}: \`${first.path}\` already has this position. Each column of a composite key needs its own position (1, 2, …).`, k.prop.primaryKeyPosition!.node, {
          related: [{ uri: ctx.uri, range: { start: first.primaryKeyPosition!.node.start, end: first.primaryKeyPosition!.node.end }, message: `\`${first.path}\` has primaryKeyPosition ${k.pos}` }],
        }));
      } else byPos.set(k.pos, k.prop);
    }
    // Gaps: each position that does not follow the previous one is reported, naming the missing number(s).
    const sorted = [...byPos.keys()].sort((a, b) => a - b);
    let prev = 0;
    for (const pos of sorted) {
      if (pos !== prev + 1) {
        const node = byPos.get(pos)!.primaryKeyPosition!.node;
        const missing = prev + 1 === pos - 1 ? `${prev + 1}` : `${prev + 1}…${pos - 1}`;
        out.push(findingAt('CL103', `primaryKeyPosition ${pos} leaves a gap: no column of \`${schema.name?.value ?? 'this schema object'}\` has position ${missing}. The positions of a key's columns run 1, 2, … without gaps.`, node, {
          fixes: [replaceFix(`Change primaryKeyPosition to ${prev + 1}`, node, ctx.text, String(prev + 1))],
        }));
      }
      prev = pos;
    }
  }
}
