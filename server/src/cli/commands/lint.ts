import type { Command } from '../command.js';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Validate contracts: YAML, ODCS structure and semantic rules',
  usage: 'contractlens lint [paths or globs…] [--format text|json] [--max-warnings N]',
  async run(_args, io) {
    io.stderr('lint: not built yet\n'); // TODO(cli helper)
    return 2;
  },
};
