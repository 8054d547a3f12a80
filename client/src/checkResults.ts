/**
 * The latest check results per contract, as the server returned them, and a change event. The code lenses, the
 * Test Explorer and the status item read from here; nothing is computed but counts.
 */
import * as vscode from 'vscode';
import type { CheckResult } from '../../server/src/shared/protocol.js';

/** Counting and its wording are shared with the CLI summary (one definition for the lenses and the status item). */
import { describeCounts, summarize as countResults, type CheckSummary as Counts } from '../../server/src/shared/checkCounts.js';
export { countResults, describeCounts, type Counts };

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
