/**
 * Prometheus alerting rules generated from the contracts (`contractlens alerts`): one alert per rule of severity
 * error (status >= 2, i.e. failed or could not run, for the tolerance), freshness against the SLA latency,
 * differences between the copies of a contract with several servers, and "no run for 3 intervals". The rules match
 * the metric families of metrics/families.ts by the same labels `serve` sets (contract = the path as given).
 */
import { stringify } from 'yaml';
import { unitMs } from '../data/checks/conditions.js';
import { planChecks } from '../data/checks/plan.js';
import { METRIC_NAMES, STATUS_VALUES } from '../metrics/names.js';
import type { Contract } from '../model/types.js';
import { intervalSeconds, type Schedule } from '../serve/schedule.js';
import type { ContractLookup } from '../workspace/index.js';

export interface AlertContract {
  contract: Contract;
  display: string;
  schedule: Schedule;
}

export interface AlertOptions {
  /** How long a failure must last before the alert fires (default: one interval of the contract's schedule). */
  forSeconds?: number;
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A PromQL string literal (Go escaping, which JSON's matches for these characters). */
const q = (s: string) => JSON.stringify(s);

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s % 3600 === 0 && s > 0) return `${s / 3600}h`;
  if (s % 60 === 0 && s > 0) return `${s / 60}m`;
  return `${s}s`;
}

function latencySeconds(contract: Contract): { schema: string; seconds: number; text: string }[] {
  const out: { schema: string; seconds: number; text: string }[] = [];
  for (const sla of contract.sla) {
    const prop = sla.property?.value?.toLowerCase();
    if ((prop !== 'latency' && prop !== 'freshness') || !sla.element?.value) continue;
    const ms = unitMs(sla.unit?.value ?? 'd');
    const amount = Number(sla.value?.value);
    if (!ms || !Number.isFinite(amount)) continue;
    const objectName = sla.element.value.split(',')[0].trim().split('.')[0];
    const schema = contract.schemas.find((s) => s.name?.value === objectName || s.physicalName?.value === objectName)?.name?.value ?? objectName;
    out.push({ schema, seconds: (amount * ms) / 1000, text: `${amount} ${sla.unit?.value ?? 'd'}` });
  }
  return out;
}

export function alertRules(contracts: readonly AlertContract[], lookup: ContractLookup, options: AlertOptions = {}): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const c of contracts) {
    const interval = intervalSeconds(c.schedule);
    const tolerance = duration(options.forSeconds ?? interval);
    const contract = q(c.display);
    for (const rule of planChecks(c.contract, lookup)) {
      if (rule.severity !== 'error') continue;
      rules.push({
        alert: 'ContractLensRuleFailed',
        expr: `${METRIC_NAMES.ruleStatus}{contract=${contract}, rule=${q(rule.id)}} >= ${STATUS_VALUES.failed}`,
        for: tolerance,
        labels: { severity: 'error', contract: c.display, rule: rule.id },
        annotations: {
          summary: `${rule.id} fails in ${c.display}`,
          description: `${rule.name}: {{ with printf "${METRIC_NAMES.ruleFailedRows}{contract=%q, rule=%q}" $labels.contract $labels.rule | query }}{{ . | first | value }} failing rows{{ else }}the rule failed or could not run{{ end }} (status {{ $value }}: 2 failed, 3 error).`,
        },
      });
    }
    for (const l of latencySeconds(c.contract)) {
      rules.push({
        alert: 'ContractLensSourceStale',
        expr: `${METRIC_NAMES.freshness}{contract=${contract}, schema=${q(l.schema)}} > ${l.seconds}`,
        for: tolerance,
        labels: { severity: 'error', contract: c.display, schema: l.schema },
        annotations: { summary: `${l.schema} in ${c.display} is older than its SLA latency (${l.text})`, description: 'The newest row is {{ $value | humanizeDuration }} old.' },
      });
    }
    if (c.contract.servers.length > 1) {
      rules.push({
        alert: 'ContractLensCopiesDiffer',
        expr: `${METRIC_NAMES.reconcileRows}{contract=${contract}} > 0`,
        for: tolerance,
        labels: { severity: 'error', contract: c.display },
        annotations: { summary: `Copies of {{ $labels.schema }} in ${c.display} differ`, description: '{{ $value }} rows {{ $labels.kind }} between {{ $labels.server }} and {{ $labels.against }}.' },
      });
    }
    const stale = 3 * interval;
    rules.push({
      alert: 'ContractLensNoRecentRun',
      expr: `time() - ${METRIC_NAMES.lastRun}{contract=${contract}} > ${stale} or absent(${METRIC_NAMES.lastRun}{contract=${contract}})`,
      for: duration(stale),
      labels: { severity: 'warning', contract: c.display },
      annotations: { summary: `No run of ${c.display} for 3 intervals (${duration(stale)})`, description: 'contractlens serve is down, stuck, or no longer serves this contract.' },
    });
  }
  return rules;
}

/** The rule file: one group per contract. */
export function renderAlertRules(contracts: readonly AlertContract[], lookup: ContractLookup, options: AlertOptions = {}): string {
  const all = alertRules(contracts, lookup, options);
  const groups = contracts.map((c) => ({ name: `contractlens ${c.display}`, rules: all.filter((r) => r.labels.contract === c.display) }));
  return `# Generated by contractlens alerts from the contracts; regenerate rather than edit.\n${stringify({ groups }, { lineWidth: 0 })}`;
}
