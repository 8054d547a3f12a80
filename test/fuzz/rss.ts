/** Resident set size of a process, sampled from /proc (Linux), in MB. */
import { readFileSync } from 'node:fs';

export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; keeps the maximum and every sample. */
export class RssSampler {
  readonly samples: number[] = [];
  private timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number | undefined,
    everyMs = 250,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): number | undefined {
    const mb = rssMb(this.pid);
    if (mb !== undefined) this.samples.push(mb);
    return mb;
  }

  get max(): number {
    return this.samples.reduce((a, b) => Math.max(a, b), 0);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
