/**
 * The public surface of engine/data/: what the LSP layer and the CLI may import (test/architecture.test.ts enforces
 * it). A front end imports this index or one of the modules re-exported here; every other module of the folder is
 * internal to the engine. To make a new module public, add one line: `export * from './module.js';` (or
 * `export { a, b } from './module.js';` when names would clash). Engine modules never import this file.
 */
export * from './checks/api.js';
export { countResults, countsPerSchema, describeCounts } from './checks/counts.js';
export * from './checks/plan.js';
export * from './checks/report.js';
export * from './checks/results.js';
export * from './drift.js';
export * from './driftReport.js';
export * from './driftRules.js';
export * from './files.js';
export * from './infer/fromFile.js';
export * from './infer/fromDatabase.js';
export * from './open.js';
export * from './preview.js';
export * from './reconcile.js';
export * from './sensitive.js';
export * from './snapshot.js';
export * from './sources.js';
export * from './sqlParser.js';
export * from './clean/run.js';
export * from './clean/report.js';
export * from './clean/types.js';
export * from './reconcile/across.js';
export * from './doctor.js';
export * from './logins.js';
export * from './reconcile/copies.js';
