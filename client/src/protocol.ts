/**
 * The custom requests the extension sends to the Contract Lens language server, with the shapes it relies on.
 * The server owns these (server/src/lsp/customRequests.ts and the feature handlers); the client only names them
 * and reads the fields it displays. Anything it does not understand is shown as the server sent it.
 */

export const Requests = {
  preview: 'contractlens/preview',
  check: 'contractlens/check',
  drift: 'contractlens/drift',
  reconcile: 'contractlens/reconcile',
  breakingChanges: 'contractlens/breakingChanges',
  createContract: 'contractlens/createContract',
  plan: 'contractlens/plan',
  clean: 'contractlens/clean',
} as const;

/** `contractlens/clean`: the server's own types (type-only import) and its error codes. */
export type { CleanParams, CleanResponse } from '../../server/src/lsp/handlers/clean.js';
export type { CleanReport } from '../../server/src/engine/data/clean/types.js';

export const Notifications = {
  /** Client → server: the workspace became trusted (or not); data features follow it. */
  workspaceTrust: 'contractlens/didChangeWorkspaceTrust',
} as const;

export interface InitializationOptions {
  workspaceTrusted: boolean;
  /** Who is asking, for the server's log. */
  client: 'vscode';
}

/** `contractlens/preview` parameters: the server's own type (type-only import, nothing of the server is bundled). */
export type { PreviewParams } from '../../server/src/lsp/handlers/data.js';

/**
 * The preview result is the engine's (server/src/engine/data/preview.ts), sent as is: columns, the rules cells can
 * break, and rows whose `broken` map says which rule ids each cell breaks. Imported as a type only.
 */
export type { PreviewResult, PreviewRow, PreviewRule, PreviewColumn } from '../../server/src/engine/data/preview.js';

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error' | 'skipped';

/** One check result, as `contractlens check --format json` prints it. */
export interface CheckResult {
  contract: string;
  contractUri?: string;
  schema: string;
  property?: string | null;
  rule: string;
  kind?: string;
  severity?: 'error' | 'warning' | 'info';
  name: string;
  status: CheckStatus;
  failedRows?: number;
  totalRows?: number;
  observed?: unknown;
  threshold?: unknown;
  message?: string;
  samples?: unknown[];
  /** Where the rule is written in the contract: an LSP range, or the engine's offsets. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } } | { start: number; end: number };
}

export interface CheckParams {
  /** Contract URIs; empty: every contract of the workspace. */
  uris: string[];
  schema?: string;
  server?: string;
  samples?: number;
}

export interface CheckResponse {
  results: CheckResult[];
  errors?: { uri?: string; message: string }[];
}

/** `contractlens/plan`: the rules a contract's checks will run, per schema object; reads no data (works untrusted). */
export type { PlanParams, PlannedRule, PlanResponse } from '../../server/src/lsp/handlers/plan.js';

/** `contractlens/breakingChanges`: the server compares the contract (saved or not) with a git revision. */
export interface BreakingChangesResponse {
  base: string;
  commit: string;
  /** The changelog, ready to show. */
  markdown: string;
}

/** `contractlens/createContract`: `uri` is set when the server wrote the new file; else open `text` unsaved. */
export interface CreateContractResponse {
  uri?: string;
  text: string;
  summary: string;
}
