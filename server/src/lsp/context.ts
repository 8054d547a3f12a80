/**
 * What the language server offers to the features that plug into it (custom requests, extra diagnostics providers):
 * the workspace index, settings, trust, logging, and a way to ask for diagnostics to be refreshed. Plug-ins get
 * this object and nothing else, so they never depend on how the server is wired.
 */
import type { Connection, FileEvent } from './languageServer.js';
import type { SqlParser } from '../engine/rules/sqlSyntax.js';
import type { IndexReader } from '../engine/workspace/index.js';
import type { PositionMapper } from './convert.js';
import type { Settings } from '../shared/settings.js';
import type { DataAccessOptions } from '../shared/dataAccess.js';
import type { LspDatabaseLogins } from './databaseLogins.js';

export interface ServerContext {
  readonly connection: Connection;
  /** Every contract of the workspace; open buffers override files on disk. Read-only: the workspace state writes it. */
  readonly index: IndexReader;
  /** Settings of the `contractlens` section for a resource (pulled from the client, cached). */
  settings(uri: string): Promise<Settings>;
  /** False in an untrusted workspace: then nothing may read data or run SQL. */
  workspaceTrusted(): boolean;
  /** DuckDB's SQL parser, when the workspace is trusted and DuckDB is available. */
  sqlParser(): SqlParser | undefined;
  /** The folder a file's data must stay inside (the workspace folder holding it, as the folders are now). */
  dataRoot(path: string): string;
  /** How a data request on the file at `path` reaches the data: its settings, its data root, the client's logins. */
  dataAccess(settings: Settings, path: string): DataAccessOptions;
  /** Database logins from the client and the connection state of each database server. */
  readonly logins: LspDatabaseLogins;
  /** Offsets ↔ positions for any indexed document. */
  mapper(uri: string): PositionMapper | undefined;
  /** Re-runs diagnostics (lint and providers) of one open document, or of every open document. */
  refreshDiagnostics(uri?: string): void;
  /**
   * Watches more files (e.g. data files for drift): the globs are registered with the client (dynamic registration)
   * and matching events are passed to the listener, after the contract index has been updated.
   */
  watchFiles(globs: string[], listener: (events: FileEvent[]) => void): void;
  log(message: string): void;
}
