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
import { checkRequest, reconcileRequest } from './handlers/checks.js';
import { cleanRequest } from './handlers/clean.js';
import { DriftProvider, driftRequest, previewRequest } from './handlers/data.js';
import { breakingChangesRequest, GitDiffProvider } from './handlers/diff.js';
import { createContractRequest } from './handlers/init.js';
import { planRequest } from './handlers/plan.js';
import { historyRequest } from './handlers/history.js';
import { databaseServersRequest } from './handlers/databaseServers.js';

registerDiagnosticsProvider((ctx) => new DriftProvider(ctx));
registerDiagnosticsProvider((ctx) => new GitDiffProvider(ctx));
registerCustomRequest(breakingChangesRequest);
registerCustomRequest(createContractRequest);
registerCustomRequest(previewRequest);
registerCustomRequest(driftRequest);
registerCustomRequest(checkRequest);
registerCustomRequest(reconcileRequest);
registerCustomRequest(planRequest);
registerCustomRequest(cleanRequest);
registerCustomRequest(historyRequest);
registerCustomRequest(databaseServersRequest);
