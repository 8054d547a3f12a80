/**
 * Extension point (a): custom requests such as `contractlens/preview`, `contractlens/drift`, `contractlens/check`.
 *
 * The request's type (method, params, result) is declared once in shared/protocol.ts, which the extension imports
 * too. A feature module pairs it with a handler and adds it with `registerCustomRequest()` from lsp/extensions.ts
 * (one import + one line there). The handler receives the params as sent, the ServerContext and a cancellation
 * token (a query must stop when it fires); failures throw `ResponseError(RequestError.X, message)`.
 *
 *   export const previewRequest: CustomRequest<PreviewParams, PreviewResponse> = {
 *     type: PreviewRequest,
 *     async handle(params, ctx, token) { … }
 *   };
 */
import type { CancellationToken, Connection, RequestType } from './languageServer.js';
import type { ServerContext } from './context.js';

export interface CustomRequest<P = unknown, R = unknown> {
  /** From shared/protocol.ts. */
  type: RequestType<P, R, void>;
  handle(params: P, ctx: ServerContext, token: CancellationToken): Promise<R> | R;
}

const requests = new Map<string, CustomRequest>();

export function registerCustomRequest<P, R>(request: CustomRequest<P, R>): void {
  const method = request.type.method;
  if (!method.startsWith('contractlens/')) throw new Error(`Custom request ${method} must be named contractlens/<name>`);
  if (requests.has(method)) throw new Error(`Custom request ${method} registered twice`);
  requests.set(method, request as unknown as CustomRequest);
}

/** Wires every registered request; an exception becomes a JSON-RPC error, never a crash. */
export function wireCustomRequests(connection: Connection, ctx: ServerContext): void {
  for (const r of requests.values()) {
    connection.onRequest(r.type, async (params: unknown, token: CancellationToken) => r.handle(params, ctx, token));
  }
}
