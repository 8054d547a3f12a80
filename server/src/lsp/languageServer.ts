/**
 * `vscode-languageserver/node`, imported once. Every module of this layer imports it from here, not from the package:
 * the bundle turns each import of a CommonJS package into a copy of its exports (one getter per name; this package
 * has ~320), and 15 modules doing that cost ~10 ms each on a loaded machine, before `initialize` could be answered
 * (docs/ARCHITECTURE.md, "Start"). Here the copy is made once.
 */
export * from 'vscode-languageserver/node';
