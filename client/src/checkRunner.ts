/**
 * Sends `contractlens/check` and keeps the results in the store.
 * Refuses early, with the reason, in an untrusted workspace (the server refuses too: this only saves a round trip).
 */
import * as vscode from 'vscode';
import { CONTRACT_GLOBS } from '../../server/src/shared/contractFiles.js';
import { CheckRequest, HistoryRequest, PlanRequest, type CheckParams, type CheckResponse, type HistoryResponse, type PlanParams, type PlanResponse } from '../../server/src/shared/protocol.js';
import type { CheckResultStore } from './checkResults.js';
import { isContractDocument } from './contractContext.js';
import type { ServerClient } from './serverClient.js';

export const UNTRUSTED_MESSAGE = 'Contract Lens reads no data and runs no SQL in an untrusted workspace. Trust the workspace to preview data, check drift or run checks.';

export class CheckRunner {
  constructor(
    private readonly server: ServerClient,
    readonly store: CheckResultStore,
  ) {}

  /** Contract files of the workspace (by name) plus open YAML buffers that are contracts by content. */
  async workspaceContracts(): Promise<vscode.Uri[]> {
    const found = new Map<string, vscode.Uri>();
    for (const glob of CONTRACT_GLOBS) {
      for (const u of await vscode.workspace.findFiles(glob, '**/node_modules/**', 5000)) found.set(u.toString(), u);
    }
    for (const d of vscode.workspace.textDocuments) if (isContractDocument(d)) found.set(d.uri.toString(), d.uri);
    return [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  }

  /** The rules a run of this contract will report, per schema object (no data is read: allowed untrusted). */
  async plan(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<PlanResponse> {
    const params: PlanParams = { uri: uri.toString() };
    const response = await this.server.request(PlanRequest, params, token);
    return { uri: params.uri, schemas: Array.isArray(response?.schemas) ? response.schemas : [], servers: Array.isArray(response?.servers) ? response.servers : [] };
  }

  /** Runs the checks of some contracts, each whole or some of its schema objects or rules, in one server request. */
  async check(targets: { uri: vscode.Uri; schemas?: string[]; rules?: string[] }[], token?: vscode.CancellationToken): Promise<CheckResponse> {
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    for (const { uri } of targets) {
      const d = vscode.workspace.textDocuments.find((x) => x.uri.toString() === uri.toString());
      if (d?.isDirty) await d.save(); // the data is checked against the contract as written on disk and in the editor alike
    }
    // Samples, limits and the server to read come from the settings, which the server reads itself.
    const params: CheckParams = { targets: targets.map((t) => ({ uri: t.uri.toString(), schemas: t.schemas, rules: t.rules })) };
    const response = await this.server.request(CheckRequest, params, token);
    const results = Array.isArray(response?.results) ? response.results : [];
    const normalized: CheckResponse = { ...response, results, errors: Array.isArray(response?.errors) ? response.errors : [] };
    // Sources that could not be read (missing file, broken CSV…): the rules that need them come back as errors too.
    for (const e of normalized.errors) this.server.output.warn(`${e.uri ? `${e.uri}: ` : ''}${e.message}`);
    this.store.set(targets.map((t) => t.uri), results);
    this.store.setDiagnostics(Array.isArray(response?.diagnostics) ? response.diagnostics : []);
    this.store.setCounts(normalized);
    return normalized;
  }

  /** Recorded runs of a contract's rules (check --history, serve); none in an untrusted workspace or on failure. */
  async history(uri: vscode.Uri, rule?: string, lastRuns = 20, token?: vscode.CancellationToken): Promise<HistoryResponse> {
    if (!vscode.workspace.isTrusted) return { trends: [] };
    try {
      const res = await this.server.request(HistoryRequest, { uri: uri.toString(), rule, lastRuns }, token);
      return { history: res?.history, trends: Array.isArray(res?.trends) ? res.trends : [] };
    } catch (err) {
      this.server.output.warn(`history of ${uri.toString()}: ${(err as Error)?.message ?? err}`);
      return { trends: [] };
    }
  }
}
