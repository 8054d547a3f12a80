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
import type { Severity } from '../findings.js';

export interface RuleInfo {
  code: string;
  /** Short kebab-case name, also the doc file name: docs/rules/<code>-<slug>.md */
  slug: string;
  title: string;
  severity: Severity;
}

const RULES: RuleInfo[] = [
  { code: 'CL001', slug: 'yaml-syntax', title: 'YAML syntax error', severity: 'error' },
  { code: 'CL002', slug: 'duplicate-key', title: 'Duplicate key in a mapping', severity: 'error' },
  { code: 'CL003', slug: 'alias-limit', title: 'Alias expansion limit exceeded', severity: 'error' },
  { code: 'CL004', slug: 'unreadable-file', title: 'File is not UTF-8 text', severity: 'error' },
  { code: 'CL005', slug: 'empty-contract', title: 'Empty contract file', severity: 'error' },
  { code: 'CL006', slug: 'not-a-mapping', title: 'Contract is not a YAML mapping', severity: 'error' },
  { code: 'CL007', slug: 'deprecated-format', title: 'Data Contract Specification format is deprecated', severity: 'info' },
  { code: 'CL008', slug: 'unsupported-version', title: 'Unsupported standard version', severity: 'warning' },
  { code: 'CL010', slug: 'analysis-limit', title: 'Line beyond the analysis limits', severity: 'warning' },

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
  { code: 'CL130', slug: 'server-not-found', title: 'Server reference does not exist', severity: 'error' },
  { code: 'CL131', slug: 'sla-element-not-found', title: 'SLA element names a property that does not exist', severity: 'warning' },
  { code: 'CL132', slug: 'duplicate-server', title: 'Duplicate server name', severity: 'error' },
  { code: 'CL140', slug: 'unused-suppression', title: 'Suppression comment matches no finding', severity: 'hint' },
];

const byCode = new Map(RULES.map((r) => [r.code, r]));

/** Registers rules from feature areas added later (drift CL2xx, breaking changes CL3xx) without editing this list. */
export function registerRules(rules: RuleInfo[]): void {
  for (const r of rules) {
    if (byCode.has(r.code) && byCode.get(r.code)!.slug !== r.slug) throw new Error(`Rule code ${r.code} registered twice`);
    byCode.set(r.code, r);
  }
}

export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
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
