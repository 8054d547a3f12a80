// A second throwaway PostgreSQL cluster on another port: the replica of cross-server reconcile tests and benchmarks
// (primary = postgres.mjs). Same code, its own folder and CONTRACTLENS_TEST_PG_REPLICA_* variables.
import { reap as reapCluster, start as startCluster } from './postgres.mjs';

export const folderPrefix = 'pg-replica-';

export function start({ tmpRoot }) {
  return startCluster({ tmpRoot, envPrefix: 'CONTRACTLENS_TEST_PG_REPLICA_', folderPrefix });
}

export const reap = reapCluster;
