/** `--format json`: the command's own documented JSON (lint: `{"files":[…]}`), else the normalized report. */
import type { RenderInput } from './types.js';

export function renderJson({ json, report }: RenderInput): string {
  return JSON.stringify(json ?? report, null, 2) + '\n';
}
