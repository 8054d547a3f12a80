/** Types of lspClient.mjs, for the TypeScript tests that use the same minimal client as the benchmarks. */
export class LspClient {
  constructor(command: string[], options?: { cwd?: string; onRequest?: (method: string, params: any) => unknown });
  readonly pid: number;
  readonly spawnedAt: number;
  stderr: string;
  request(method: string, params: unknown): Promise<{ result: any; ms: number }>;
  notify(method: string, params: unknown): void;
  waitFor(method: string, accept?: (params: any) => boolean, timeoutMs?: number): Promise<{ params: any; at: number }>;
  shutdown(): Promise<void>;
}
export function rssMB(pid: number): Promise<number>;
export function cpuMs(pid: number): number | undefined;
export function percentile(values: number[], p: number): number;
