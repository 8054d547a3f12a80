/**
 * Relationships (foreign keys), resolved across every contract of the workspace:
 *   CL110  a `to` target that does not exist (warning: official examples point at contracts outside any corpus)
 *   CL113  a schema-level `from` that names no property of this contract, or a column of another schema object
 *   CL112  `from` and `to` of different lengths or shapes (a composite key needs one target per source column)
 *   CL111  source and target of incompatible logical types (table in typeCompatibility.ts)
 * Reference syntax and lookup live in workspace/references.ts; this module only explains what is missing.
 * Contracts named by an http(s) URL are not judged: nothing is fetched.
 */
import type { AnalysisContext } from './context.js';
import type { Finding, RelatedLocation } from '../findings.js';
import type { Contract, Located, Property, Relationship, SchemaObject } from '../model/types.js';
import { asSeq, getNode } from '../syntax/ast.js';
import { parseReference, resolveFileUri, resolveReference, type ParsedReference } from '../workspace/references.js';
import { typesCompatible } from './typeCompatibility.js';
import { allProperties, closest, didYouMean, findingAt, valueIndexToOffset } from './util.js';

export function checkRelationships(ctx: AnalysisContext, contract: Contract, out: Finding[]): void {
  let workspace: Contract[] | undefined;
  // The analysed version of this document replaces whatever the index holds for its URI.
  const contracts = () => (workspace ??= [contract, ...[...ctx.workspace.contracts()].filter((c) => c.uri !== contract.uri)]);
  for (const schema of contract.schemas) {
    for (const rel of schema.relationships) checkOne(ctx, contract, rel, contracts, out);
    for (const prop of allProperties(schema.properties)) for (const rel of prop.relationships) checkOne(ctx, contract, rel, contracts, out);
  }
}

function checkOne(ctx: AnalysisContext, contract: Contract, rel: Relationship, contracts: () => Contract[], out: Finding[]): void {
  // Sources: the declaring property (property level), or the explicit `from` list resolved inside this contract.
  const sources: (Property | undefined)[] = [];
  if (rel.property) sources.push(rel.property);
  else {
    for (const from of rel.from) {
      const ref = parseReference(from.value);
      const resolved = ref && resolveReference(ref, contract.uri, [contract], contract).targets[0];
      const found = resolved?.property;
      if (!ref) out.push(malformed(from, 'CL113'));
      else if (resolved && !found) {
        out.push(findingAt('CL113', `\`from\` names the whole schema object \`${from.value.trim()}\`: list its columns (\`${from.value.trim()}.<property>\`), one per target.`, from.node));
      } else if (!found) out.push(explainMissing(ctx, contract, from, ref, [contract], 'CL113'));
      else if (found.schema !== rel.owner) {
        // The source columns are the declaring object's own: `from: users.id` inside `orders` is a slip.
        const owner = rel.owner.name?.value ?? `#${rel.owner.index + 1}`;
        out.push(findingAt('CL113', `\`from\` names \`${from.value.trim()}\`, a column of \`${found.schema.name?.value ?? ''}\`: the source columns of a relationship belong to the schema object that declares it (\`${owner}\`).`, from.node));
      }
      sources.push(found);
    }
  }
  const targets: (Property | undefined)[] = [];
  for (const to of rel.to) {
    const ref = parseReference(to.value);
    if (!ref) {
      out.push(malformed(to, 'CL110'));
      targets.push(undefined);
      continue;
    }
    if (ref.file && /^[a-z][a-z0-9+.-]*:\/\//i.test(ref.file) && !/^file:/i.test(ref.file)) {
      // A contract published at a URL: nothing here can (or may) fetch it, so it is not judged.
      targets.push(undefined);
      continue;
    }
    const result = resolveReference(ref, contract.uri, contracts(), contract);
    if (result.targets.length === 0) out.push(explainMissing(ctx, contract, to, ref, contracts(), 'CL110'));
    targets.push(result.targets[0]?.property);
  }
  const fromNode = getNode(rel.node, 'from');
  const toNode = getNode(rel.node, 'to');
  if (!rel.property && fromNode && toNode && (asSeq(fromNode) === undefined) !== (asSeq(toNode) === undefined)) {
    // ODCS: `from` and `to` are both strings (one column) or both lists (a composite key), never mixed.
    out.push(findingAt('CL112', `\`from\` is ${asSeq(fromNode) ? 'a list' : 'a single reference'} but \`to\` is ${asSeq(toNode) ? 'a list' : 'a single reference'}: write both as strings (one column) or both as lists (a composite key).`, toNode));
    return;
  }
  const sourceCount = rel.property ? 1 : rel.from.length;
  if (rel.to.length > 0 && sourceCount > 0 && sourceCount !== rel.to.length) {
    const what = rel.property ? `a property-level relationship has one source column (\`${rel.property.path}\`)` : `\`from\` lists ${sourceCount} column${sourceCount === 1 ? '' : 's'}`;
    out.push(findingAt('CL112', `\`to\` lists ${rel.to.length} target${rel.to.length === 1 ? '' : 's'} but ${what}: a composite key needs exactly one target per source column, in the same order.`, toNode ?? rel.node));
    return;
  }
  for (let i = 0; i < targets.length; i++) {
    const from = sources[i];
    const to = targets[i];
    if (!from?.logicalType || !to?.logicalType) continue;
    if (typesCompatible(from.logicalType.value, to.logicalType.value)) continue;
    const target = rel.to[i];
    out.push(findingAt('CL111', `\`${from.path}\` (${from.logicalType.value}) references \`${target.value.trim()}\` (${to.logicalType.value}): values of these logical types cannot match. Use the same logicalType on both sides.`, target.node, {
      related: [
        { uri: contract.uri, range: span(from.logicalType), message: `source type: ${from.logicalType.value}` },
        { uri: uriOf(to, contracts()), range: span(to.logicalType), message: `target type: ${to.logicalType.value}` },
      ],
    }));
  }
}

function malformed(ref: Located<string>, code: string): Finding {
  return findingAt(code, `\`${ref.value}\` is not a reference: write \`schema.property\`, \`schema/<id>/properties/<id>\`, optionally prefixed by \`file.yaml#\`.`, ref.node);
}

/** Says which part of a reference is missing, pointing at that part, with a replace fix when a close name exists. */
function explainMissing(ctx: AnalysisContext, contract: Contract, loc: Located<string>, ref: ParsedReference, all: Contract[], code: string): Finding {
  const toOffset = valueIndexToOffset(ctx.text, loc.node);
  const lead = loc.value.length - loc.value.trimStart().length;
  const seg = segmentSpans(ref);
  const range = (k: number) => ({ start: toOffset(lead + seg[k].start), end: toOffset(lead + seg[k].end) });
  const fixFor = (k: number, name: string) => [{ title: `Change to \`${name}\``, edits: [{ range: range(k), newText: name }], preferred: true }];
  const qualified = ref.kind === 'qualified';
  const label = (s: string) => (qualified ? `with id \`${s}\`` : `\`${s}\``);

  let scope = all;
  if (ref.file) {
    const uri = resolveFileUri(contract.uri, ref.file);
    scope = all.filter((c) => c.uri === uri);
    if (scope.length === 0) {
      const end = toOffset(lead + ref.file.length);
      return findingAt(code, `No contract file \`${ref.file}\` in the workspace (looked for ${uri}).`, { start: toOffset(lead), end });
    }
  } else if (code === 'CL110' && scope.length > 1 && scope[0].schemas.some((s) => matches(s, ref.segments[0], qualified))) {
    scope = [scope[0]];
  }
  const schemas: { contract: Contract; schema: SchemaObject }[] = [];
  for (const c of scope) for (const s of c.schemas) if (matches(s, ref.segments[0], qualified)) schemas.push({ contract: c, schema: s });
  const where = ref.file ? `\`${ref.file}\`` : code === 'CL113' ? 'this contract' : 'the workspace';
  if (schemas.length === 0) {
    const names = scope.flatMap((c) => c.schemas.map((s) => (qualified ? s.id?.value : s.name?.value)).filter((n): n is string => !!n));
    const suggestion = closest(ref.segments[0], names);
    const msg = `No schema object ${label(ref.segments[0])} in ${where}${didYouMean(suggestion)}.${code === 'CL110' && !ref.file ? ' If it lives in a contract outside this workspace, add that contract or suppress this warning.' : ''}`;
    return findingAt(code, msg, range(0), { fixes: suggestion ? fixFor(0, suggestion) : undefined });
  }
  // The schema exists: find how deep the path goes in the best candidate, and name the first missing step.
  // The deepest match wins; among equally deep ones (the same object name in several contracts), the one that
  // has a close name to suggest.
  const nameOf = (p: Property) => (qualified ? p.id?.value : p.name?.value);
  let best: { depth: number; level: Property[]; owner: { contract: Contract; schema: SchemaObject }; parentPath: string; suggestion?: string } | undefined;
  for (const cand of schemas) {
    let level = cand.schema.properties;
    let depth = 0;
    let parentPath = '';
    for (let k = 1; k < ref.segments.length; k++) {
      const p = level.find((x) => nameOf(x) === ref.segments[k]);
      if (!p) break;
      depth = k;
      parentPath = p.path;
      level = p.items ? [...p.properties, ...p.items.properties] : p.properties;
    }
    const missing = ref.segments[depth + 1];
    const suggestion = missing === undefined ? undefined : closest(missing, level.map(nameOf).filter((n): n is string => !!n));
    if (!best || depth > best.depth || (depth === best.depth && suggestion && !best.suggestion)) best = { depth, level, owner: cand, parentPath, suggestion };
  }
  best = best!;
  const k = best.depth + 1;
  const suggestion = best.suggestion;
  const schemaName = best.owner.schema.name?.value ?? ref.segments[0];
  const owner = best.parentPath ? `property \`${schemaName}.${best.parentPath}\`` : `schema object \`${schemaName}\``;
  const related: RelatedLocation[] = schemas.slice(0, 5).map(({ contract: c, schema }) => ({
    uri: c.uri,
    range: span(schema.name ?? schema.id) ?? { start: schema.node.start, end: schema.node.start },
    message: `schema object \`${schema.name?.value ?? schema.id?.value}\``,
  }));
  return findingAt(code, `${owner[0].toUpperCase()}${owner.slice(1)} has no property ${label(ref.segments[k])}${didYouMean(suggestion)}.`, range(k), {
    related,
    fixes: suggestion ? fixFor(k, suggestion) : undefined,
  });
}

function matches(s: SchemaObject, key: string, qualified: boolean): boolean {
  return (qualified ? s.id?.value : s.name?.value) === key;
}

/** Character spans of each segment inside the trimmed reference text. */
function segmentSpans(ref: ParsedReference): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let at = ref.pathOffset;
  ref.segments.forEach((seg, k) => {
    if (ref.kind === 'qualified') at += k === 0 ? 'schema/'.length : '/properties/'.length;
    spans.push({ start: at, end: at + seg.length });
    at += seg.length + (ref.kind === 'shorthand' ? 1 : 0);
  });
  return spans;
}

function span(l: Located<unknown> | undefined): { start: number; end: number } {
  return l ? { start: l.node.start, end: l.node.end } : { start: 0, end: 0 };
}

function uriOf(p: Property, contracts: Contract[]): string {
  return contracts.find((c) => c.schemas.includes(p.schema))?.uri ?? '';
}
