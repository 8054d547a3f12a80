/**
 * Runs the bundled Contract Lens CLI (dist/contractlens.js, the same engine as the language server) for the two
 * commands the language server has no request for yet: creating a contract from a data file (`init`) and breaking
 * changes against git (`diff`). The extension host's own runtime runs it (ELECTRON_RUN_AS_NODE in desktop VS Code);
 * cancellation kills the child.
 */
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(context: vscode.ExtensionContext, args: string[], cwd: string, token?: vscode.CancellationToken): Promise<CliResult> {
  const cli = context.asAbsolutePath('dist/contractlens.js');
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' }, maxBuffer: 32 << 20, timeout: 5 * 60_000 },
      (err, stdout, stderr) => {
        sub?.dispose();
        const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? ((err as { code: number }).code) : err ? -1 : 0;
        if (err && code === -1) reject(new Error(`${stderr || err.message}`.trim()));
        else resolve({ code, stdout, stderr });
      },
    );
    const sub = token?.onCancellationRequested(() => child.kill());
  });
}
