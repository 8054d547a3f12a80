/**
 * When `serve` runs a contract's checks: the contract's own schedule when it states one, else the default interval.
 *
 * - an SLA entry with `scheduler: cron` and `schedule: "0 20 * * *"` (ODCS v3.1+): that cron expression (UTC);
 * - an SLA `frequency` (`value: 1, unit: d`): every value × unit;
 * - otherwise `--every` (default 5 minutes).
 *
 * Cron has the five standard fields (minute hour day-of-month month day-of-week) with `*`, `a-b`, `a,b` and `/n`.
 */
import { unitMs } from '../data/checks/conditions.js';
import type { Contract } from '../model/types.js';
import { getNode, stringValue } from '../syntax/ast.js';

export type Schedule = { kind: 'every'; ms: number; source: string } | { kind: 'cron'; expr: string; fields: CronFields; source: string };

export interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** Standard cron: when both day fields are restricted, a day matching either runs. */
  domAny: boolean;
  dowAny: boolean;
}

/** `90s`, `5m`, `1h`, `1d` (a bare number is seconds); undefined when malformed or under one second. */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's').toLowerCase() as 'ms']!;
  return ms >= 1000 && Number.isFinite(ms) ? ms : undefined;
}

function parseField(text: string, min: number, max: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const lo = m[1] === '*' ? min : Number(m[2]);
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expr: string): CronFields | undefined {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [minute, hour, dom, month, dowRaw] = [parseField(parts[0], 0, 59), parseField(parts[1], 0, 23), parseField(parts[2], 1, 31), parseField(parts[3], 1, 12), parseField(parts[4], 0, 7)];
  if (!minute || !hour || !dom || !month || !dowRaw) return undefined;
  const dow = new Set([...dowRaw].map((d) => d % 7)); // 7 is Sunday too
  return { minute, hour, dom, month, dow, domAny: parts[2] === '*', dowAny: parts[4] === '*' };
}

/** The first minute strictly after `after` that the expression matches (UTC); searches up to 5 years ahead. */
export function nextCron(fields: CronFields, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    const dayOk = fields.domAny || fields.dowAny
      ? fields.dom.has(t.getUTCDate()) && fields.dow.has(t.getUTCDay())
      : fields.dom.has(t.getUTCDate()) || fields.dow.has(t.getUTCDay());
    if (!fields.month.has(t.getUTCMonth() + 1) || !dayOk) {
      t.setUTCHours(0, 0, 0, 0);
      t.setUTCDate(t.getUTCDate() + 1);
      continue;
    }
    if (!fields.hour.has(t.getUTCHours())) {
      t.setUTCMinutes(0);
      t.setUTCHours(t.getUTCHours() + 1);
      continue;
    }
    if (fields.minute.has(t.getUTCMinutes())) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  throw new Error('cron expression never matches');
}

/** The contract's schedule, or the default; `problems` gets a note for a schedule that cannot be understood. */
export function contractSchedule(contract: Contract, defaultMs: number, problems: string[] = []): Schedule {
  for (const sla of contract.sla) {
    const scheduler = stringValue(getNode(sla.node, 'scheduler'));
    const expr = stringValue(getNode(sla.node, 'schedule'));
    if (scheduler?.toLowerCase() === 'cron' && expr) {
      const fields = parseCron(expr);
      if (fields) return { kind: 'cron', expr, fields, source: `SLA schedule "${expr}"` };
      problems.push(`SLA schedule "${expr}" is not a five-field cron expression; using the default interval.`);
    }
  }
  for (const sla of contract.sla) {
    if (sla.property?.value?.toLowerCase() !== 'frequency') continue;
    const amount = Number(sla.value?.value);
    const ms = unitMs(sla.unit?.value ?? 'd');
    if (ms && Number.isFinite(amount) && amount > 0) return { kind: 'every', ms: amount * ms, source: `SLA frequency ${amount} ${sla.unit?.value ?? 'd'}` };
    problems.push(`SLA frequency ${String(sla.value?.value)} ${sla.unit?.value ?? ''} is not a duration; using the default interval.`);
  }
  return { kind: 'every', ms: defaultMs, source: 'default interval' };
}

/** When the next run starts, given when the last one started and finished (a run never overlaps itself). */
export function nextRun(schedule: Schedule, lastStart: Date, finished: Date): Date {
  if (schedule.kind === 'cron') return nextCron(schedule.fields, finished);
  return new Date(Math.max(lastStart.getTime() + schedule.ms, finished.getTime()));
}

/** How long one interval of the schedule is, for "no run for 3 intervals" alerts. */
export function intervalSeconds(schedule: Schedule): number {
  if (schedule.kind === 'every') return Math.round(schedule.ms / 1000);
  const now = new Date(Date.UTC(2026, 0, 5));
  const a = nextCron(schedule.fields, now);
  // The longest gap between consecutive runs over a week: a conservative interval.
  let longest = 0;
  let prev = a;
  for (let i = 0; i < 200; i++) {
    const next = nextCron(schedule.fields, prev);
    longest = Math.max(longest, next.getTime() - prev.getTime());
    if (next.getTime() - a.getTime() > 8 * 86_400_000) break;
    prev = next;
  }
  return Math.round(longest / 1000);
}
