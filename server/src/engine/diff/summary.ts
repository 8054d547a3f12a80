/**
 * The result of a diff run as the front ends print it: per contract, its changes with 1-based positions in the
 * version they point into, and the verdict (does it fail the run?). Also the Markdown changelog for PR comments.
 */
import { LineIndex } from '../text/lineIndex.js';
import { levelRank, type Change, type ChangeLevel } from './changes.js';
import type { ContractDiff } from './versions.js';

export interface LocatedChange extends Omit<Change, 'range'> {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ContractChangeSet {
  /** Path as displayed (relative to where the command runs). */
  path: string;
  status: 'added' | 'removed' | 'modified' | 'unchanged';
  versionBefore?: string;
  versionAfter?: string;
  majorVersionBump: boolean;
  /** Path (relative to the repository) the contract had at the base, when it moved. */
  movedFrom?: string;
  changes: LocatedChange[];
}

export type FailOn = 'breaking' | 'warning' | 'never';

export function summarize(diffs: ContractDiff[], displayPath: (abs: string) => string): ContractChangeSet[] {
  const out: ContractChangeSet[] = [];
  for (const d of diffs) {
    if (!d.comparison) continue;
    const lines = { old: d.before ? new LineIndex(d.before.text) : undefined, new: d.after ? new LineIndex(d.after.text) : undefined };
    const changes = d.comparison.changes.map(({ range, ...c }) => {
      const idx = lines[c.side]!;
      const s = idx.positionAt(range.start);
      const e = idx.positionAt(range.end);
      return { ...c, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
    });
    out.push({
      path: displayPath(d.absPath),
      status: !d.before ? 'added' : !d.after ? 'removed' : changes.length || d.movedFrom ? 'modified' : 'unchanged',
      versionBefore: d.unchanged ? versionOf(d.before!.text) : d.before?.doc.contract?.version?.value,
      versionAfter: d.unchanged ? versionOf(d.after!.text) : d.after?.doc.contract?.version?.value,
      majorVersionBump: d.comparison.majorVersionBump,
      ...(d.movedFrom ? { movedFrom: d.movedFrom } : {}),
      changes,
    });
  }
  return out;
}

/** `version:` of an unchanged contract, read without parsing it (it is only displayed). */
function versionOf(text: string): string | undefined {
  return /^version\s*:\s*["']?([^"'#\s]+)/m.exec(text)?.[1];
}

/** Does this contract's change set fail the run? A major version bump announces breaking changes: never fails. */
export function failsRun(set: ContractChangeSet, failOn: FailOn): boolean {
  if (failOn === 'never' || set.majorVersionBump) return false;
  const worst: ChangeLevel = failOn === 'breaking' ? 'breaking' : 'warning';
  return set.changes.some((c) => levelRank[c.level] <= levelRank[worst]);
}

export function countLevels(sets: ContractChangeSet[]): Record<ChangeLevel, number> {
  const n: Record<ChangeLevel, number> = { breaking: 0, warning: 0, info: 0 };
  for (const s of sets) for (const c of s.changes) n[c.level]++;
  return n;
}

/** One line of text for a change's values: `was X` / `now Y` / `X → Y`. */
export function valueText(c: Pick<Change, 'before' | 'after'>): string {
  if (c.before !== undefined && c.after !== undefined) return `${c.before} → ${c.after}`;
  if (c.before !== undefined) return `was ${c.before}`;
  if (c.after !== undefined) return `now ${c.after}`;
  return '';
}

const HEADING: Record<ChangeLevel, string> = { breaking: '🔴 Breaking', warning: '🟠 Warnings', info: '🔵 Other changes' };

/** Markdown for a pull-request comment: what changed in each contract, breaking changes first, whom they break. */
export function renderChangelog(sets: ContractChangeSet[], base: string, failOn: FailOn = 'breaking'): string {
  const changed = sets.filter((s) => s.status !== 'unchanged');
  const n = countLevels(changed);
  const out = [`## Contract changes against ${md(base)}`, ''];
  if (changed.length === 0) {
    out.push('No contract changes.', '');
    return out.join('\n');
  }
  out.push(`**${n.breaking} breaking**, ${n.warning} warning${n.warning === 1 ? '' : 's'}, ${n.info} other change${n.info === 1 ? '' : 's'} in ${changed.length} contract${changed.length === 1 ? '' : 's'}.`, '');
  for (const s of changed) {
    const version = s.versionBefore !== s.versionAfter ? ` (version ${md(s.versionBefore ?? '—')} → ${md(s.versionAfter ?? '—')})` : s.versionAfter ? ` (version ${md(s.versionAfter)})` : '';
    const moved = s.movedFrom ? ` (moved from \`${s.movedFrom.replace(/`/g, "'")}\`)` : '';
    out.push(`### \`${s.path.replace(/`/g, "'")}\` — ${s.status}${moved}${version}`, '');
    if (s.majorVersionBump && s.changes.some((c) => c.level === 'breaking')) out.push('> Major version bump: the breaking changes below are announced and do not fail the check.', '');
    else if (failsRun(s, failOn)) out.push(`> This contract fails the check (--fail-on ${failOn}).`, '');
    for (const level of ['breaking', 'warning', 'info'] as ChangeLevel[]) {
      const cs = s.changes.filter((c) => c.level === level);
      if (!cs.length) continue;
      out.push(`**${HEADING[level]}**`, '');
      for (const c of cs) {
        const breaks = c.breaks.length ? ` — breaks ${c.breaks.join(' and ')}` : '';
        const values = valueText(c);
        out.push(`- ${md(c.message)} (line ${c.line}${c.side === 'old' ? ' of the base version' : ''}, ${c.code})${breaks}${values ? `: \`${values.replace(/`/g, "'")}\`` : ''}`);
      }
      out.push('');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}

function md(s: string): string {
  return s.replace(/([\\`*_[\]<>#|~])/g, '\\$1').replace(/\r?\n/g, ' ');
}
