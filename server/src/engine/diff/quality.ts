/**
 * Quality rules and relationships of one owner (a schema object or a property), old against new.
 * A quality rule is measured by `contractlens check` against a threshold: tightening one or adding one is reported
 * as a warning for producers (run `check` on the existing data), loosening or removing one as a warning for
 * consumers. An allowed-value list (`validValues`) or a `pattern` in a rule's arguments is a constraint on the
 * values themselves and is classified like `enum` and `pattern` on a property.
 */
import type { QualityRule, Relationship } from '../model/types.js';
import { nodeJS, type ChangeCollector } from './collector.js';
import { compareAllowedSet, compareIntervals, comparePattern, operatorInterval, setDelta, type Effect } from './constraints.js';
import { matchItems } from './match.js';
import { compareMetadata } from './metadata.js';
import { display } from './changes.js';

const RULE_HANDLED = new Set(['id', 'name', 'type', 'metric', 'rule', 'unit', 'query', 'arguments', 'severity', 'mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', 'mustBeBetween', 'mustNotBeBetween']);
const SEVERITY_RANK: Record<string, number> = { error: 2, warning: 1, info: 0 };

export function compareQuality(out: ChangeCollector, owner: string, before: QualityRule[], after: QualityRule[]): void {
  const keyed = (rules: QualityRule[]) => rules.map((r) => ({ item: r, id: idOf(r), name: ruleKey(r) }));
  const m = matchItems(keyed(before), keyed(after));
  for (const r of m.removed) {
    out.add({ code: 'CL324', level: 'warning', breaks: ['consumers'], subject: owner, message: `${owner}: quality rule ${describe(r)} removed; consumers lose this guarantee.`, at: { side: 'old', node: r.node }, before: describe(r) });
  }
  for (const r of m.added) {
    out.add({ code: 'CL326', level: 'warning', breaks: ['producers'], subject: owner, message: `${owner}: quality rule ${describe(r)} added; existing data may not pass it (run contractlens check).`, at: { side: 'new', node: r.node }, after: describe(r) });
  }
  for (const { before: b, after: a } of m.pairs) compareRule(out, owner, b, a);
}

function compareRule(out: ChangeCollector, owner: string, b: QualityRule, a: QualityRule): void {
  const label = `${owner}: quality rule ${describe(a)}`;
  const at = { side: 'new' as const, node: a.node };

  if ((b.metric?.value ?? b.type?.value) !== (a.metric?.value ?? a.type?.value)) {
    out.add({ code: 'CL326', level: 'warning', breaks: ['consumers', 'producers'], subject: owner, message: `${label}: metric changed.`, at: { side: 'new', node: (a.metric ?? a.type)?.node ?? a.node }, before: b.metric?.value ?? b.type?.value, after: a.metric?.value ?? a.type?.value });
  }

  // Threshold: the interval of accepted measured values.
  const bOp = b.operators[0];
  const aOp = a.operators[0];
  const bThr = bOp ? `${bOp.name} ${display(bOp.value.value)}${b.unit ? ' ' + b.unit.value : ''}` : undefined;
  const aThr = aOp ? `${aOp.name} ${display(aOp.value.value)}${a.unit ? ' ' + a.unit.value : ''}` : undefined;
  if (bThr !== aThr) {
    const sameUnit = (b.unit?.value ?? 'rows') === (a.unit?.value ?? 'rows');
    const effect: Effect = !bOp ? 'narrowed' : !aOp ? 'widened' : sameUnit ? compareIntervals(operatorInterval(bOp.name, bOp.value.value), operatorInterval(aOp.name, aOp.value.value)) : 'unknown';
    ruleEffect(out, owner, effect, `${label}: threshold`, { side: 'new', node: aOp?.value.node ?? a.node }, bThr, aThr);
  }

  const bs = b.severity?.value;
  const as = a.severity?.value;
  if (bs !== as) {
    const effect: Effect = (SEVERITY_RANK[as ?? 'error'] ?? 2) < (SEVERITY_RANK[bs ?? 'error'] ?? 2) ? 'widened' : 'narrowed';
    ruleEffect(out, owner, effect, `${label}: severity`, { side: 'new', node: a.severity?.node ?? a.node }, bs ?? '(default)', as ?? '(default)');
  }

  if ((b.query?.value ?? '').trim() !== (a.query?.value ?? '').trim()) {
    out.add({ code: 'CL326', level: 'warning', breaks: ['consumers', 'producers'], subject: owner, message: `${label}: SQL query changed; its effect on the data cannot be decided, review it.`, at: { side: 'new', node: a.query?.node ?? a.node }, before: b.query?.value, after: a.query?.value });
  }

  compareArguments(out, owner, label, b, a);
  compareMetadata(out, owner, b.node, a.node, RULE_HANDLED, at.node);
}

function compareArguments(out: ChangeCollector, owner: string, label: string, b: QualityRule, a: QualityRule): void {
  const bValid = listArg(b, 'validValues');
  const aValid = listArg(a, 'validValues');
  const vEffect = compareAllowedSet(bValid, aValid);
  if (vEffect !== 'same') {
    const node = a.arguments.get('validValues')?.node ?? a.node;
    const { removed, added } = setDelta(bValid, aValid);
    const detail = [removed.length ? `no longer allowed: ${removed.map((v) => display(v)).join(', ')}` : '', added.length ? `newly allowed: ${added.map((v) => display(v)).join(', ')}` : ''].filter(Boolean).join('; ');
    valueEffect(out, owner, vEffect, `${label}: validValues${detail ? ` (${detail})` : ''}`, { side: 'new', node }, bValid, aValid);
  }
  const bp = b.arguments.get('pattern')?.value;
  const ap = a.arguments.get('pattern')?.value;
  const pEffect = comparePattern(bp, ap);
  if (pEffect !== 'same') valueEffect(out, owner, pEffect, `${label}: pattern`, { side: 'new', node: a.arguments.get('pattern')?.node ?? a.node }, bp, ap);

  const others = new Set([...b.arguments.keys(), ...a.arguments.keys()]);
  others.delete('validValues');
  others.delete('pattern');
  for (const k of others) {
    const bv = b.arguments.get(k);
    const av = a.arguments.get(k);
    if (JSON.stringify(bv ? nodeJS(bv.node) : undefined) === JSON.stringify(av ? nodeJS(av.node) : undefined)) continue;
    out.add({ code: 'CL326', level: 'warning', breaks: ['consumers', 'producers'], subject: owner, message: `${label}: argument ${k} changed.`, at: { side: 'new', node: av?.node ?? a.node }, before: bv ? nodeJS(bv.node) : undefined, after: av ? nodeJS(av.node) : undefined });
  }
}

/** A rule's threshold or severity: loosened → CL325 (consumers), tightened or changed → CL326. */
function ruleEffect(out: ChangeCollector, owner: string, effect: Effect, what: string, at: { side: 'new'; node: { start: number; end: number } }, before?: string, after?: string): void {
  if (effect === 'same') return;
  if (effect === 'widened') out.add({ code: 'CL325', level: 'warning', breaks: ['consumers'], subject: owner, message: `${what} loosened.`, at, before, after });
  else out.add({ code: 'CL326', level: 'warning', breaks: effect === 'narrowed' ? ['producers'] : ['consumers', 'producers'], subject: owner, message: `${what} ${effect === 'narrowed' ? 'tightened; existing data may not pass it' : 'changed in both directions'}.`, at, before, after });
}

export interface Where {
  side: 'old' | 'new';
  node: { start: number; end: number };
}

/** Constraints on the values themselves, classified like a property's enum/pattern. */
export function valueEffect(out: ChangeCollector, subject: string, effect: Effect, what: string, at: Where, before: unknown, after: unknown): void {
  switch (effect) {
    case 'same':
      return;
    case 'narrowed':
      return out.add({ code: 'CL315', level: 'breaking', breaks: ['producers'], subject, message: `${what} narrowed: values accepted before are refused now.`, at, before, after });
    case 'widened':
      return out.add({ code: 'CL316', level: 'warning', breaks: ['consumers'], subject, message: `${what} widened: consumers may receive values the old contract excluded.`, at, before, after });
    case 'both':
      return out.add({ code: 'CL315', level: 'breaking', breaks: ['consumers', 'producers'], subject, message: `${what} changed: some old values are refused and some new values are allowed.`, at, before, after });
    case 'unknown':
      return out.add({ code: 'CL317', level: 'breaking', breaks: ['consumers', 'producers'], subject, message: `${what} changed; whether it accepts more or fewer values cannot be decided, so it is treated as breaking.`, at, before, after });
  }
}

export function compareRelationships(out: ChangeCollector, owner: string, before: Relationship[], after: Relationship[]): void {
  const edges = (rels: Relationship[]) => {
    const m = new Map<string, Relationship>();
    for (const r of rels) {
      const from = r.from.map((f) => f.value).join(',') || r.property?.path || '';
      for (const t of r.to) m.set(`${from} → ${t.value}`, r);
    }
    return m;
  };
  const b = edges(before);
  const a = edges(after);
  for (const [k, r] of b) {
    if (!a.has(k)) out.add({ code: 'CL319', level: 'breaking', breaks: ['consumers'], subject: owner, message: `${owner}: relationship ${k} removed; consumers joining on it lose the guarantee.`, at: { side: 'old', node: r.node }, before: k });
  }
  for (const [k, r] of a) {
    if (!b.has(k)) out.add({ code: 'CL320', level: 'warning', breaks: ['producers'], subject: owner, message: `${owner}: relationship ${k} added; existing rows may reference missing targets (run contractlens check).`, at: { side: 'new', node: r.node }, after: k });
  }
}

function listArg(r: QualityRule, name: string): unknown[] | undefined {
  const v = r.arguments.get(name)?.value;
  return Array.isArray(v) ? v : undefined;
}

function idOf(r: QualityRule): string | undefined {
  const id = r.node.pairs.find((p) => p.key.value === 'id')?.value;
  return id && id.kind === 'scalar' && id.value !== null ? String(id.value) : undefined;
}

/** Rules without a name are paired by what they measure. */
function ruleKey(r: QualityRule): string {
  return r.name?.value ?? `${r.type?.value ?? 'library'}:${r.metric?.value ?? ''}`;
}

function describe(r: QualityRule): string {
  return r.name?.value ?? r.metric?.value ?? (r.type?.value === 'sql' ? 'sql' : r.type?.value ?? 'rule');
}
