/**
 * Extension point (a): custom requests such as `contractlens/preview`, `contractlens/drift`, `contractlens/check`.
 *
 * A feature module defines a `CustomRequest` and adds it with `registerCustomRequest()` from lsp/extensions.ts
 * (one import + one line there). The server wires every registered request when it starts; the handler receives
 * the params as sent, the ServerContext and a cancellation token (a query must stop when it fires).
 *
 *   export const previewRequest: CustomRequest<PreviewParams, PreviewResult> = {
 *     method: 'contractlens/preview',
 *     async handle(params, ctx, token) { … }
 *   };
 */
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { ServerContext } from './context.js';

export interface CustomRequest<P = unknown, R = unknown> {
  /** `contractlens/<name>`. */
  method: string;
  handle(params: P, ctx: ServerContext, token: CancellationToken): Promise<R> | R;
}

const requests = new Map<string, CustomRequest>();

export function registerCustomRequest<P, R>(request: CustomRequest<P, R>): void {
  if (!request.method.startsWith('contractlens/')) throw new Error(`Custom request ${request.method} must be named contractlens/<name>`);
  if (requests.has(request.method)) throw new Error(`Custom request ${request.method} registered twice`);
  requests.set(request.method, request as CustomRequest);
}

export function customRequests(): CustomRequest[] {
  return [...requests.values()];
}

/** Wires every registered request; an exception becomes a JSON-RPC error, never a crash. */
export function wireCustomRequests(connection: Connection, ctx: ServerContext): void {
  for (const r of requests.values()) {
    connection.onRequest(r.method, async (params: unknown, token: CancellationToken) => r.handle(params, ctx, token));
  }
}
