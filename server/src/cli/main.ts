/**
 * `contractlens` entry point: dispatches to a sub-command. Exit codes are stable and documented in the README:
 * 0 clean, 1 findings at or above the failure level, 2 usage error, unreadable input or internal error.
 */
import type { CliIO } from './command.js';
import { UsageError, EXIT } from './command.js';
import { FilterRejected } from '../engine/sql/index.js';
import { VERSION } from '../shared/version.js';
import type { Command } from './command.js';
import { lspCommand } from './commands/lsp.js';

/**
 * Every command, loaded when first asked for: importing them all (and the engine modules they import) cost the
 * language server's start and every other command ~20 ms of module evaluation (docs/ARCHITECTURE.md, "Start").
 * `lsp` is found without them: the editor's start waits for it.
 */
function allCommands(): Command[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./commands/index.js') as typeof import('./commands/index.js')).COMMANDS;
}

function findCommand(name: string | undefined): Command | undefined {
  if (name === lspCommand.name) return lspCommand;
  return allCommands().find((c) => c.name === name || c.aliases?.includes(name ?? ''));
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const which = name === 'help' ? findCommand(rest[0]) : undefined;
    io.stdout(which ? which.usage + '\n' : helpText());
    return name ? EXIT.clean : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(VERSION + '\n');
    return EXIT.clean;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr(`contractlens: unknown command "${name}"\n\n${helpText()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return EXIT.clean;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof FilterRejected) {
      // A --filter the engine's parser refuses (a statement, a subquery, a file function…): the user's input is wrong.
      io.stderr(`contractlens ${name}: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.stderr(`contractlens ${name}: ${e.message}\n\nUsage: ${command.usage}\n`);
      return EXIT.usage;
    }
    io.stderr(`contractlens ${name}: internal error: ${(e as Error)?.stack ?? e}\n`);
    return EXIT.usage;
  }
}

function helpText(): string {
  const commands = allCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return `contractlens ${VERSION}: language server and CLI for YAML data contracts (ODCS v3)\n\nUsage: contractlens <command> [options]\n\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n\nRun "contractlens help <command>" for a command's options.\n`;
}

if (require.main === module) {
  // `contractlens lint | head`: the reader went away; that is the user's choice, not an error to print a stack for.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      // Let stdout drain before exiting (large JSON/SARIF outputs piped to another process).
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`contractlens: ${e?.stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
