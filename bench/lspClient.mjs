// A minimal LSP client over stdio for the benchmarks: Content-Length framing, requests with promises, a hook for
// notifications and for the server's own requests (workspace/configuration). No dependency, so the timing is ours.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export class LspClient {
  /**
   * @param {string[]} command  e.g. [process.execPath, 'dist/contractlens.js', 'lsp', '--stdio']
   * @param {{ cwd?: string, onRequest?: (method: string, params: any) => any }} options
   */
  constructor(command, options = {}) {
    this.spawnedAt = performance.now();
    this.child = spawn(command[0], command.slice(1), { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.onRequest = options.onRequest ?? (() => null);
    this.nextId = 1;
    this.pending = new Map();
    /** @type {((msg: any, at: number) => void)[]} */
    this.listeners = [];
    this.stderr = '';
    this.buffer = Buffer.alloc(0);
    this.child.stdout.on('data', (chunk) => this.#receive(chunk));
    this.child.stderr.on('data', (chunk) => (this.stderr = (this.stderr + chunk).slice(-20000)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid() {
    return this.child.pid;
  }

  request(method, params) {
    const id = this.nextId++;
    const sentAt = performance.now();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (result) => resolve({ result, ms: performance.now() - sentAt }), reject });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification `method` that `accept` takes, arriving after this call. */
  waitFor(method, accept = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`timeout waiting for ${method}; server stderr:\n${this.stderr}`));
      }, timeoutMs);
      const listener = (msg, at) => {
        if (msg.method !== method || !accept(msg.params)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve({ params: msg.params, at });
      };
      this.listeners.push(listener);
    });
  }

  async shutdown() {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
      this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }

  #send(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  #receive(chunk) {
    const at = performance.now();
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.#dispatch(msg, at);
    }
  }

  #dispatch(msg, at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
      else p?.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server (workspace/configuration, client/registerCapability, window/workDoneProgress/create…).
      Promise.resolve(this.onRequest(msg.method, msg.params)).then((result) => this.#send({ jsonrpc: '2.0', id: msg.id, result: result ?? null }));
      return;
    }
    for (const l of [...this.listeners]) l(msg, at);
  }
}

/** Resident set size of a process in MB (Linux /proc). */
export async function rssMB(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms (Linux /proc, 10 ms ticks); undefined
 * elsewhere. On a shared machine the CPU a server spends says more about it than the wall time it waited for.
 */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident set size of a process's children in MB (the language server's SQL parser helper, while it lives). */
export async function childrenRssMB(pid) {
  const { readFile } = await import('node:fs/promises');
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).trim().split(/\s+/).filter(Boolean);
  let total = 0;
  for (const c of children) total += await rssMB(c).catch(() => 0);
  return { count: children.length, mb: total };
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}
