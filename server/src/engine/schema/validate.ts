/** Structure validation (CL02x): our JSON Schemas, ajv, errors mapped back to YAML nodes. */
import type { AnalysisContext } from '../analyze.js';
import type { Finding } from '../findings.js';

export function validateStructure(ctx: AnalysisContext): Finding[] {
  void ctx; // TODO(schema helper)
  return [];
}
