/**
 * The latest check results per contract, and their counts, as the server returned them, with a change event. The
 * code lenses, the Test Explorer and the status item read from here; nothing is computed here, not even counts.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from 'vscode-languageclient/node';
import type { CheckCounts } from '../../server/src/shared/checkCounts.js';
import type { CheckResponse, CheckResult } from '../../server/src/shared/protocol.js';

export class CheckResultStore implements vscode.Disposable {
  private readonly byContract = new Map<string, CheckResult[]>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChange = this.emitter.event;
  /** The server's counts of the latest whole run (one Test Explorer run, a code lens's Check). */
  lastRun: { at: Date; counts: CheckCounts } | undefined;
  /** The server's counts per schema object (`uri` + NUL + schema), from the latest run that checked it. */
  private readonly countsBySchema = new Map<string, CheckCounts>();
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

  /** Replaces the results of the contracts that were checked (their schema objects' counts are the server's). */
  set(uris: vscode.Uri[], results: CheckResult[]): void {
    for (const u of uris) this.byContract.set(u.toString(), []);
    for (const key of [...this.countsBySchema.keys()]) if (uris.some((u) => key.startsWith(`${u.toString()}\u0000`))) this.countsBySchema.delete(key);
    for (const r of results) {
      const key = contractKey(r);
      if (!this.byContract.has(key)) this.byContract.set(key, []);
      this.byContract.get(key)!.push(r);
    }
    this.emitter.fire(uris);
  }

  /** A run's counts, as the server counted them: per schema object for the lenses, the whole for the status item. */
  setCounts(response: Pick<CheckResponse, 'counts' | 'schemaCounts'>): void {
    for (const s of Array.isArray(response.schemaCounts) ? response.schemaCounts : []) this.countsBySchema.set(schemaKey(s.uri, s.schema), s.counts);
    if (response.counts) this.lastRun = { at: new Date(), counts: response.counts };
    this.emitter.fire([]);
  }

  /** The server's counts of a schema object's latest run. */
  schemaCounts(uri: vscode.Uri, schema: string): CheckCounts | undefined {
    return this.countsBySchema.get(schemaKey(uri.toString(), schema));
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

function schemaKey(uri: string, schema: string): string {
  return `${vscode.Uri.parse(uri).toString()}\u0000${schema}`;
}

export function contractKey(r: CheckResult): string {
  if (r.contractUri) return vscode.Uri.parse(r.contractUri).toString();
  return vscode.Uri.file(r.contract).toString();
}
