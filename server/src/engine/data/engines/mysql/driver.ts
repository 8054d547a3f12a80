/**
 * mysql2, loaded on first use from its own bundle next to the server's (`dist/drivers/mysql2.js`, written by
 * scripts/build.mjs): with iconv-lite and its TLS profiles it was 1.4 MB of the 3.7 MB server bundle, which Node
 * reads and compiles at every start of the language server and of every CLI command, although few workspaces
 * have a MySQL server. From sources (tests, tsx) the package in node_modules is loaded instead. The module name is
 * assembled at run time so esbuild does not bundle it into the server (as engine/sql/grammars.ts does).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Mysql2 = typeof import('mysql2/promise');

export const BUNDLED_DRIVER_DIR = 'drivers';

let loaded: Mysql2 | undefined;

export function mysql2(): Mysql2 {
  if (!loaded) {
    const bundled = join(__dirname, BUNDLED_DRIVER_DIR, 'mysql2.js');
    const id = existsSync(bundled) ? bundled : ['mysql2', 'promise'].join('/');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(id) as Mysql2;
  }
  return loaded;
}
