/**
 * What a comparison of two versions of a contract produces, and the CL3xx codes it uses. A change knows which
 * version it points into (the new file, or the old one for something removed) and whom it can break, the way schema
 * registries reason about compatibility:
 *   consumers  data valid under the new contract may violate what the old one promised (a column gone, a guarantee
 *              loosened): readers downstream can break;
 *   producers  data valid under the old contract may violate the new one (a column made required, an enum
 *              narrowed): the pipelines writing the data, and the data already written, can break.
 * The classification table with an example per row is docs/breaking-changes.md.
 */
import type { Range, RuleInfo } from '../findings.js';

export type ChangeLevel = 'breaking' | 'warning' | 'info';
export type Audience = 'consumers' | 'producers';

export interface Change {
  code: string;
  level: ChangeLevel;
  /** Whom the change can break; empty for info-level changes. */
  breaks: Audience[];
  message: string;
  /** What changed, as a dotted path: `orders`, `orders.total`, `orders.address.city`, `servers.prod`. */
  subject: string;
  /** Old and new value, as short display text; absent for an addition (before) or removal (after). */
  before?: string;
  after?: string;
  /** Which version the range points into: the new file, or the old one when the thing was removed. */
  side: 'old' | 'new';
  range: Range;
}

/** Ordered so that a stronger level sorts first. */
export const levelRank: Record<ChangeLevel, number> = { breaking: 0, warning: 1, info: 2 };

/** CL3xx: changes against a git base. Severity is the default level mapped to a finding severity. */
export const DIFF_RULES: RuleInfo[] = [
  { code: 'CL300', slug: 'contract-added', title: 'Contract added', severity: 'info' },
  { code: 'CL301', slug: 'contract-removed', title: 'Contract removed', severity: 'error' },
  { code: 'CL302', slug: 'schema-object-removed', title: 'Schema object removed', severity: 'error' },
  { code: 'CL303', slug: 'schema-object-added', title: 'Schema object added', severity: 'info' },
  { code: 'CL304', slug: 'property-removed', title: 'Property removed', severity: 'error' },
  { code: 'CL305', slug: 'property-added', title: 'Optional property added', severity: 'info' },
  { code: 'CL306', slug: 'required-property-added', title: 'Required property added', severity: 'error' },
  { code: 'CL307', slug: 'renamed', title: 'Schema object or property renamed (same id)', severity: 'warning' },
  { code: 'CL308', slug: 'logical-type-changed', title: 'logicalType changed', severity: 'error' },
  { code: 'CL309', slug: 'physical-type-changed', title: 'physicalType changed', severity: 'warning' },
  { code: 'CL310', slug: 'required-added', title: 'Property became required', severity: 'error' },
  { code: 'CL311', slug: 'required-removed', title: 'Property no longer required', severity: 'warning' },
  { code: 'CL312', slug: 'unique-added', title: 'Property became unique', severity: 'error' },
  { code: 'CL313', slug: 'unique-removed', title: 'Property no longer unique', severity: 'warning' },
  { code: 'CL314', slug: 'primary-key-changed', title: 'Primary key changed', severity: 'error' },
  { code: 'CL315', slug: 'constraint-narrowed', title: 'Constraint narrowed', severity: 'error' },
  { code: 'CL316', slug: 'constraint-widened', title: 'Constraint widened', severity: 'warning' },
  { code: 'CL317', slug: 'pattern-changed', title: 'Pattern changed (effect undecidable)', severity: 'error' },
  { code: 'CL318', slug: 'option-changed', title: 'Type option changed', severity: 'error' },
  { code: 'CL319', slug: 'relationship-removed', title: 'Relationship target removed', severity: 'error' },
  { code: 'CL320', slug: 'relationship-added', title: 'Relationship added', severity: 'warning' },
  { code: 'CL321', slug: 'server-removed', title: 'Server removed', severity: 'error' },
  { code: 'CL322', slug: 'server-changed', title: 'Server changed or added', severity: 'warning' },
  { code: 'CL323', slug: 'api-version-changed', title: 'apiVersion changed', severity: 'error' },
  { code: 'CL324', slug: 'quality-rule-removed', title: 'Quality rule removed', severity: 'warning' },
  { code: 'CL325', slug: 'quality-rule-loosened', title: 'Quality rule loosened', severity: 'warning' },
  { code: 'CL326', slug: 'quality-rule-tightened', title: 'Quality rule added or tightened', severity: 'warning' },
  { code: 'CL327', slug: 'classification-changed', title: 'Classification changed', severity: 'warning' },
  { code: 'CL328', slug: 'sla-changed', title: 'SLA changed', severity: 'warning' },
  { code: 'CL329', slug: 'documentation-changed', title: 'Description, tags, examples or other metadata changed', severity: 'info' },
  { code: 'CL330', slug: 'version-changed', title: 'Contract version changed', severity: 'info' },
  { code: 'CL331', slug: 'status-changed', title: 'Contract status changed', severity: 'warning' },
];

/** The finding severity a change level is shown with (SARIF level, editor squiggle). */
export function levelSeverity(level: ChangeLevel): 'error' | 'warning' | 'info' {
  return level === 'breaking' ? 'error' : level === 'warning' ? 'warning' : 'info';
}

/** A value as short display text: scalars as written, lists and maps as compact JSON (cut when long). */
export function display(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}
