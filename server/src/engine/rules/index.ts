/** Runs every semantic rule (CL1xx) over one contract. Each rule lives in its own module next to this one. */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';

export function runSemanticRules(ctx: AnalysisContext): Finding[] {
  void ctx; // TODO(rules helper): wire the CL1xx rules here
  return [];
}
