import type { Command } from '../command.js';
import { changelogCommand } from './changelog.js';
import { checkCommand } from './check.js';
import { cleanCommand } from './clean.js';
import { diffCommand } from './diff.js';
import { doctorCommand } from './doctor.js';
import { driftCommand } from './drift.js';
import { previewCommand } from './preview.js';
import { historyCommand } from './history.js';
import { serveCommand } from './serve.js';
import { alertsCommand, dashboardCommand } from './alerts.js';
import { initCommand } from './init.js';
import { lintCommand } from './lint.js';
import { lspCommand } from './lsp.js';
import { reconcileCommand } from './reconcile.js';

/** Every sub-command, in the order `contractlens help` lists them. */
export const COMMANDS: Command[] = [lintCommand, lspCommand, diffCommand, changelogCommand, previewCommand, driftCommand, checkCommand, reconcileCommand, historyCommand, serveCommand, alertsCommand, dashboardCommand, cleanCommand, initCommand, doctorCommand];
