/**
 * The custom requests and notifications between the extension and the language server: one `RequestType` or
 * `NotificationType` each, with its params and result types, and the error codes a request fails with. Both sides
 * import these objects; a method name is written here and nowhere else (test/shared/protocol.test.ts).
 *
 * To add a request:
 *   1. declare its Params/Response types and `export const FooRequest = new RequestType<FooParams, FooResponse, void>('contractlens/foo')` below;
 *   2. on the server, write a handler `{ type: FooRequest, handle(params, ctx, token) { … } }` (lsp/customRequests.ts)
 *      and register it in lsp/extensions.ts; failures throw `new ResponseError(RequestError.X, message)`;
 *   3. on the client, `server.request(FooRequest, params, token)`.
 * Result shapes that are the engine's own are imported here as types only (nothing of the engine is bundled into the
 * extension); positions crossing the wire are LSP ranges, never offsets.
 */
import { NotificationType, RequestType, type Diagnostic, type ProgressToken, type Range } from 'vscode-languageserver-protocol';
import type { CheckResult as EngineCheckResult } from '../engine/data/checks/results.js';
import type { RuleKind, RuleSeverity } from '../engine/data/checks/plan.js';
import type { PreviewResult } from '../engine/data/preview.js';
import type { CleanOptions, CleanReport } from '../engine/data/clean/types.js';
import type { ContractChangeSet } from '../engine/diff/summary.js';
import type { Severity } from '../engine/findings.js';
import type { ContractTrend } from '../engine/history/forContract.js';
import type { DatabaseServerRef } from '../engine/data/logins.js';
import type { CheckCounts } from './checkCounts.js';

/**
 * Why a custom request failed (JSON-RPC error `code`). Application codes are positive, away from the JSON-RPC
 * reserved range; a client may branch on them (e.g. offer "Trust the workspace" for Untrusted).
 */
export enum RequestError {
  /** The workspace is not trusted: nothing reads data, runs SQL or runs git. */
  Untrusted = 1,
  /** The uri is not a contract the server knows (not open, not indexed, or not a file: uri). */
  NotAContract = 2,
  /** The schema object named (or any schema object) is not in the contract. */
  NoSuchSchema = 3,
  /** The data, git or the engine failed; the message says why. */
  Failed = 4,
  /** A parameter is malformed (e.g. `now` not a date, `against` missing). */
  InvalidParams = 5,
  /** The request would overwrite or write where it must not (clean's output); the client may ask and retry with force. */
  Refused = 6,
}

/** Sent in `initialize`'s initializationOptions. */
export interface InitializationOptions {
  workspaceTrusted: boolean;
  /** Who is asking, for the server's log. */
  client: 'vscode';
  /** The client answers DatabaseLoginRequest (keeps database passwords in its secret storage). */
  databaseLogins?: boolean;
}

// ——— contractlens/preview ———

export interface PreviewParams {
  uri: string;
  /** Schema object name; absent: the one under `position`, else the first. */
  schema?: string;
  position?: { line: number; character: number };
  /** Rows to read (default: the `previewLimit` setting). */
  limit?: number;
  server?: string;
}

export type PreviewResponse = Omit<PreviewResult, 'rules'> & {
  rules: (Omit<PreviewResult['rules'][number], 'range'> & { range?: Range })[];
};
export type { PreviewColumn, PreviewRow, PreviewRule } from '../engine/data/preview.js';

export const PreviewRequest = new RequestType<PreviewParams, PreviewResponse, void>('contractlens/preview');

// ——— contractlens/drift ———

export interface DriftParams {
  uri: string;
  schema?: string;
  server?: string;
}

export interface DriftResponse {
  /** The report the editor shows. */
  markdown: string;
  findings: { code: string; severity: Severity; message: string; range: Range }[];
}

export const DriftRequest = new RequestType<DriftParams, DriftResponse, void>('contractlens/drift');

// ——— contractlens/check and contractlens/reconcile ———

export interface CheckParams {
  /** Contract URIs; empty or absent (and no `targets`): every contract of the workspace. */
  uris?: string[];
  schema?: string;
  /**
   * Contracts, each whole or only some of its schema objects, checked in one run (the Test Explorer's selection).
   * Given, it replaces `uris` and `schema`.
   */
  targets?: CheckTarget[];
  server?: string;
  /** Failing sample rows per rule (default: the `sampleCount` setting). */
  samples?: number;
  /** ISO time for latency/retention (default: now). */
  now?: string;
}

/** One check result as the engine computes it, with the rule's place in the contract as an LSP range. */
export type CheckResult = Omit<EngineCheckResult, 'range'> & { range?: Range };

export interface CheckTarget {
  uri: string;
  /** These schema objects, whole. Neither `schemas` nor `rules`: the whole contract. */
  schemas?: string[];
  /** These single rules too (the ids results carry, e.g. `orders.user_id.required`). */
  rules?: string[];
}

export interface CheckResponse {
  results: CheckResult[];
  /** The counts of the whole run and their wording, as the status item and the run's summary show them. */
  counts: CheckCounts;
  /** The counts of each schema object checked, as its code lens shows them. */
  schemaCounts: { uri: string; schema: string; counts: CheckCounts }[];
  /** Sources that could not be read, contracts that are not contracts: the rules concerned are also error results. */
  errors: { uri?: string; message: string }[];
  /**
   * The results that did not pass, as diagnostics on the rules' lines, per contract checked (an empty list clears a
   * contract's earlier ones). Source `contractlens checks`, code = the rule id with its doc link.
   */
  diagnostics: { uri: string; diagnostics: Diagnostic[] }[];
}

export const CheckRequest = new RequestType<CheckParams, CheckResponse, void>('contractlens/check');

export interface ReconcileParams {
  uri: string;
  schema?: string;
  /** The reference copy (default: the contract's first local/duckdb server). */
  server?: string;
  /** The copy compared with it. */
  against: string;
  columns?: string[];
  samples?: number;
}

export const ReconcileRequest = new RequestType<ReconcileParams, CheckResponse, void>('contractlens/reconcile');

// ——— contractlens/plan ———

export interface PlanParams {
  /** The contract. */
  uri: string;
  /** Only this schema object. */
  schema?: string;
}

export interface PlannedRule {
  /** The id check results carry in `rule` (e.g. `orders.user_id.required`). */
  id: string;
  name: string;
  kind: RuleKind;
  severity: RuleSeverity;
  property: string | null;
  /** Where the rule is written in the contract. */
  range?: Range;
}

export interface PlanResponse {
  uri: string;
  /** Every named schema object of the contract, in document order, where it is written, and its planned rules. */
  schemas: { name: string; range?: Range; selectionRange?: Range; rules: PlannedRule[] }[];
  /** The names of the contract's servers, in document order (reconcile offers them). */
  servers: string[];
}

/** The rules a contract's checks will run, per schema object; reads no data (answers in untrusted workspaces). */
export const PlanRequest = new RequestType<PlanParams, PlanResponse, void>('contractlens/plan');

// ——— contractlens/history ———

export interface HistoryParams {
  /** The contract. */
  uri: string;
  /** Only this rule id (absent: every rule of the contract). */
  rule?: string;
  /** Newest runs per rule (default 20). */
  lastRuns?: number;
}

export interface HistoryResponse {
  /** The history store read; absent when the contract has none (no `.contractlens.yaml` history, no default file). */
  history?: string;
  /** Per rule, oldest point first, with the sparkline and the change since the previous run as text. */
  trends: ContractTrend[];
}
export type { ContractTrend } from '../engine/history/forContract.js';
export type { RulePoint } from '../engine/history/trend.js';

/** Recorded runs of a contract's rules (check/reconcile --history, serve); trusted workspaces only (opens DuckDB). */
export const HistoryRequest = new RequestType<HistoryParams, HistoryResponse, void>('contractlens/history');

// ——— contractlens/breakingChanges ———

export interface BreakingChangesParams {
  uri: string;
  /** Git revision; default: the merge base with the default branch, else HEAD. */
  base?: string;
}

export interface BreakingChangesResponse {
  base: string;
  commit: string;
  /** The changelog, ready to show. */
  markdown: string;
  /** The change set of `contractlens diff --format json`. */
  contracts: ContractChangeSet[];
}

export const BreakingChangesRequest = new RequestType<BreakingChangesParams, BreakingChangesResponse, void>('contractlens/breakingChanges');

// ——— contractlens/createContract ———

export interface CreateContractParams {
  /** The data file (csv, parquet, json/jsonl). */
  uri: string;
  name?: string;
}

export interface CreateContractResponse {
  /** Set when the server wrote the new file; else open `text` unsaved. */
  uri?: string;
  text: string;
  summary: string;
}

export const CreateContractRequest = new RequestType<CreateContractParams, CreateContractResponse, void>('contractlens/createContract');

// ——— contractlens/clean ———

/** The engine's clean options a client may set (the data root, limits and the rest come from the settings). */
type CleanChoices = 'outDir' | 'schema' | 'server' | 'format' | 'keepLatest' | 'fills' | 'dateFormats' | 'dropExtraColumns' | 'strictReferences' | 'dryRun' | 'limit' | 'force';

export interface CleanParams extends Pick<CleanOptions, CleanChoices> {
  /** The contract to clean (every schema object, or `schema`). */
  uri: string;
  /** ISO time for retention rules (default: now). */
  now?: string;
  /** Work-done progress token: the server reports each step on it. */
  workDoneToken?: ProgressToken;
}

export interface CleanResponse {
  report: CleanReport;
  /** The text summary (also written as clean-report.txt unless dryRun). */
  text: string;
  /** Path of clean-report.txt, when written. */
  reportFile?: string;
}

export const CleanRequest = new RequestType<CleanParams, CleanResponse, void>('contractlens/clean');

// ——— database logins and connections ———

/** A database server of the contracts that takes a login; `key` is where the client keeps its password. */
export type DatabaseServer = DatabaseServerRef;

/** connected: the last session logged in; failed: it did not (the message says why); untrusted: nothing connects. */
export type ConnectionState = 'connected' | 'failed' | 'untrusted' | 'not connected';

export interface DatabaseServerStatus {
  server: DatabaseServer;
  state: ConnectionState;
  /** Why it failed, or who it is connected as (`as role reader`). */
  message?: string;
}

export interface DatabaseServersParams {
  /** Only this contract's servers (absent: every contract of the workspace). */
  uri?: string;
}

export interface DatabaseServersResponse {
  servers: DatabaseServerStatus[];
}

/** The database servers of a contract (or the workspace) with their connection state; reads no data (answers untrusted). */
export const DatabaseServersRequest = new RequestType<DatabaseServersParams, DatabaseServersResponse, void>('contractlens/databaseServers');

export interface DatabaseLoginParams {
  server: DatabaseServer;
}

/** What the user stored with "Set Database Password"; fields left out come from the environment (PGUSER…). */
export interface DatabaseLogin {
  user?: string;
  password?: string;
}

/**
 * Server → client, when the server is about to connect to a database server and the client announced
 * `databaseLogins`: the login the user stored for `server.key`, or null (then the environment's applies).
 */
export const DatabaseLoginRequest = new RequestType<DatabaseLoginParams, DatabaseLogin | null, void>('contractlens/databaseLogin');

/** Server → client: a connection to a database server succeeded or failed (the status item and the one message). */
export const ConnectionStatusNotification = new NotificationType<DatabaseServerStatus>('contractlens/connectionStatus');

// ——— notifications ———

export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** Client → server: the workspace became trusted (or not); data features follow it. */
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('contractlens/didChangeWorkspaceTrust');
