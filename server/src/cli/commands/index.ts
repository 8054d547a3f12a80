import type { Command } from '../command.js';
import { changelogCommand } from './changelog.js';
import { diffCommand } from './diff.js';
import { lintCommand } from './lint.js';
import { lspCommand } from './lsp.js';

/** Every sub-command, in the order `contractlens help` lists them. */
export const COMMANDS: Command[] = [lintCommand, lspCommand, diffCommand, changelogCommand];
