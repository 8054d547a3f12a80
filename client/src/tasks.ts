/**
 * The `contractlens` task type: `lint`, `drift`, `check`, `diff` as VS Code tasks running the bundled CLI, their text
 * output read by the `$contractlens` problem matcher into the Problems panel. A task is the CLI itself (the same
 * command CI runs), so the extension adds no logic of its own here: it only builds the command line.
 */
import * as vscode from 'vscode';

export const TASK_TYPE = 'contractlens';
const COMMANDS = ['lint', 'drift', 'check', 'diff'] as const;
const DATA_COMMANDS = new Set(['drift', 'check', 'reconcile', 'diff']);

interface ContractLensTaskDefinition extends vscode.TaskDefinition {
  command: string;
  paths?: string[];
  args?: string[];
}

export class ContractLensTasks implements vscode.TaskProvider {
  constructor(private readonly context: vscode.ExtensionContext) {}

  provideTasks(): vscode.Task[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.flatMap((folder) =>
      COMMANDS.filter((c) => vscode.workspace.isTrusted || !DATA_COMMANDS.has(c)).map((command) => this.build({ type: TASK_TYPE, command }, folder)),
    );
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as ContractLensTaskDefinition;
    if (!def.command) return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder ? this.build(def, folder) : undefined;
  }

  private build(def: ContractLensTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
    // Reading data or git runs nothing from an untrusted workspace (VS Code also refuses tasks there).
    const cli = this.context.asAbsolutePath('dist/contractlens.js');
    const args = [cli, def.command, ...(def.paths ?? []), ...(def.args ?? []), '--format', 'text'];
    // The extension host's runtime runs the CLI: plain Node in a server, Electron acting as Node on the desktop.
    const execution = new vscode.ProcessExecution(process.execPath, args, { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } });
    const task = new vscode.Task(def, folder, def.command, 'contractlens', execution, '$contractlens');
    task.group = def.command === 'lint' ? vscode.TaskGroup.Build : vscode.TaskGroup.Test;
    task.detail = `contractlens ${def.command}${def.paths?.length ? ' ' + def.paths.join(' ') : ''}`;
    return task;
  }
}
