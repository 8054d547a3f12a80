/**
 * Issues (instance paths) → Findings (offsets in the text) with their quick fixes. The ranges follow what a reader
 * looks for: an unknown key highlights the key; a missing key the key of the object that lacks it (for a list item
 * its `name`, or its first key; for a key required by a `type`, that type's value); a wrong value the value.
 */
import type { Finding, Fix } from '../findings.js';
import { catalogSeverity } from '../rules/catalog.js';
import { asMap, asScalar, getNode, getPair, resolve, walkPath, type PathStep, type YNode } from '../syntax/ast.js';
import { insertPairEdit, removePairEdit, replaceScalarEdit } from './edits.js';
import type { DeprecatedKey } from './deprecated.js';
import type { Issue, Segment } from './issue.js';

interface Located {
  steps: PathStep[];
  /** The node at the full path, when the path exists in the tree. */
  node?: YNode;
}

function locatePath(root: YNode, path: readonly Segment[]): Located {
  const steps = walkPath(root, path);
  return { steps, node: steps.length === path.length + 1 ? steps[steps.length - 1].node : undefined };
}

/** The range that names a node: its key when it is a map value, else the node (never an empty range if avoidable). */
function nameRange(step: PathStep): { start: number; end: number } {
  const n = step.node;
  if (step.pair) return { start: step.pair.key.start, end: step.pair.key.end };
  const m = asMap(n);
  if (step.index !== undefined && m && m.pairs.length) {
    const name = getPair(m, 'name');
    const s = asScalar(name?.value);
    if (name && s && s.end > s.start) return { start: s.start, end: s.end };
    return { start: m.pairs[0].key.start, end: m.pairs[0].key.end };
  }
  return { start: n.start, end: Math.max(n.end, n.start + 1) };
}

function valueRange(step: PathStep): { start: number; end: number } {
  const n = resolve(step.node) ?? step.node;
  // A block list or mapping spans many lines: its key says where it is. Scalars and flow collections are shown.
  if ((n.kind === 'map' || n.kind === 'seq') && !n.flow && (step.pair || step.index !== undefined)) return nameRange(step);
  if (step.node.end > step.node.start) return { start: step.node.start, end: step.node.end };
  return nameRange(step);
}

/** "Change apiVersion to v3.2.0" for a key or value that only the newer version has. */
function newerVersionFix(version: string | undefined, root: YNode, text: string): Fix[] {
  const node = version ? asScalar(getNode(asMap(root), 'apiVersion')) : undefined;
  return node && version ? [{ title: `Change apiVersion to \`${version}\``, edits: [replaceScalarEdit(text, node, version)], preferred: true }] : [];
}

export function issueToFinding(issue: Issue, root: YNode, text: string): Finding | undefined {
  const { steps, node } = locatePath(root, issue.path);
  const last = steps[steps.length - 1];
  const severity = catalogSeverity(issue.code);
  const make = (range: { start: number; end: number }, fixes?: Fix[]): Finding => ({ code: issue.code, severity, message: issue.message, range, ...(fixes?.length ? { fixes } : {}) });

  switch (issue.kind) {
    case 'unknownKey': {
      const map = asMap(node);
      const pair = map ? getPair(map, issue.key) : undefined;
      if (!map || !pair) return make(nameRange(last));
      const fixes: Fix[] = newerVersionFix(issue.newerVersion, root, text);
      if (issue.suggestion) fixes.push({ title: `Rename to \`${issue.suggestion}\``, edits: [{ range: { start: pair.key.start, end: pair.key.end }, newText: issue.suggestion }], preferred: true });
      fixes.push({ title: `Remove \`${issue.key}\``, edits: [removePairEdit(text, map, pair)], preferred: !issue.suggestion });
      return make({ start: pair.key.start, end: pair.key.end }, fixes);
    }
    case 'missingKey': {
      const map = asMap(node);
      let range = nameRange(last);
      if (issue.discriminator && map) {
        const d = getPair(map, issue.discriminator);
        if (d) range = { start: d.value.start, end: Math.max(d.value.end, d.value.start + 1) };
      } else if (issue.path.length === 0 && map?.pairs.length) {
        range = { start: map.pairs[0].key.start, end: map.pairs[0].key.end };
      }
      const keys = issue.keys ?? [{ key: issue.key, placeholder: issue.placeholder }];
      const edits = map ? keys.map((k) => insertPairEdit(text, map, k.key, k.placeholder)) : [];
      if (edits.length === 0 || edits.some((e) => !e)) return make(range);
      // Several inserts at one offset: one edit with all the lines, so editors apply them in order.
      const edit = { range: edits[0]!.range, newText: edits.map((e) => e!.newText).join('') };
      const title = keys.length === 1 ? `Add \`${keys[0].key}: ${keys[0].placeholder}\`` : `Add the missing keys ${keys.map((k) => `\`${k.key}\``).join(', ')}`;
      const old = issue.renameFrom ? getPair(map, issue.renameFrom) : undefined;
      const rename: Fix[] = old ? [{ title: `Rename \`${issue.renameFrom}\` to \`${issue.key}\``, edits: [{ range: { start: old.key.start, end: old.key.end }, newText: issue.key }], preferred: true }] : [];
      return make(range, [...rename, { title, edits: [edit], preferred: rename.length === 0 }]);
    }
    case 'extraOperator': {
      const pair = getPair(asMap(node), issue.key);
      const map = asMap(node);
      if (!pair || !map) return make(nameRange(last));
      return make({ start: pair.key.start, end: pair.key.end }, [{ title: `Remove \`${issue.key}\``, edits: [removePairEdit(text, map, pair)] }]);
    }
    case 'duplicateItem':
      return make(node ? valueRange(last) : nameRange(last));
    case 'value': {
      if (!node) return make(nameRange(last));
      const scalar = asScalar(node);
      const fixes: Fix[] = newerVersionFix(issue.newerVersion, root, text);
      if (scalar && resolve(node) === node && issue.replacements?.length) {
        // A replacement keeps the quotes; a boolean must lose them to become a boolean.
        const unquote = issue.code === 'CL022';
        issue.replacements.forEach((r, i) => fixes.push({ title: `Replace with \`${r}\``, edits: [unquote ? { range: { start: scalar.start, end: scalar.end }, newText: r } : replaceScalarEdit(text, scalar, r)], preferred: i === 0 && issue.message.includes('Did you mean') }));
      }
      return make(valueRange(last), fixes);
    }
  }
}


/** A deprecated key: a hint on the key, struck through by editors, with a rename fix when that is all it takes. */
export function deprecatedToFinding(d: DeprecatedKey, root: YNode): Finding | undefined {
  const { node } = locatePath(root, d.path);
  const pair = getPair(asMap(node), d.key);
  if (!pair) return undefined;
  const range = { start: pair.key.start, end: pair.key.end };
  const fixes: Fix[] = d.replacement ? [{ title: `Rename to \`${d.replacement}\``, edits: [{ range, newText: d.replacement }], preferred: true }] : [];
  return { code: 'CL026', severity: catalogSeverity('CL026'), message: d.message, range, tags: ['deprecated'], ...(fixes.length ? { fixes } : {}) };
}
