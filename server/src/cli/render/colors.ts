/** ANSI styling for terminal output; every function is the identity when colours are off (pipe, file, NO_COLOR). */
import type { Severity } from '../../engine/findings.js';
import { PLAIN, type TextStyle } from '../../engine/report/style.js';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
  caret(sev: Severity, s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const red = wrap(31, 39);
const yellow = wrap(33, 39);
const blue = wrap(34, 39);
const gray = wrap(90, 39);
const bold = wrap(1, 22);
const dim = wrap(2, 22);

const SEVERITY_COLOR: Record<Severity, (s: string) => string> = { error: red, warning: yellow, info: blue, hint: gray };

const identity = (s: string) => s;

/** The engine's text reports (check, reconcile, clean) in ANSI colours, or plain. */
export function textStyle(color: boolean): TextStyle {
  return color ? { bold, dim, red, yellow, green: wrap(32, 39) } : PLAIN;
}

export function palette(color: boolean): Palette {
  if (!color) return { bold: identity, dim: identity, severity: (_s, t) => t, caret: (_s, t) => t };
  return {
    bold,
    dim,
    severity: (sev, t) => SEVERITY_COLOR[sev](t),
    caret: (sev, t) => bold(SEVERITY_COLOR[sev](t)),
  };
}
