/**
 * Which rules validate a document: the format (ODCS or DCS) and the declared version. ODCS v3.0.0–v3.0.2 by the
 * v3.0 rules (`rule`, boolean `exclusiveMaximum`, open sub-objects: json/odcsV30.ts), v3.1.0 by v3.1's, v3.2.0 by
 * the v3.2 draft rules; a well-formed later v3 version with the newest rules plus a warning.
 */
import type { ContractFormat } from '../model/types.js';
import { KNOWN_ODCS_VERSIONS, type OdcsRules } from './json/odcs.js';

export type RuleSet = { format: 'odcs'; rules: OdcsRules } | { format: 'dcs' };

export type VersionVerdict =
  /** Known version. */
  | { kind: 'known' }
  /** Well-formed, newer than what we know, same major: validated with the newest rules, with a warning. */
  | { kind: 'future' }
  /** Well-formed but of a major version we cannot validate (v2, v4…). */
  | { kind: 'unsupported' }
  /** Not a version at all. */
  | { kind: 'malformed' }
  | { kind: 'missing' };

const VERSION = /^v(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

export function odcsVersionVerdict(apiVersion: unknown): VersionVerdict {
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') return { kind: 'missing' };
  const v = String(apiVersion);
  if ((KNOWN_ODCS_VERSIONS as readonly string[]).includes(v)) return { kind: 'known' };
  const m = VERSION.exec(v);
  if (!m || typeof apiVersion !== 'string') return { kind: 'malformed' };
  if (m[1] !== '3') return { kind: 'unsupported' };
  // A v3 version we do not know (v3.9.0, v3.1.5, v3.3.0-rc1): validated with the newest v3 rules.
  return { kind: 'future' };
}

export function ruleSetFor(format: ContractFormat, apiVersion: unknown): RuleSet {
  if (format === 'dcs') return { format: 'dcs' };
  const v = typeof apiVersion === 'string' ? apiVersion : '';
  if (/^v3\.0\.[0-2]$/.test(v)) return { format: 'odcs', rules: '3.0' };
  if (/^v3\.[01]\./.test(v)) return { format: 'odcs', rules: '3.1' };
  if (/^v3\.2\.0$/.test(v)) return { format: 'odcs', rules: '3.2' };
  // Missing (a contract being written), unknown, future or malformed: the newest rules, the most lenient (v3.2
  // accepts everything v3.1 does, and more), so the version problem is reported once, not as one error per v3.2 key.
  return { format: 'odcs', rules: '3.2' };
}

export function ruleSetKey(r: RuleSet): string {
  return r.format === 'dcs' ? 'dcs' : `odcs-${r.rules}`;
}
