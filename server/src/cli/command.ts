/** A CLI sub-command. Each lives in commands/<name>.ts and is listed in commands/index.ts. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Colours only on a TTY and without NO_COLOR. */
  color: boolean;
}

export interface Command {
  name: string;
  /** Other names that run the same command (e.g. `test` for `check`, as datacontract-cli calls it). */
  aliases?: string[];
  summary: string;
  /** Full help text printed by `contractlens help NAME` and `NAME --help`. */
  usage: string;
  /** Returns the process exit code: 0 clean, 1 findings at or above the failure level, 2 usage or internal error. */
  run(args: string[], io: CliIO): Promise<number>;
}

export class UsageError extends Error {}

export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;
