/**
 * Whether a property's values may appear in the clean report's examples. A stand-in until the shared PII
 * classification module (issue 8) lands on main; then this file re-exports it and goes away.
 */
import type { Property } from '../../model/types.js';

const SENSITIVE = new Set(['pii', 'sensitive', 'restricted', 'confidential']);

export function isSensitiveProperty(p: Property): boolean {
  return SENSITIVE.has(String(p.classification?.value ?? '').trim().toLowerCase());
}
