/**
 * `contractlens history [--rule R] [--contract PATH] [--since D] [--last N] [--format text|json|csv] [--history PATH]`:
 * prints the recorded results of check / reconcile / serve. The text form is one line per rule: a sparkline of its
 * failing rows over the last runs, the latest value and the change since the previous run.
 */
import { promises as fs } from 'node:fs';
import type { HistoryRecord } from '../../engine/history/record.js';
import { describeChange, pointValue, ruleTrends } from '../../engine/history/trend.js';
import { choiceOption, integerOption, parseCommandArgs } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { historyTarget } from '../historyOption.js';
import { DEFAULT_HISTORY } from '../../engine/history/config.js';

const FORMATS = ['text', 'json', 'csv'] as const;

const OPTIONS = {
  history: { type: 'string' },
  rule: { type: 'string' },
  contract: { type: 'string' },
  since: { type: 'string' },
  last: { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
} as const;

const USAGE = `contractlens history [options]

Prints the results recorded by check, reconcile (with --history or "history:" in .contractlens.yaml) and serve.

Options:
  --history PATH         the history store (default: from .contractlens.yaml, else ${DEFAULT_HISTORY})
  --rule ID              only this rule, e.g. orders.user_id.relationship
  --contract PATH        only this contract (as recorded, e.g. orders.odcs.yaml)
  --since WHEN           only runs since WHEN: an ISO date/time or an age such as 7d, 24h, 30m
  --last N               text: the newest N runs per rule (default 20)
  -f, --format FORMAT    text (default; a sparkline of failing rows per rule), json, csv (one line per record)
  -o, --output FILE      write to FILE

Exit codes: 0 printed (also when nothing is recorded yet), 2 usage error or unreadable store.`;

/** `2026-01-31`, `2026-01-31T08:00:00Z`, or an age before now: `30m`, `24h`, `7d`, `2w`. */
export function parseSince(value: string, now = new Date()): Date {
  const age = /^(\d+)\s*(m|h|d|w)$/i.exec(value.trim());
  if (age) {
    const ms = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[age[2].toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return new Date(now.getTime() - Number(age[1]) * ms);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--since expects an ISO date or an age such as 7d or 24h, got "${value}".`);
  return d;
}

const CSV_COLUMNS: (keyof HistoryRecord)[] = ['runId', 'time', 'commit', 'tool', 'contract', 'schema', 'property', 'rule', 'kind', 'dimension', 'server', 'status', 'severity', 'failedRows', 'totalRows', 'observed', 'threshold', 'durationMs', 'contractId', 'against'];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderHistoryCsv(records: readonly HistoryRecord[]): string {
  return [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

export function renderHistoryText(records: readonly HistoryRecord[], last: number): string {
  const trends = ruleTrends(records, last);
  if (!trends.length) return 'No recorded runs.\n';
  const runs = new Set(records.map((r) => r.runId)).size;
  const width = Math.max(...trends.map((t) => t.rule.length));
  const bars = Math.max(...trends.map((t) => t.sparkline.length));
  const lines = trends.map((t) => {
    const lastPoint = t.points[t.points.length - 1];
    const value = pointValue(lastPoint);
    const what = lastPoint.failedRows !== null ? `${value} failing rows, ${describeChange(t)}` : value !== null ? `observed ${value}, ${describeChange(t)}` : 'no count';
    return `${t.rule.padEnd(width)}  ${t.sparkline.padStart(bars)}  ${lastPoint.status.padEnd(7)}  ${what}  (${t.contract})`;
  });
  return `${runs} run${runs === 1 ? '' : 's'}, ${trends.length} rule${trends.length === 1 ? '' : 's'}; sparkline: failing rows, oldest left\n${lines.join('\n')}\n`;
}

export const historyCommand: Command = {
  name: 'history',
  summary: 'Show recorded check results over time (sparklines, JSON, CSV)',
  usage: USAGE,
  async run(argv, io: CliIO) {
    const args = parseCommandArgs(argv, OPTIONS);
    const format = choiceOption(args.values, 'format', FORMATS) ?? 'text';
    const last = integerOption(args.values, 'last', { min: 1, max: 10_000 }) ?? 20;
    const since = args.values.since !== undefined ? parseSince(args.values.since) : undefined;
    if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}: use --history PATH for the store.`);
    const path = historyTarget({ history: args.values.history ?? undefined }, io) ?? historyTarget({ history: '' }, io)!;
    const { readHistory } = await import('../../engine/history/store.js');
    let records: HistoryRecord[];
    try {
      records = await readHistory(path, { rule: args.values.rule, contract: args.values.contract, since });
    } catch (e) {
      io.stderr(`contractlens history: cannot read ${path}: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    const text = format === 'json' ? JSON.stringify({ history: path, records }, null, 2) + '\n' : format === 'csv' ? renderHistoryCsv(records) : renderHistoryText(records, last);
    if (args.values.output) await fs.writeFile(args.values.output, text, 'utf8');
    else io.stdout(text);
    return EXIT.clean;
  },
};
