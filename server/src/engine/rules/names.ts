/** CL101 / CL102: two schema objects, or two sibling properties, with the same name. */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract, Property } from '../model/types.js';
import { findingAt } from './util.js';

export function checkDuplicateNames(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  const schemaNames = new Map<string, Contract['schemas'][number]>();
  for (const s of contract.schemas) {
    const first = s.name && schemaNames.get(s.name.value);
    if (s.name && !first) {
      schemaNames.set(s.name.value, s);
    } else if (s.name && first) {
      const word = contract.format === 'dcs' ? 'model' : 'schema object';
      out.push(findingAt('CL101', `Duplicate ${word} name \`${s.name.value}\`: it is already declared above. References such as \`${s.name.value}.<property>\` become ambiguous.`, s.name.node, {
        related: [{ uri: ctx.uri, range: { start: first.name!.node.start, end: first.name!.node.end }, message: `first ${word} named \`${s.name.value}\`` }],
      }));
    }
    siblings(ctx, s.properties, s.name ? `schema object \`${s.name.value}\`` : `schema object #${s.index + 1}`, out);
  }
}

/** Walks nested levels iteratively: one Map per level, O(number of properties). */
function siblings(ctx: AnalysisContext, top: Property[], topOwner: string, out: Finding[]): void {
  const stack: { props: Property[]; owner: string }[] = [{ props: top, owner: topOwner }];
  while (stack.length) {
    const { props, owner } = stack.pop()!;
    const seen = new Map<string, Property>();
    for (const p of props) {
      if (p.name) {
        const first = seen.get(p.name.value);
        if (!first) seen.set(p.name.value, p);
        else {
          out.push(findingAt('CL102', `Duplicate property \`${p.name.value}\` in ${owner}: a property name must be unique among its siblings.`, p.name.node, {
            related: [{ uri: ctx.uri, range: { start: first.name!.node.start, end: first.name!.node.end }, message: `first property named \`${p.name.value}\`` }],
          }));
        }
      }
      if (p.properties.length) stack.push({ props: p.properties, owner: `property \`${p.path}\`` });
      if (p.items?.properties.length) stack.push({ props: p.items.properties, owner: `the items of \`${p.path}\`` });
    }
  }
}
