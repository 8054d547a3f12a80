/**
 * Structure validation (CL020–CL025, CL008): our JSON Schemas run by ajv, errors mapped back to YAML nodes.
 *
 * Runs on every keystroke, so: the validators are compiled once per process (validators.ts); the document is
 * validated as a "frame" (everything but the `schema[]` items) plus one validation per schema item; and an item's
 * raw ajv errors are cached in its parse chunk's `memo`: they hold instance paths, not offsets, so they stay true
 * when the chunk moves. A keystroke inside one schema object re-validates that object and the (small) frame only.
 */
import type { ErrorObject } from 'ajv';
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';
import { getNode } from '../syntax/ast.js';
import { interpretErrors, type Issue, type Newer } from './interpret.js';
import { issueToFinding } from './locate.js';
import { schemaFor } from './schemas.js';
import { runValidator, validatorsFor } from './validators.js';
import { ruleSetFor, ruleSetKey } from './version.js';
import { versionFindings } from './versionFindings.js';

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
  const root = schemaFor(ruleSet);
  const validators = validatorsFor(ruleSet);
  // Only for a declared older version: with no apiVersion at all, the missing key is the message.
  const newer: Newer | undefined = ruleSet.format === 'odcs' && ruleSet.rules === '3.1' && typeof declared === 'string' ? { root: schemaFor({ format: 'odcs', rules: '3.2' }), version: 'v3.2.0' } : undefined;
  // The version key is judged by versionFindings (known, future, unsupported, malformed): drop ajv's view of it.
  const issues: Issue[] = interpretErrors(runValidator(validators.frame, doc), [], doc, root, newer).filter((i) => !(i.path.length === 1 && i.path[0] === versionKey && i.kind === 'value'));

  const items = (doc as Record<string, unknown>).schema;
  if (validators.item && Array.isArray(items)) {
    const chunks = ctx.parsed.schemaChunks.length === items.length ? ctx.parsed.schemaChunks : undefined;
    const memoKey = `structure:${ruleSetKey(ruleSet)}`;
    items.forEach((item, i) => {
      const chunk = chunks?.[i];
      let errors = chunk?.memo.get(memoKey) as ErrorObject[] | undefined;
      if (!errors) {
        errors = runValidator(validators.item!, item);
        chunk?.memo.set(memoKey, errors);
      }
      if (errors.length) issues.push(...interpretErrors(errors, ['schema', i], doc, root, newer));
    });
  }
  for (const issue of issues) {
    const f = issueToFinding(issue, contract.root, ctx.text);
    if (!f) continue;
    // The Data Contract Specification tolerates keys it does not define: a warning, not an error, there.
    if (format === 'dcs' && f.code === 'CL020') {
      f.severity = 'warning';
      f.message += ' (The Data Contract Specification tolerates unknown keys, but no tool reads this one.)';
    }
    findings.push(f);
  }
  return findings;
}
