/**
 * "Upgrade to v3.1.0" for ODCS v3.0.x files: the edits that rewrite the v3.0 forms into their v3.1 spelling, and
 * the CL009 hints that offer them (on `apiVersion`, and on a `metric` key, which v3.0 spells `rule`).
 *
 *   apiVersion: v3.0.x                          → v3.1.0
 *   quality `rule: nullCheck`                   → `metric: nullValues` (known v3.0 names mapped to v3.1's metrics),
 *                                                 plus the operator v3.1 requires when the rule had none
 *   logicalTypeOptions `maximum: 9` +
 *                     `exclusiveMaximum: true`  → `exclusiveMaximum: 9` (likewise minimum); `…: false` is dropped
 *   team member `comment`                       → `description` (when it has none)
 *
 * A `rule` whose name has no v3.1 metric is left as is: the v3.1 schema then points at it, for a person to decide.
 */
import type { Finding, TextEdit } from '../findings.js';
import type { Contract } from '../model/types.js';
import { allQualityRules } from '../rules/quality.js';
import { allSchemaProperties } from '../rules/util.js';
import { asMap, asScalar, asSeq, getNode, getPair, keyText, type YMap } from '../syntax/ast.js';
import { insertPairEdit, removePairEdit, replaceScalarEdit } from './edits.js';

/** v3.0 library rule names seen in the wild → v3.1 metric, and the operator that says "passes" when none was given. */
const RULE_TO_METRIC: Record<string, { metric: string; operator: string }> = {
  nullcheck: { metric: 'nullValues', operator: 'mustBe: 0' },
  notnull: { metric: 'nullValues', operator: 'mustBe: 0' },
  nullvalues: { metric: 'nullValues', operator: 'mustBe: 0' },
  missingvalues: { metric: 'missingValues', operator: 'mustBe: 0' },
  uniquecheck: { metric: 'duplicateValues', operator: 'mustBe: 0' },
  unique: { metric: 'duplicateValues', operator: 'mustBe: 0' },
  duplicatecount: { metric: 'duplicateValues', operator: 'mustBe: 0' },
  duplicatevalues: { metric: 'duplicateValues', operator: 'mustBe: 0' },
  validvalues: { metric: 'invalidValues', operator: 'mustBe: 0' },
  invalidvalues: { metric: 'invalidValues', operator: 'mustBe: 0' },
  rowcount: { metric: 'rowCount', operator: 'mustBeGreaterThan: 0' },
  countcheck: { metric: 'rowCount', operator: 'mustBeGreaterThan: 0' },
};
const OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', 'mustBeBetween', 'mustNotBeBetween'];

export function isV30(contract: Contract): boolean {
  return contract.format === 'odcs' && /^v3\.0\.\d+$/.test(contract.formatVersion?.value ?? '');
}

/** Every edit of the upgrade, non-overlapping. */
export function upgradeToV31Edits(text: string, contract: Contract): TextEdit[] {
  const edits: TextEdit[] = [];
  const version = asScalar(getNode(contract.root, 'apiVersion'));
  if (version) edits.push(replaceScalarEdit(text, version, 'v3.1.0'));
  for (const rule of allQualityRules(contract)) {
    const pair = getPair(rule.node, 'rule');
    if (!pair || getPair(rule.node, 'metric')) continue;
    const name = asScalar(pair.value)?.value;
    const mapped = typeof name === 'string' ? RULE_TO_METRIC[name.toLowerCase()] : undefined;
    if (!mapped) continue;
    edits.push({ range: { start: pair.key.start, end: pair.key.end }, newText: 'metric' });
    edits.push(replaceScalarEdit(text, asScalar(pair.value)!, mapped.metric));
    if (!rule.node.pairs.some((p) => OPERATORS.includes(keyText(p)))) {
      const [key, value] = mapped.operator.split(': ');
      const e = insertPairEdit(text, rule.node, key, value);
      if (e) edits.push(e);
    }
  }
  const team = asSeq(getNode(contract.root, 'team'));
  for (const member of team?.items ?? []) {
    const m = asMap(member);
    const comment = m && getPair(m, 'comment');
    if (comment && !getPair(m, 'description')) edits.push({ range: { start: comment.key.start, end: comment.key.end }, newText: 'description' });
  }
  for (const [, prop] of allSchemaProperties(contract)) {
    const options = asMap(getNode(prop.node, 'logicalTypeOptions'));
    if (options) edits.push(...exclusiveBoundEdits(text, options, 'maximum'), ...exclusiveBoundEdits(text, options, 'minimum'));
  }
  return edits;
}

function exclusiveBoundEdits(text: string, options: YMap, bound: 'maximum' | 'minimum'): TextEdit[] {
  const exclusiveKey = bound === 'maximum' ? 'exclusiveMaximum' : 'exclusiveMinimum';
  const exclusive = getPair(options, exclusiveKey);
  const flag = asScalar(exclusive?.value)?.value;
  if (!exclusive || typeof flag !== 'boolean') return [];
  const plain = getPair(options, bound);
  if (!flag || !plain) return [removePairEdit(text, options, exclusive)];
  // `maximum: 9` + `exclusiveMaximum: true` → `exclusiveMaximum: 9`.
  return [{ range: { start: exclusive.value.start, end: exclusive.value.end }, newText: text.slice(plain.value.start, plain.value.end) }, removePairEdit(text, options, plain)];
}

/** CL009 hints of a v3.0.x file: the upgrade on `apiVersion`; `metric` (the v3.1 name) where v3.0 says `rule`. */
export function upgradeHints(text: string, contract: Contract): Finding[] {
  if (!isV30(contract)) return [];
  const node = getNode(contract.root, 'apiVersion')!;
  const upgrade = { title: 'Upgrade to v3.1.0', edits: upgradeToV31Edits(text, contract) };
  const out: Finding[] = [
    { code: 'CL009', severity: 'hint', message: `ODCS ${contract.formatVersion!.value} file: v3.1.0 renames quality \`rule\` to \`metric\` and writes exclusive bounds as values. "Upgrade to v3.1.0" rewrites these forms.`, range: { start: node.start, end: node.end }, fixes: [upgrade] },
  ];
  for (const rule of allQualityRules(contract)) {
    const metric = getPair(rule.node, 'metric');
    if (!metric || getPair(rule.node, 'rule')) continue;
    out.push({
      code: 'CL009',
      severity: 'hint',
      message: '`metric` is the ODCS v3.1 name of this key; a v3.0.x file spells it `rule`. It is accepted: upgrade the file to v3.1.0 to make it the standard key, or rename it.',
      range: { start: metric.key.start, end: metric.key.end },
      fixes: [upgrade, { title: 'Rename to `rule`', edits: [{ range: { start: metric.key.start, end: metric.key.end }, newText: 'rule' }] }],
    });
  }
  return out;
}
