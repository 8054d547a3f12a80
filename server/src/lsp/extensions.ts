/**
 * Where features from other areas plug into the language server: one import and one line each.
 *
 *   registerCustomRequest(previewRequest);             // lsp/customRequests.ts
 *   registerDiagnosticsProvider((ctx) => drift(ctx));  // lsp/diagnosticsProviders.ts
 *
 * server.ts imports this module once, before it wires the connection.
 */
export {};
