/**
 * Where features from other areas plug into the language server: one import and one line each.
 *
 *   registerCustomRequest(previewRequest);
registerCustomRequest(driftRequest);             // lsp/customRequests.ts
 *   registerDiagnosticsProvider((ctx) => drift(ctx));  // lsp/diagnosticsProviders.ts
 *
 * server.ts imports this module once, before it wires the connection.
 */
import { registerCustomRequest } from './customRequests.js';
import { registerDiagnosticsProvider } from './diagnosticsProviders.js';
import { DriftProvider, driftRequest, previewRequest } from './handlers/data.js';

registerDiagnosticsProvider((ctx) => new DriftProvider(ctx));
registerCustomRequest(previewRequest);
registerCustomRequest(driftRequest);
