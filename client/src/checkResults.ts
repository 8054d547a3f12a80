/**
 * The latest check results per contract, as the server returned them, and a change event. The code lenses, the
 * Test Explorer and the status item read from here; nothing is computed but counts.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from 'vscode-languageclient/node';
import type { CheckResponse, CheckResult } from '../../server/src/shared/protocol.js';

/** Counting and its wording are shared with the CLI summary (one definition for the lenses and the status item). */
import { describeCounts, summarize as countResults, type CheckSummary as Counts } from '../../server/src/shared/checkCounts.js';
export { countResults, describeCounts, type Counts };

export class CheckResultStore implements vscode.Disposable {
  private readonly byContract = new Map<string, CheckResult[]>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChange = this.emitter.event;
  lastRun: { at: Date; counts: Counts } | undefined;
  private readonly diagnosticsByContract = new Map<string, Diagnostic[]>();
  private readonly diagnosticsEmitter = new vscode.EventEmitter<string[]>();
  /** The contracts (URI strings) whose check diagnostics changed. */
  readonly onDidChangeDiagnostics = this.diagnosticsEmitter.event;

  /** The server's diagnostics of the contracts of a check response replace their earlier ones. */
  setDiagnostics(perContract: CheckResponse['diagnostics']): void {
    for (const { uri, diagnostics } of perContract) this.diagnosticsByContract.set(uri, diagnostics);
    this.diagnosticsEmitter.fire(perContract.map((d) => d.uri));
  }

  diagnostics(uri: string): Diagnostic[] {
    return this.diagnosticsByContract.get(uri) ?? [];
  }

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
    this.diagnosticsEmitter.dispose();
  }
}

export function contractKey(r: CheckResult): string {
  if (r.contractUri) return vscode.Uri.parse(r.contractUri).toString();
  return vscode.Uri.file(r.contract).toString();
}
