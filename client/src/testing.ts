/**
 * Test Explorer: contract → schema object → rule. Items come from the server's plan (schema objects, rules) and from
 * the rules the server's check request reports; running one item, a schema object or everything sends the same
 * `contractlens/check` request and maps each result onto its item. Nothing here evaluates a rule.
 */
import * as vscode from 'vscode';
import type { CheckRunner } from './checkRunner.js';
import { resultRange, schemaPlaces } from './contractSymbols.js';
import type { CheckCounts } from '../../server/src/shared/checkCounts.js';
import type { CheckResponse, CheckResult, ContractTrend } from '../../server/src/shared/protocol.js';
import { contractKey } from './checkResults.js';
import { CONTRACT_GLOBS } from '../../server/src/shared/contractFiles.js';

export class ContractTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  readonly profile: vscode.TestRunProfile;
  private readonly disposables: vscode.Disposable[] = [];
  /** The outcome of each item of the latest run, as reported to VS Code (read by the e2e tests through the extension API). */
  lastRun: RunOutcomes | undefined;
  /** The server's counts of the latest run, for the summary shown after Run Checks. */
  private lastCounts: CheckCounts | undefined;

  constructor(private readonly runner: CheckRunner) {
    this.controller = vscode.tests.createTestController('contractlens', 'Contract Lens');
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discoverWorkspace();
      else await this.discoverContract(item.uri!);
    };
    this.controller.refreshHandler = () => this.discoverWorkspace();
    this.profile = this.controller.createRunProfile('Run Checks', vscode.TestRunProfileKind.Run, (req, token) => this.run(req, token), true);
    // Contract files created or deleted later join or leave the tree.
    for (const glob of CONTRACT_GLOBS) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidCreate((uri) => this.contractItem(uri));
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString()));
      this.disposables.push(watcher);
    }
    this.disposables.push(
      this.controller,
      vscode.workspace.onDidSaveTextDocument((d) => this.controller.items.get(d.uri.toString()) && void this.discoverContract(d.uri)),
    );
  }

  async discoverWorkspace(): Promise<void> {
    const uris = await this.runner.workspaceContracts();
    for (const uri of uris) this.contractItem(uri);
  }

  private contractItem(uri: vscode.Uri): vscode.TestItem {
    const id = uri.toString();
    let item = this.controller.items.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      item.canResolveChildren = true;
      this.controller.items.add(item);
    }
    return item;
  }

  /**
   * Schema objects and their rules from the server's plan (`contractlens/plan`: reads only the
   * contract, so rules are listed before any run and in untrusted workspaces). Rule item ids are built from the
   * plan's rule ids, which are the ids check results carry, so a run reports onto these same items.
   */
  async discoverContract(uri: vscode.Uri): Promise<vscode.TestItem> {
    const item = this.contractItem(uri);
    const plan = await this.runner.plan(uri).catch(() => undefined);
    const objects = schemaPlaces(plan);
    const schemaItem = (name: string) => {
      const id = `${uri.toString()}#${name}`;
      let s = item.children.get(id);
      if (!s) {
        s = this.controller.createTestItem(id, name, uri);
        item.children.add(s);
      }
      return s;
    };
    for (const o of objects) schemaItem(o.name).range = o.selectionRange;
    // Without a plan (server not running, not a contract yet), keep what is there: a later run still fills it in.
    if (!plan) return item;
    for (const group of plan.schemas) {
      const s = schemaItem(group.name);
      const rules: vscode.TestItem[] = [];
      for (const rule of group.rules) {
        const id = `${s.id}#${rule.id}`;
        const r = s.children.get(id) ?? this.controller.createTestItem(id, rule.name || rule.id, uri);
        r.label = rule.name || rule.id;
        r.description = describe(rule.property, rule.kind);
        const range = rule.range ? resultRange({ range: rule.range }, undefined) : undefined;
        r.range = range ?? s.range;
        rules.push(r);
      }
      // The plan is the contract as written now: rules removed from it leave the tree, kept ones stay the same items.
      s.children.replace(rules);
    }
    return item;
  }

  /** Run Checks from a command or code lens: a Test Explorer run of these contracts (or one schema object). */
  async runFromCommand(uris: vscode.Uri[], schema?: string): Promise<void> {
    const include: vscode.TestItem[] = [];
    for (const uri of uris) {
      const contract = await this.discoverContract(uri);
      const s = schema ? contract.children.get(`${contract.id}#${schema}`) : undefined;
      include.push(s ?? contract);
    }
    const cts = new vscode.CancellationTokenSource();
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Contract Lens: running checks…', cancellable: true },
        async (_p, token) => {
          token.onCancellationRequested(() => cts.cancel());
          await this.run(new vscode.TestRunRequest(include), cts.token);
        },
      );
      const c = this.lastCounts;
      if (c && !cts.token.isCancellationRequested) {
        const text = `Contract Lens: ${c.text}`;
        if (c.failed || c.error) {
          void vscode.window.showWarningMessage(text, 'Show in Test Explorer').then((a) => a && vscode.commands.executeCommand('workbench.view.testing.focus'));
        } else void vscode.window.setStatusBarMessage(text, 5000);
      }
    } finally {
      cts.dispose();
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = new ReportedRun(this.controller.createTestRun(request));
    this.lastRun = run.outcomes;
    this.lastCounts = undefined;
    try {
      // Excluded items are never sent: a selected item with an excluded descendant is replaced by its other children.
      const wanted = withoutExcluded(request.include ?? [...collect(this.controller.items)], request.exclude ?? []);
      // One target per contract: the whole contract, or the schema objects and single rules selected in it.
      const byContract = new Map<string, { uri: vscode.Uri; whole: boolean; schemas: Set<string>; rules: Map<string, string>; items: vscode.TestItem[] }>();
      for (const item of wanted) {
        const uri = item.uri!;
        const key = uri.toString();
        const entry = byContract.get(key) ?? { uri, whole: false, schemas: new Set<string>(), rules: new Map<string, string>(), items: [] };
        const [, schema, rule] = splitId(item.id);
        if (!schema) entry.whole = true;
        else if (!rule) entry.schemas.add(schema);
        else entry.rules.set(rule, schema);
        entry.items.push(item);
        byContract.set(key, entry);
      }
      const targets = [...byContract.values()];
      for (const { items } of targets) for (const i of items) run.started(i);
      let response: CheckResponse;
      try {
        // One request for the whole selection: the server counts the run (the status item and the summary show it).
        response = await this.runner.check(targets.map(selection), token);
      } catch (err) {
        for (const { items } of targets) for (const i of items) run.errored(i, new vscode.TestMessage(String((err as Error)?.message ?? err)));
        return;
      }
      this.lastCounts = response.counts;
      for (const { uri, items } of targets) {
        if (token.isCancellationRequested) break;
        const results = response.results.filter((r) => contractKey(r) === uri.toString());
        const notAContract = response.errors.find((e) => e.uri === uri.toString() && !results.length);
        if (notAContract) {
          for (const i of items) run.errored(i, new vscode.TestMessage(notAContract.message));
          continue;
        }
        const contract = await this.discoverContract(uri);
        const doc = await vscode.workspace.openTextDocument(uri);
        // The recorded runs (check --history, serve) of the failed rules, for their messages.
        const trends = results.some((r) => r.status !== 'passed' && r.status !== 'skipped') ? (await this.runner.history(uri, undefined, 10)).trends : [];
        this.report(run, contract, doc, results, request.exclude ?? [], items, new Map(trends.map((t) => [t.rule, t])));
      }
    } finally {
      run.end();
    }
  }

  /** Creates/updates rule items under their schema object and reports each result. */
  private report(run: ReportedRun, contract: vscode.TestItem, doc: vscode.TextDocument, results: CheckResult[], exclude: readonly vscode.TestItem[], requested: vscode.TestItem[], trends = new Map<string, ContractTrend>()): void {
    const onlyRules = new Set(requested.filter((i) => splitId(i.id)[2]).map((i) => i.id));
    const touchedSchemas = new Map<string, { failed: boolean; errored: boolean }>();
    for (const r of results) {
      if (contractKey(r) !== contract.id) continue;
      const schemaId = `${contract.id}#${r.schema}`;
      let schemaItem = contract.children.get(schemaId);
      if (!schemaItem) {
        schemaItem = this.controller.createTestItem(schemaId, r.schema, contract.uri);
        contract.children.add(schemaItem);
      }
      const ruleId = `${schemaId}#${r.rule}`;
      let ruleItem = schemaItem.children.get(ruleId);
      if (!ruleItem) {
        ruleItem = this.controller.createTestItem(ruleId, r.name || r.rule, contract.uri);
        schemaItem.children.add(ruleItem);
      }
      ruleItem.description = describe(r.property, r.kind);
      ruleItem.range = resultRange(r, doc) ?? schemaItem.range;
      if (onlyRules.size && !onlyRules.has(ruleId) && !requested.some((i) => i.id === schemaId || i.id === contract.id)) continue;
      if (exclude.some((e) => e.id === ruleId)) continue;
      const s = touchedSchemas.get(schemaId) ?? { failed: false, errored: false };
      switch (r.status) {
        case 'passed':
          run.passed(ruleItem);
          break;
        case 'skipped':
          run.skipped(ruleItem);
          break;
        case 'error':
          s.errored = true;
          run.errored(ruleItem, message(r, ruleItem, trends.get(r.rule)));
          break;
        default: // failed, warning
          s.failed = true;
          run.failed(ruleItem, message(r, ruleItem, trends.get(r.rule)));
      }
      touchedSchemas.set(schemaId, s);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function message(r: CheckResult, item: vscode.TestItem, trend?: ContractTrend): vscode.TestMessage {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${r.status === 'warning' ? 'Warning' : r.status === 'error' ? 'Could not run' : 'Failed'}:** `);
  md.appendText(r.message || r.rule);
  if (r.failedRows !== undefined && r.failedRows !== null) {
    md.appendMarkdown(`\n\nFailing rows: **${r.failedRows}**${r.totalRows ? ` of ${r.totalRows}` : ''}`);
  }
  if (trend?.points.length) {
    // The server's sparkline of the recorded runs (oldest left) and its change since the previous one.
    md.appendMarkdown(`\n\nLast ${trend.points.length} recorded run${trend.points.length === 1 ? '' : 's'}: \`${trend.sparkline}\` — ${trend.changeText}`);
  }
  if (r.samples?.length) {
    md.appendMarkdown('\n\nSamples:\n');
    md.appendCodeblock(r.samples.map((s) => JSON.stringify(s)).join('\n'), 'json');
  }
  const m = new vscode.TestMessage(md);
  if (item.uri && item.range) m.location = new vscode.Location(item.uri, item.range);
  return m;
}

/** What a Test Explorer selection of one contract asks the server to run: all, some schema objects, single rules. */
function selection(t: { uri: vscode.Uri; whole: boolean; schemas: Set<string>; rules: Map<string, string> }): { uri: vscode.Uri; schemas?: string[]; rules?: string[] } {
  if (t.whole) return { uri: t.uri };
  const singles = [...t.rules].filter(([, schema]) => !t.schemas.has(schema)).map(([rule]) => rule);
  return { uri: t.uri, schemas: [...t.schemas], rules: singles };
}

/** `contractUri#schema#rule` → its three parts. A rule id may itself hold `#` (the planner's `<id>#2` for a repeat). */
export function splitId(id: string): [string, string | undefined, string | undefined] {
  const [contract, schema, ...rule] = id.split('#');
  return [contract!, schema, rule.length ? rule.join('#') : undefined];
}

/** The item's grey text: the property and the kind of rule. */
function describe(property: string | null | undefined, kind: string | undefined): string | undefined {
  return property ? `${property} · ${kind ?? ''}`.replace(/ · $/, '') : kind;
}

function withoutExcluded(items: readonly vscode.TestItem[], exclude: readonly vscode.TestItem[]): vscode.TestItem[] {
  if (!exclude.length) return [...items];
  const excluded = new Set(exclude.map((e) => e.id));
  const out: vscode.TestItem[] = [];
  for (const item of items) {
    if (excluded.has(item.id)) continue;
    const hasExcludedBelow = [...excluded].some((id) => id.startsWith(`${item.id}#`));
    if (hasExcludedBelow) out.push(...withoutExcluded([...collect(item.children)], exclude));
    else out.push(item);
  }
  return out;
}

function* collect(items: vscode.TestItemCollection): Iterable<vscode.TestItem> {
  for (const [, item] of items) yield item;
}

export interface RunOutcomes {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  /** Test item id → what was reported for it. */
  items: Record<string, Outcome>;
  /** Test item id → the text of the message of a failed or errored item (Markdown as shown). */
  messages: Record<string, string>;
}

type Outcome = 'passed' | 'failed' | 'errored' | 'skipped';

/** A TestRun that also keeps what was reported on it, so the outcome of a run can be read back without VS Code. */
class ReportedRun {
  readonly outcomes: RunOutcomes = { passed: 0, failed: 0, errored: 0, skipped: 0, items: {}, messages: {} };

  constructor(private readonly run: vscode.TestRun) {}

  started(item: vscode.TestItem): void {
    this.run.started(item);
  }

  passed(item: vscode.TestItem): void {
    this.note(item, 'passed');
    this.run.passed(item);
  }

  failed(item: vscode.TestItem, message: vscode.TestMessage): void {
    this.note(item, 'failed', message);
    this.run.failed(item, message);
  }

  errored(item: vscode.TestItem, message: vscode.TestMessage): void {
    this.note(item, 'errored', message);
    this.run.errored(item, message);
  }

  skipped(item: vscode.TestItem): void {
    this.note(item, 'skipped');
    this.run.skipped(item);
  }

  end(): void {
    this.run.end();
  }

  private note(item: vscode.TestItem, outcome: Outcome, message?: vscode.TestMessage): void {
    this.outcomes[outcome]++;
    this.outcomes.items[item.id] = outcome;
    if (message) this.outcomes.messages[item.id] = typeof message.message === 'string' ? message.message : message.message.value;
  }
}
