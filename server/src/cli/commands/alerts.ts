/**
 * `contractlens alerts [paths] [--every 5m] [--for DURATION] [-o FILE]`: Prometheus alerting rules from the contracts
 * (engine/alerts/rules.ts), and `contractlens dashboard [paths] [-o FILE]`: a Grafana dashboard JSON. Both name
 * contracts as `serve` does (the path as given), so run them with the same paths from the same folder.
 */
import { promises as fs } from 'node:fs';
import { renderAlertRules } from '../../engine/alerts/rules.js';
import { renderDashboard } from '../../engine/alerts/dashboard.js';
import { contractSchedule, parseInterval } from '../../engine/serve/schedule.js';
import { parseCommandArgs } from '../args.js';
import type { CliIO, Command } from '../command.js';
import { EXIT, UsageError } from '../command.js';
import { loadWorkspace } from './check.js';

async function write(text: string, output: string | undefined, io: CliIO): Promise<void> {
  if (!output) return io.stdout(text);
  try {
    await fs.writeFile(output, text, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write --output ${output}: ${(e as Error).message}`);
  }
}

const ALERT_OPTIONS = { every: { type: 'string' }, for: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'Write Prometheus alerting rules from the contracts (rule failures, freshness, copies, missed runs)',
  usage: `contractlens alerts [paths…] [options]

Writes a Prometheus rule file: per contract, one alert per rule of severity error (ContractLensRuleFailed:
contractlens_rule_status >= 2), freshness against the SLA latency (ContractLensSourceStale), differences between
copies (ContractLensCopiesDiffer, contracts with several servers) and no run for 3 intervals (ContractLensNoRecentRun).
Contracts are named as contractlens serve names them: run both with the same paths from the same folder.

Options:
  --every DURATION       the interval serve uses for contracts without a schedule (default 5m)
  --for DURATION         how long a failure lasts before firing (default: one interval of the contract's schedule)
  -o, --output FILE      write to FILE (check it with: promtool check rules FILE)

Exit codes: 0 written, 2 usage error or unreadable contract.`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, ALERT_OPTIONS);
    const everyMs = parseInterval(args.values.every ?? '5m');
    if (!everyMs) throw new UsageError(`--every expects a duration such as 30s, 5m or 1h, got "${args.values.every}".`);
    const forMs = args.values.for !== undefined ? parseInterval(args.values.for) : undefined;
    if (args.values.for !== undefined && forMs === undefined) throw new UsageError(`--for expects a duration such as 30s, 5m or 1h, got "${args.values.for}".`);
    const ws = await loadWorkspace(args.positionals, io, 'alerts');
    if (!ws.targets.length) return EXIT.usage;
    const contracts = ws.targets.map((t) => ({ contract: t.contract, display: t.display, schedule: contractSchedule(t.contract, everyMs) }));
    await write(renderAlertRules(contracts, ws.index, { forSeconds: forMs === undefined ? undefined : forMs / 1000 }), args.values.output, io);
    return ws.problems.length ? EXIT.usage : EXIT.clean;
  },
};

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'Write a Grafana dashboard JSON for the contracts\' metrics',
  usage: `contractlens dashboard [paths…] [-o FILE] [--title TEXT]

Writes a Grafana dashboard (JSON model, import it in Grafana): a row per contract, a panel per quality dimension
showing failing rows over time per rule, plus freshness and runs. Untested against a running Grafana.

Exit codes: 0 written, 2 usage error or unreadable contract.`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, { output: { type: 'string', short: 'o' }, title: { type: 'string' } } as const);
    const ws = await loadWorkspace(args.positionals, io, 'dashboard');
    if (!ws.targets.length) return EXIT.usage;
    await write(renderDashboard(ws.targets.map((t) => ({ contract: t.contract, display: t.display })), ws.index, args.values.title), args.values.output, io);
    return ws.problems.length ? EXIT.usage : EXIT.clean;
  },
};
