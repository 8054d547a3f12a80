/**
 * `dist/contractlens.js`, the command users and the editor run: starts the CLI and language server bundle
 * (`dist/contractlens-core.js`, entry cli/main.ts) with V8's code cache (codeCache.ts; docs/ARCHITECTURE.md, "Start").
 * It stays tiny and imports only Node built-ins: everything it loads is paid before the bundle starts.
 */
import { join } from 'node:path';
import { applyHeapFlags } from '../lsp/memory.js';
import { runWithCodeCache } from './codeCache.js';

/** The bundle built from server/src/cli/main.ts, next to this file (scripts/build.mjs). */
export const CORE_BUNDLE = 'contractlens-core.js';

const command = process.argv[2] ?? '';
// The language server sets V8 flags at start (lsp/memory.ts); its code cache is made under them, so they must be
// set before the bundle is compiled or V8 would reject the cache at every start.
if (command === 'lsp') {
  try {
    applyHeapFlags();
  } catch {
    /* a runtime without these flags: the server starts without them too (startMemoryKeeper) */
  }
}
runWithCodeCache(join(__dirname, CORE_BUNDLE), module, require, command);
