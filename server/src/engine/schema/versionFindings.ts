/**
 * The declared version of the standard: known (nothing to say), a later v3 version (CL008 warning, validated with
 * the newest rules), a major version we cannot validate (error, with fixes to a known version), or not a version
 * at all (error at the value).
 */
import type { Finding, Fix } from '../findings.js';
import type { ContractFormat } from '../model/types.js';
import { asScalar, type YNode } from '../syntax/ast.js';
import { replaceScalarEdit } from './edits.js';
import { KNOWN_ODCS_VERSIONS } from './json/odcs.js';
import { odcsVersionVerdict, ruleSetFor } from './version.js';

const NEWEST = KNOWN_ODCS_VERSIONS[0];

export function versionFindings(text: string, format: ContractFormat, declared: unknown, node: YNode | undefined): Finding[] {
  if (!node) return []; // absent: the schema's `required` reports it
  const scalar = asScalar(node);
  const range = { start: node.start, end: Math.max(node.end, node.start + 1) };
  const shown = declared === null || declared === undefined || declared === '' ? 'an empty value' : `\`${String(declared)}\``;
  const replace = (values: string[], preferredFirst: boolean): Fix[] =>
    scalar ? values.map((v, i) => ({ title: `Change to \`${v}\``, edits: [replaceScalarEdit(text, scalar, v)], preferred: preferredFirst && i === 0 })) : [];

  if (format === 'dcs') {
    const v = typeof declared === 'string' ? declared : '';
    if (/^1\.\d+\.\d+$/.test(v)) return [];
    if (/^\d+\.\d+\.\d+$/.test(v)) return [{ code: 'CL008', severity: 'warning', message: `Data Contract Specification ${v} is not a version Contract Lens knows (1.x); the file is validated with the 1.x rules.`, range }];
    return [{ code: 'CL024', severity: 'error', message: `${shown} is not a Data Contract Specification version: write it as \`1.1.0\` (major.minor.patch, as a string).`, range, fixes: replace(['1.1.0'], true) }];
  }

  const verdict = odcsVersionVerdict(declared);
  switch (verdict.kind) {
    case 'known':
      return [];
    case 'future': {
      const rs = ruleSetFor('odcs', declared);
      const used = rs.format === 'odcs' && rs.rules === '3.1' ? 'v3.1.0' : NEWEST;
      return [{ code: 'CL008', severity: 'warning', message: `ODCS ${shown} is a version Contract Lens does not know (it knows ${KNOWN_ODCS_VERSIONS.join(', ')}); the file is validated with the ${used} rules.`, range, fixes: replace([used, ...KNOWN_ODCS_VERSIONS.slice(0, 2).filter((v) => v !== used)], false) }];
    }
    case 'unsupported':
      return [{ code: 'CL023', severity: 'error', message: `ODCS ${shown} is not supported: Contract Lens validates ODCS v3 (${KNOWN_ODCS_VERSIONS.join(', ')}). Did you mean \`v3.1.0\`?`, range, fixes: replace(['v3.1.0', NEWEST], true) }];
    default: {
      const m = /^v?(3)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(declared ?? '').trim());
      const guess = m ? `v3.${m[2] ?? '1'}.${m[3] ?? '0'}` : 'v3.1.0';
      return [{ code: 'CL024', severity: 'error', message: `${shown} is not an ODCS version: \`apiVersion\` is written like \`v3.1.0\` (a \`v\`, then major.minor.patch). Did you mean \`${guess}\`?`, range, fixes: replace([guess], true) }];
    }
  }
}
