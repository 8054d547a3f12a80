/**
 * The product version: package.json's, the one place it is written. esbuild inlines the file into the bundle; run
 * from source (tests) it is read from the repository root.
 */
// A require, not an import: package.json lies outside the server's TypeScript rootDir.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../../package.json') as { version: string };

export const VERSION: string = pkg.version;
