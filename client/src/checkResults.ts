/**
 * The latest check results per contract, as the server returned them, and a change event. The code lenses, the
 * Test Explorer and the status item read from here; nothing is computed but counts.
 */
import * as vscode from 'vscode';
import type { CheckResult } from './protocol.js';

/** Counting is the engine's (one definition for the CLI summary, the code lenses and the status item). */
import { summarize as countResults, type CheckSummary as Counts } from '../../server/src/engine/data/checks/results.js';
export { countResults, type Counts };

/** "12 rules · 2 failed · 1 warning" */
export function describeCounts(c: Counts): string {
  const parts = [`${c.total} rule${c.total === 1 ? '' : 's'}`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.warning) parts.push(`${c.warning} warning${c.warning === 1 ? '' : 's'}`);
  if (c.error) parts.push(`${c.error} could not run`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (!c.failed && !c.warning && !c.error && c.total) parts.push('all passed');
  return parts.join(' · ');
}

export class CheckResultStore implements vscode.Disposable {
  private readonly byContract = new Map<string, CheckResult[]>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChange = this.emitter.event;
  lastRun: { at: Date; counts: Counts } | undefined;

  /** Replaces the results of the contracts that were checked. */
  set(uris: vscode.Uri[], results: CheckResult[]): void {
    for (const u of uris) this.byContract.set(u.toString(), []);
    for (const r of results) {
      const key = contractKey(r);
      if (!this.byContract.has(key)) this.byContract.set(key, []);
      this.byContract.get(key)!.push(r);
    }
    this.emitter.fire(uris);
  }

  /** A whole run (one or many contracts) ended: its counts become the "last check" of the status item. */
  finishRun(results: readonly CheckResult[]): void {
    this.lastRun = { at: new Date(), counts: countResults(results) };
    this.emitter.fire([]);
  }

  get(uri: vscode.Uri): CheckResult[] | undefined {
    return this.byContract.get(uri.toString());
  }

  forSchema(uri: vscode.Uri, schema: string): CheckResult[] | undefined {
    return this.get(uri)?.filter((r) => r.schema === schema);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function contractKey(r: CheckResult): string {
  if (r.contractUri) return vscode.Uri.parse(r.contractUri).toString();
  return vscode.Uri.file(r.contract).toString();
}
