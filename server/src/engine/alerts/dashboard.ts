/**
 * A Grafana dashboard generated from the contracts (`contractlens dashboard`): a row per contract, a panel per
 * quality dimension of its rules showing failing rows over time per rule, plus freshness and run results. It uses
 * the metric families of metrics/families.ts and a Prometheus data source chosen at import (`${DS_PROMETHEUS}`).
 * Written to Grafana's dashboard JSON model (schemaVersion 39); not tested against a running Grafana.
 */
import { planChecks } from '../data/checks/plan.js';
import { dimensionOf } from '../data/checks/plan.js';
import { METRIC_NAMES } from '../metrics/names.js';
import type { Contract } from '../model/types.js';
import type { ContractLookup } from '../workspace/index.js';

export interface DashboardContract {
  contract: Contract;
  display: string;
}

const q = (s: string) => JSON.stringify(s);
const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

export function renderDashboard(contracts: readonly DashboardContract[], lookup: ContractLookup, title = 'Contract Lens'): string {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const c of contracts) {
    panels.push({ id: id++, type: 'row', title: c.display, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y: y++ }, panels: [] });
    const dimensions = [...new Set(planChecks(c.contract, lookup).map(dimensionOf))].sort();
    const series = [
      ...dimensions.map((d) => ({ title: `${d}: failing rows`, expr: `sum by (rule) (${METRIC_NAMES.ruleFailedRows}{contract=${q(c.display)}, dimension=${q(d)}})`, legend: '{{rule}}', unit: 'short' })),
      { title: 'freshness (age of newest row)', expr: `${METRIC_NAMES.freshness}{contract=${q(c.display)}}`, legend: '{{schema}}', unit: 's' },
      { title: 'runs by result', expr: `sum by (result) (increase(${METRIC_NAMES.runs}{contract=${q(c.display)}}[$__rate_interval]))`, legend: '{{result}}', unit: 'short' },
      // Copies of the data (several servers): what serve's declared reconciliations report.
      ...(c.contract.servers.length > 1 ? [{ title: 'copies: differing rows', expr: `${METRIC_NAMES.reconcileRows}{contract=${q(c.display)}}`, legend: '{{schema}} {{server}} vs {{against}}: {{kind}}', unit: 'short' }] : []),
    ];
    series.forEach((s, i) => {
      panels.push({
        id: id++,
        type: 'timeseries',
        title: s.title,
        datasource: DATASOURCE,
        gridPos: { h: 8, w: 8, x: (i % 3) * 8, y: y + Math.floor(i / 3) * 8 },
        fieldConfig: { defaults: { unit: s.unit }, overrides: [] },
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
        targets: [{ refId: 'A', datasource: DATASOURCE, expr: s.expr, legendFormat: s.legend }],
      });
    });
    y += Math.ceil(series.length / 3) * 8;
  }
  const dashboard = {
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
    title,
    uid: 'contractlens',
    tags: ['contractlens', 'data-contracts'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    refresh: '1m',
    time: { from: 'now-7d', to: 'now' },
    panels,
  };
  return JSON.stringify(dashboard, null, 2) + '\n';
}
