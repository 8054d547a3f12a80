/**
 * What every analysis pass reads (analyze.ts builds it; each rule family here receives it). Owned by rules/, the
 * consumer, so that no rule imports the pipeline that runs it.
 */
import type { Contract } from '../model/types.js';
import type { ParsedYaml } from '../syntax/parse.js';
import type { ContractLookup } from '../workspace/index.js';

/** What every pass reads. */
export interface AnalysisContext {
  uri: string;
  text: string;
  parsed: ParsedYaml;
  /** Absent when the root is not a mapping. */
  contract?: Contract;
  /** The other contracts, for cross-file rules. */
  workspace: ContractLookup;
  /** Plain JS of the document, computed once for the passes that need it. */
  js(): unknown;
}
