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
} as const;

export const Notifications = {
  /** Client → server: the workspace became trusted (or not); data features follow it. */
  workspaceTrust: 'contractlens/didChangeWorkspaceTrust',
} as const;

export interface InitializationOptions {
  workspaceTrusted: boolean;
  /** Who is asking, for the server's log. */
  client: 'vscode';
}

export interface PreviewParams {
  uri: string;
  /** Schema object name; absent: the one under `position`, else the first. */
  schema?: string;
  position?: { line: number; character: number };
  limit?: number;
  server?: string;
}

export interface PreviewColumn {
  name: string;
  type?: string;
}

/** Which rules one cell breaks. */
export interface CellViolation {
  row: number;
  column: string;
  rules: { rule: string; message: string }[];
}

export interface PreviewResult {
  contract?: string;
  schema: string;
  server?: string;
  source?: string;
  columns: PreviewColumn[];
  rows: unknown[][] | Record<string, unknown>[];
  violations?: CellViolation[];
  truncated?: boolean;
  totalRows?: number;
  error?: string;
}

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error' | 'skipped';

/** One check result, as `contractlens check --format json` prints it. */
export interface CheckResult {
  contract: string;
  schema?: string;
  property?: string;
  rule: string;
  name?: string;
  status: CheckStatus;
  failedRows?: number;
  totalRows?: number;
  observed?: unknown;
  threshold?: unknown;
  message?: string;
  samples?: unknown[];
  /** 0-based range of the rule in the contract, when the server gives one. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
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
