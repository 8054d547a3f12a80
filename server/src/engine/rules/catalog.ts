/**
 * Every finding code the engine can produce, with its default severity and its doc page. Codes are stable: a code
 * is never reused for another meaning, so suppressions and CI baselines keep working across releases.
 *
 *   CL0xx  reading the file: encoding, YAML syntax, contract format
 *   CL02x  schema (structure) errors from JSON Schema validation
 *   CL1xx  semantic rules: what the schema cannot say
 *   CL2xx  the contract against its data (drift, data access)
 *   CL3xx  changes against a git base (breaking-change detection)
 */
import { DATA_RULES } from '../data/driftRules.js';
import { DIFF_RULES } from '../diff/changes.js';
import type { RuleInfo, Severity } from '../findings.js';

export type { RuleInfo };

/** The codes of reading, structure and semantic rules (CL0xx, CL1xx). */
const LINT_RULES: RuleInfo[] = [
  { code: 'CL001', slug: 'yaml-syntax', title: 'YAML syntax error', severity: 'error' },
  { code: 'CL002', slug: 'duplicate-key', title: 'Duplicate key in a mapping', severity: 'error' },
  { code: 'CL003', slug: 'alias-limit', title: 'Alias expansion limit exceeded', severity: 'error' },
  { code: 'CL004', slug: 'unreadable-file', title: 'File is not UTF-8 text', severity: 'error' },
  { code: 'CL005', slug: 'empty-contract', title: 'Empty contract file', severity: 'error' },
  { code: 'CL006', slug: 'not-a-mapping', title: 'Contract is not a YAML mapping', severity: 'error' },
  { code: 'CL007', slug: 'deprecated-format', title: 'Data Contract Specification format is deprecated', severity: 'info' },
  { code: 'CL008', slug: 'unsupported-version', title: 'Unsupported standard version', severity: 'warning' },
  { code: 'CL010', slug: 'version-forms-mismatch', title: 'File declares v3.0.x but is written in v3.1 forms', severity: 'warning' },
  { code: 'CL009', slug: 'upgrade-available', title: 'ODCS v3.0 file: upgrade to v3.1.0 available', severity: 'hint' },
  { code: 'CL018', slug: 'too-many-findings', title: 'More findings than the editor shows', severity: 'info' },
  { code: 'CL019', slug: 'analysis-limit', title: 'Line beyond the analysis limits', severity: 'warning' },

  { code: 'CL020', slug: 'unknown-key', title: 'Unknown key', severity: 'error' },
  { code: 'CL021', slug: 'missing-required-key', title: 'Missing required key', severity: 'error' },
  { code: 'CL022', slug: 'wrong-type', title: 'Value has the wrong type', severity: 'error' },
  { code: 'CL023', slug: 'invalid-enum-value', title: 'Value is not one of the allowed values', severity: 'error' },
  { code: 'CL024', slug: 'invalid-value', title: 'Value does not match the expected format', severity: 'error' },
  { code: 'CL025', slug: 'schema-constraint', title: 'Structure constraint not met', severity: 'error' },
  { code: 'CL026', slug: 'deprecated-key', title: 'Deprecated key', severity: 'hint' },

  { code: 'CL101', slug: 'duplicate-schema-object', title: 'Duplicate schema object name', severity: 'error' },
  { code: 'CL102', slug: 'duplicate-property', title: 'Duplicate property name', severity: 'error' },
  { code: 'CL103', slug: 'primary-key-position', title: 'primaryKeyPosition gap or duplicate', severity: 'warning' },
  { code: 'CL104', slug: 'empty-id', title: 'Empty id', severity: 'error' },
  { code: 'CL105', slug: 'duplicate-id', title: 'Duplicate id among roles, team members, quality rules or relationships', severity: 'error' },
  { code: 'CL106', slug: 'array-without-items', title: 'Array property without items', severity: 'warning' },
  { code: 'CL107', slug: 'duplicate-custom-property', title: 'Duplicate customProperties key', severity: 'warning' },
  { code: 'CL108', slug: 'invalid-bound-value', title: 'logicalTypeOptions bound does not parse for its type', severity: 'error' },
  { code: 'CL110', slug: 'relationship-target-not-found', title: 'Relationship target does not exist', severity: 'warning' },
  { code: 'CL111', slug: 'relationship-type-mismatch', title: 'Relationship between incompatible types', severity: 'warning' },
  { code: 'CL112', slug: 'relationship-shape', title: 'Relationship from/to mismatch', severity: 'error' },
  { code: 'CL113', slug: 'relationship-source-not-found', title: 'Relationship source column does not exist', severity: 'error' },
  { code: 'CL120', slug: 'quality-unknown-property', title: 'Quality rule names a property that does not exist', severity: 'error' },
  { code: 'CL121', slug: 'impossible-threshold', title: 'Impossible threshold', severity: 'error' },
  { code: 'CL122', slug: 'invalid-pattern', title: 'Pattern is not a valid regular expression', severity: 'error' },
  { code: 'CL123', slug: 'sql-syntax', title: 'SQL quality query does not parse', severity: 'error' },
  { code: 'CL124', slug: 'option-not-applicable', title: 'logicalTypeOptions key does not apply to the logicalType', severity: 'warning' },
  { code: 'CL125', slug: 'example-violates-constraints', title: 'Example violates the property constraints', severity: 'warning' },
  { code: 'CL126', slug: 'sql-not-a-query', title: 'SQL quality query is not a single SELECT', severity: 'error' },
  { code: 'CL127', slug: 'pattern-not-portable', title: 'Pattern uses syntax DuckDB (RE2) cannot run', severity: 'warning' },
  { code: 'CL128', slug: 'sql-unknown-table', title: 'SQL quality query reads a table that is no schema object', severity: 'warning' },
  { code: 'CL129', slug: 'quality-rule-without-check', title: 'Quality rule with nothing to run', severity: 'warning' },
  { code: 'CL130', slug: 'server-not-found', title: 'Server reference does not exist', severity: 'error' },
  { code: 'CL131', slug: 'sla-element-not-found', title: 'SLA element names a property that does not exist', severity: 'warning' },
  { code: 'CL132', slug: 'duplicate-server', title: 'Duplicate server name', severity: 'error' },
  { code: 'CL133', slug: 'support-channel-without-url', title: 'Support channel without url', severity: 'warning' },
  { code: 'CL134', slug: 'invalid-price', title: 'Price with a negative amount or without a currency', severity: 'error' },
  { code: 'CL135', slug: 'schedule-without-scheduler', title: 'schedule without scheduler', severity: 'warning' },
  { code: 'CL137', slug: 'sla-on-non-temporal-property', title: 'Time-based SLA on a property that is not a date or timestamp', severity: 'warning' },
  { code: 'CL140', slug: 'unused-suppression', title: 'Suppression comment matches no finding', severity: 'hint' },
];

/**
 * Every family, listed here once: a new family adds its list to this line (one import above). Static, so every code
 * has its severity and doc link whichever modules have been loaded.
 */
const RULES: readonly RuleInfo[] = [...LINT_RULES, ...DATA_RULES, ...DIFF_RULES];

const byCode = new Map<string, RuleInfo>();
for (const r of RULES) {
  if (byCode.has(r.code)) throw new Error(`Rule code ${r.code} is declared twice in the catalog`);
  byCode.set(r.code, r);
}

/** The catalog entry of a code, if it is one (e.g. a code read from a suppression comment). */
export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
}

/**
 * The severity of a code the engine raises. An unknown code is a programming error (a rule raising a code the
 * catalog lacks would have no doc page and a guessed severity): it throws, and the tests exercise every rule.
 */
export function catalogSeverity(code: string): Severity {
  const r = byCode.get(code);
  if (!r) throw new Error(`Finding code ${code} is not in the catalog (engine/rules/catalog.ts)`);
  return r.severity;
}

export function allRules(): RuleInfo[] {
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Where a rule's documentation lives; the published docs mirror docs/rules/ in the repository. */
export const DOCS_BASE_URL = 'https://github.com/contractlens/contract-lens/blob/main/docs/rules/';

export function ruleDocUrl(code: string): string | undefined {
  const r = byCode.get(code);
  return r ? `${DOCS_BASE_URL}${r.code}-${r.slug}.md` : undefined;
}
