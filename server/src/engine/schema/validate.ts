/**
 * Structure validation (CL020–CL026, CL008): our JSON Schemas run by ajv, errors mapped back to YAML nodes.
 *
 * Runs on every keystroke, so: the validators are compiled once per process (validators.ts); the document is
 * validated as a "frame" (everything but the `schema[]` items) plus one validation per schema item; and an item's
 * raw ajv errors are cached in its parse chunk's `memo`: they hold instance paths, not offsets, so they stay true
 * when the chunk moves. A keystroke inside one schema object re-validates that object and the (small) frame only.
 */
import type { ErrorObject } from 'ajv';
import type { AnalysisContext } from '../rules/context.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { asScalar, getNode } from '../syntax/ast.js';
import { replaceScalarEdit } from './edits.js';
import { interpretErrors, type Issue, type Newer } from './interpret.js';
import { findDeprecatedKeys, type DeprecatedKey } from './deprecated.js';
import type { JsonSchema } from './json/dsl.js';
import { deprecatedToFinding, issueToFinding } from './locate.js';
import { schemaFor } from './schemas.js';
import { runValidator, validatorsFor } from './validators.js';
import { ruleSetFor, ruleSetKey, type RuleSet } from './version.js';
import { upgradeHints } from './upgrade.js';
import { versionFindings } from './versionFindings.js';

interface Collected {
  issues: Issue[];
  deprecated: DeprecatedKey[];
}

export function validateStructure(ctx: AnalysisContext): Finding[] {
  const contract = ctx.contract;
  if (!contract) return [];
  const doc = ctx.js();
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const format = contract.format;
  const versionKey = format === 'dcs' ? 'dataContractSpecification' : 'apiVersion';
  const declared = (doc as Record<string, unknown>)[versionKey];
  const findings = versionFindings(ctx.text, format, declared, getNode(contract.root, versionKey));
  const ruleSet = ruleSetFor(format, declared);
  // Only for a declared older version: with no apiVersion at all, the missing key is the message.
  const newer: Newer | undefined =
    ruleSet.format === 'odcs' && ruleSet.rules !== '3.2' && typeof declared === 'string' ? (ruleSet.rules === '3.0' ? { root: schemaFor({ format: 'odcs', rules: '3.1' }), version: 'v3.1.0' } : { root: schemaFor({ format: 'odcs', rules: '3.2' }), version: 'v3.2.0' }) : undefined;

  let { issues, deprecated } = collect(ctx, doc as Record<string, unknown>, ruleSet, newer);
  let formsOf31: Finding | undefined;
  if (ruleSet.format === 'odcs' && ruleSet.rules === '3.0' && issues.length) {
    // The v3.1.0 standard accepts files that declare v3.0.x (its schema's apiVersion enum lists them), and the
    // standard's own v3.1 examples do so while using v3.1 forms. A v3.0.x file that fails the v3.0 rules but passes
    // v3.1's is valid in v3.1 forms: validated by those, with a CL010 warning to declare the version it follows.
    const v31 = collect(ctx, doc as Record<string, unknown>, { format: 'odcs', rules: '3.1' }, undefined);
    if (v31.issues.length < issues.length) {
      ({ issues, deprecated } = v31);
      formsOf31 = v31FormsFinding(ctx.text, contract, String(declared));
    }
  }
  if (formsOf31) findings.push(formsOf31);
  // The version key is judged by versionFindings (known, future, unsupported, malformed): drop ajv's view of it.
  const relevant = issues.filter((i) => !(i.path.length === 1 && i.path[0] === versionKey && i.kind === 'value'));
  const renamed = explainByRenames(relevant, deprecated);
  for (const issue of relevant) {
    const f = issueToFinding(issue, contract.root, ctx.text);
    if (!f) continue;
    // The Data Contract Specification tolerates keys it does not define: a warning, not an error, there.
    if (format === 'dcs' && f.code === 'CL020') {
      f.severity = 'warning';
      f.message += ' (The Data Contract Specification tolerates unknown keys, but no tool reads this one.)';
    }
    findings.push(f);
  }
  // A v3.0 contract cannot be blamed for what v3.1 deprecated.
  const v30 = format === 'odcs' && typeof declared === 'string' && declared.startsWith('v3.0.');
  for (const d of v30 ? [] : deprecated.filter((x) => !renamed.has(x))) {
    const f = deprecatedToFinding(d, contract.root);
    if (f) findings.push(f);
  }
  if (v30 && !formsOf31) findings.push(...upgradeHints(ctx.text, contract));
  return findings;
}

/** Frame validated each time (small); each schema item validated once per text of its chunk (memo). */
function collect(ctx: AnalysisContext, doc: Record<string, unknown>, ruleSet: RuleSet, newer: Newer | undefined): Collected {
  const root = schemaFor(ruleSet);
  const validators = validatorsFor(ruleSet);
  const items = doc.schema;
  const perItem = !!validators.item && Array.isArray(items);
  const issues = interpretErrors(runValidator(validators.frame, doc), [], doc, root, newer);
  const deprecated = findDeprecatedKeys(root, root, perItem ? { ...doc, schema: undefined } : doc, []);
  if (!perItem) return { issues, deprecated };
  const list = items as unknown[];
  const chunks = ctx.parsed.schemaChunks.length === list.length ? ctx.parsed.schemaChunks : undefined;
  const memoKey = `structure:${ruleSetKey(ruleSet)}`;
  const itemSchema = (root.$defs as Record<string, JsonSchema>).SchemaObject;
  list.forEach((item, i) => {
    const chunk = chunks?.[i];
    // Raw ajv errors and deprecated keys, relative to the item: true wherever the item moves.
    let cached = chunk?.memo.get(memoKey) as { errors: ErrorObject[]; deprecated: DeprecatedKey[] } | undefined;
    if (!cached) {
      cached = { errors: runValidator(validators.item!, item), deprecated: findDeprecatedKeys(root, itemSchema, item, []) };
      chunk?.memo.set(memoKey, cached);
    }
    if (cached.errors.length) issues.push(...interpretErrors(cached.errors, ['schema', i], doc, root, newer));
    for (const d of cached.deprecated) deprecated.push({ ...d, path: ['schema', i, ...d.path] });
  });
  return { issues, deprecated };
}

/**
 * `rule: nullValues` where `metric` is required is one problem: the missing key, whose fix is renaming the old
 * name. Returns the deprecated keys so explained (not reported again as CL026).
 */
function explainByRenames(issues: Issue[], deprecated: DeprecatedKey[]): Set<DeprecatedKey> {
  const renamed = new Set<DeprecatedKey>();
  for (const d of deprecated) {
    if (!d.replacement) continue;
    const missing = issues.find((i) => i.kind === 'missingKey' && i.key === d.replacement && i.path.join('/') === d.path.join('/'));
    if (missing?.kind !== 'missingKey') continue;
    missing.message = `Missing required key \`${d.replacement}\`: it is written \`${d.key}\` here, its older name. Rename it.`;
    missing.renameFrom = d.key;
    renamed.add(d);
  }
  return renamed;
}

function v31FormsFinding(text: string, contract: Contract, declared: string): Finding | undefined {
  const node = asScalar(getNode(contract.root, 'apiVersion'));
  if (!node) return undefined;
  return {
    code: 'CL010',
    severity: 'warning',
    message: `This file declares ODCS ${declared} but is written in v3.1.0 forms (it does not pass the v3.0 rules, and passes v3.1.0's): it is validated by the v3.1.0 rules. Declare \`apiVersion: v3.1.0\`.`,
    range: { start: node.start, end: node.end },
    fixes: [{ title: 'Change to `v3.1.0`', edits: [replaceScalarEdit(text, node, 'v3.1.0')], preferred: true }],
  };
}
