/** Language server entry: wires the engine to an LSP connection (stdio or node IPC). */
export function startServer(): void {
  // TODO(lsp helper)
  throw new Error('language server not built yet');
}
