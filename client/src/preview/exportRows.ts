/** The preview sample as CSV (RFC 4180 quoting) or JSON (an array of objects keyed by column name). */
import type { PreviewResponse as PreviewResult } from '../../../server/src/shared/protocol.js';

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function toCsv(r: PreviewResult): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [r.columns.map((c) => quote(c.name)).join(',')];
  for (const row of r.rows) lines.push(row.values.map((v) => quote(cellText(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toJson(r: PreviewResult): string {
  return JSON.stringify(
    r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row.values[i] ?? null]))),
    null,
    2,
  );
}
