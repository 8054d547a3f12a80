import { UsageError, type Command } from '../command.js';

export const lspCommand: Command = {
  name: 'lsp',
  summary: 'Start the language server (--stdio or --node-ipc)',
  usage: 'contractlens lsp --stdio | --node-ipc',
  async run(args) {
    if (!args.includes('--stdio') && !args.includes('--node-ipc')) throw new UsageError('choose a transport: --stdio or --node-ipc');
    // The connection reads the transport flag from process.argv itself.
    const { startServer } = await import('../../lsp/server.js');
    startServer();
    return new Promise<number>(() => undefined); // runs until the client closes the connection
  },
};
