/**
 * Code lenses above each schema object: "Preview · Check · Drift", and after a run a one-line result
 * ("12 rules · 2 failed"). Positions come from the server's plan; results from the check store.
 */
import * as vscode from 'vscode';
import type { CheckResultStore } from './checkResults.js';
import { isContractDocument } from './contractContext.js';
import type { CheckRunner } from './checkRunner.js';
import { schemaObjects } from './contractSymbols.js';

export class SchemaCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly store: CheckResultStore,
    private readonly runner: CheckRunner,
  ) {
    this.sub = store.onDidChange(() => this.emitter.fire());
  }

  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isContractDocument(doc)) return [];
    const objects = await schemaObjects(this.runner, doc.uri);
    const lenses: vscode.CodeLens[] = [];
    for (const o of objects) {
      const at = new vscode.Range(o.range.start, o.range.start);
      const args = [doc.uri, o.name];
      lenses.push(
        new vscode.CodeLens(at, { title: 'Preview', command: 'contractlens.previewData', arguments: args, tooltip: `Preview the data of ${o.name}` }),
        new vscode.CodeLens(at, { title: 'Check', command: 'contractlens.runChecks', arguments: args, tooltip: `Run the quality checks of ${o.name}` }),
        new vscode.CodeLens(at, { title: 'Drift', command: 'contractlens.checkDrift', arguments: args, tooltip: `Compare ${o.name} with its data's columns` }),
      );
      const c = this.store.schemaCounts(doc.uri, o.name);
      if (c?.total) {
        const icon = c.failed || c.error ? '$(error)' : c.warning ? '$(warning)' : '$(pass)';
        lenses.push(new vscode.CodeLens(at, { title: `${icon} ${c.text}`, command: 'workbench.view.testing.focus', tooltip: 'Show the results in the Test Explorer' }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
