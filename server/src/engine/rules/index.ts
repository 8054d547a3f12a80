/**
 * Runs every semantic rule (CL1xx) over one contract. Each rule family lives in its own module next to this one;
 * each walks the contract model once (O(size of the contract)), so the whole pass runs on every keystroke.
 * A rule that throws on input nobody foresaw loses its own findings only: the others still report.
 */
import type { AnalysisContext } from './context.js';
import type { Finding } from '../findings.js';
import type { Contract } from '../model/types.js';
import { checkBoundValues } from './bounds.js';
import { checkExamples } from './examples.js';
import { checkIds } from './ids.js';
import { checkMetadata } from './metadata.js';
import { checkDuplicateNames } from './names.js';
import { checkPatterns } from './patterns.js';
import { checkPrimaryKeyPositions } from './primaryKeys.js';
import { checkQualityRules } from './quality.js';
import { checkRelationships } from './relationships.js';
import { checkServers } from './servers.js';
import { checkShapes } from './shapes.js';
import { checkSlaElements } from './sla.js';
import { checkTypeOptions } from './typeOptions.js';

/** The public surface of engine/rules/ beyond runSemanticRules (test/architecture.test.ts): add a line to make a module public. */
export * from './catalog.js';
export { checkSqlSyntax, type SqlParser, type SqlParseError } from './sqlSyntax.js';
export { applySuppressions, lintSuppressionOptions, parseSuppressions, type Suppression, type SuppressionOptions } from './suppressions.js';

type Rule = (ctx: AnalysisContext, contract: Contract, out: Finding[]) => void;

/** The rule families that read other contracts of the workspace (ctx.workspace); every other one reads this document only. */
const CROSS_FILE = new Set(['relationships']);

const RULES: [string, Rule][] = [
  ['names', checkDuplicateNames],
  ['primaryKeys', checkPrimaryKeyPositions],
  ['relationships', checkRelationships],
  ['quality', checkQualityRules],
  ['patterns', checkPatterns],
  ['typeOptions', checkTypeOptions],
  ['examples', checkExamples],
  ['servers', checkServers],
  ['sla', checkSlaElements],
  ['ids', checkIds],
  ['metadata', checkMetadata],
  ['shapes', checkShapes],
  ['bounds', checkBoundValues],
];

/** `crossFile: false` leaves out the rules that read other contracts (before the workspace is known). */
export function runSemanticRules(ctx: AnalysisContext, options: { crossFile?: boolean } = {}): Finding[] {
  const contract = ctx.contract;
  if (!contract) return [];
  const out: Finding[] = [];
  for (const [name, rule] of RULES) {
    if (options.crossFile === false && CROSS_FILE.has(name)) continue;
    const mark = out.length;
    try {
      rule(ctx, contract, out);
    } catch (e) {
      out.length = mark;
      if (process.env.CONTRACTLENS_DEBUG) console.error(`[contractlens] rule ${name} failed on ${ctx.uri}:`, e);
    }
  }
  return out;
}
