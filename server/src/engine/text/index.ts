/**
 * The public surface of engine/text/: what the LSP layer and the CLI may import (test/architecture.test.ts enforces
 * it). A front end imports this index or one of the modules re-exported here; every other module of the folder is
 * internal to the engine. To make a new module public, add one line: `export * from './module.js';` (or
 * `export { a, b } from './module.js';` when names would clash). Engine modules never import this file.
 */
export * from './decode.js';
export * from './lineIndex.js';
export * from './textKeyedCache.js';
