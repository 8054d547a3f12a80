/** Collects changes while the comparison walks both versions; one place decides the range and the display text. */
import type { YNode } from '../syntax/ast.js';
import { newBudget, toJS } from '../syntax/convert.js';
import { display, type Audience, type Change, type ChangeLevel } from './changes.js';

export interface ChangeSpec {
  code: string;
  level: ChangeLevel;
  breaks?: Audience[];
  subject: string;
  message: string;
  /** Where to point: a node of the new version, or of the old one for a removal. */
  at: { side: 'old' | 'new'; node: { start: number; end: number } };
  before?: unknown;
  after?: unknown;
}

export class ChangeCollector {
  readonly changes: Change[] = [];

  add(spec: ChangeSpec): void {
    this.changes.push({
      code: spec.code,
      level: spec.level,
      breaks: spec.level === 'info' ? [] : (spec.breaks ?? []),
      subject: spec.subject,
      message: spec.message,
      before: spec.before === undefined ? undefined : display(spec.before),
      after: spec.after === undefined ? undefined : display(spec.after),
      side: spec.at.side,
      range: { start: spec.at.node.start, end: Math.max(spec.at.node.start, spec.at.node.end) },
    });
  }
}

/** Plain JS of a node (aliases expanded within the usual budget), for equality of metadata values. */
export function nodeJS(node: YNode | undefined): unknown {
  return node ? toJS(node, newBudget()) : undefined;
}

/** Structural equality of two plain JS values (key order of maps ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
