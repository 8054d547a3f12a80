/**
 * Gives memory back to the system after bursts of work (the language server process only; see "Memory" in
 * docs/ARCHITECTURE.md).
 *
 * Heap snapshots of the server during a fuzz run (RSS 290 MB) and with 500 contracts indexed (RSS 277 MB) held
 * only 37 MB and 76 MB of live objects: nothing leaked, the rest was V8 keeping the garbage of the last burst
 * (every version of a mutated 1 MB document, the full trees of 500 files parsed then compacted). V8 shrinks its heap
 * by itself only after several seconds of low allocation, which a busy editor session rarely has. So:
 *   - after `IDLE_MS` without a message, when RSS grew by `GROWTH_MB` since the last collection, collect;
 *   - under sustained work, when RSS passes `SOFT_LIMIT_MB`, collect (at most every `MIN_INTERVAL_MS`);
 *   - after `SETTLED_MS` without a message, if any message came since the last collection, compact (the hooks given
 *     to `beforeSettledCollect`, e.g. open buffers re-cut their lines from their current text) and collect once.
 *     The first two leave the server where the last burst left it when that burst ended with RSS high: a collection
 *     under load (the soft limit) resets the growth reference, so the idle one found no growth and never ran, and
 *     the session ended 100 MB above a fresh server holding the same documents (bench/README.md, session 5);
 *   - `SHRINK_AFTER_MS` after any of these, still without a message, collect once more. V8 gives back the young
 *     generation it grew during a burst (16 MB per semi-space, 32 MB of RSS) only in a collection that finds the
 *     allocation rate of the last 5 s low, and the first one's window still holds the end of the burst. With nothing
 *     allocated in between, the second finds it low: measured, Node 20, the young generation went from 32 MB to 1 MB.
 * A full collection of this heap takes tens of milliseconds; it runs between messages, never inside a handler.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 lets the old generation grow to up to 4× what survived the last full collection before it collects again
 * (its factor for small heaps). The server's live heap is small (40–70 MB during a fuzz run with 1 MB lines) but
 * it allocates fast while validating large texts, so the heap reached 250 MB of mostly garbage between two full
 * collections. Growing by at most this percentage keeps the heap near what is live, at the price of more frequent
 * (concurrent, incremental) major collections. The flag is read each time V8 sets the next limit, so it works when
 * set at run time.
 */
const HEAP_GROWING_PERCENT = 30;
const IDLE_MS = 1000;
const GROWTH_MB = 24;
const SOFT_LIMIT_MB = 180;
const MIN_INTERVAL_MS = 2000;
/** Quiet for this long, the user has stopped typing: the one compaction and collection of a pause. */
const SETTLED_MS = 3000;
/** V8's window for the allocation rate is 5 s (GCTracer's throughput time frame); one more for timer slack. */
const SHRINK_AFTER_MS = 6000;

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;

export class MemoryKeeper {
  private readonly idle: NodeJS.Timeout;
  private readonly settled: NodeJS.Timeout;
  private readonly shrink: NodeJS.Timeout;
  /** A collection ran and no message came since: the later one may shrink the young generation. */
  private shrinkPending = false;
  private startingUp = true;
  private readonly compactors: (() => void)[] = [];
  /** A message came since the last collection. */
  private busySinceCollect = false;
  private lastCollect = 0;
  private rssAfterCollect = rssMb();
  private lastCheck = 0;

  constructor(private readonly gc: () => void) {
    this.idle = setTimeout(() => this.onIdle(), IDLE_MS);
    this.idle.unref();
    this.settled = setTimeout(() => this.onSettled(), SETTLED_MS);
    this.settled.unref();
    this.shrink = setTimeout(() => this.onShrink(), SHRINK_AFTER_MS);
    this.shrink.unref();
  }

  /** `compact` runs before the collection of a settled pause: it drops what only speeds up the next edit. */
  beforeSettledCollect(compact: () => void): void {
    this.compactors.push(compact);
  }

  /**
   * The server's start-up work is over (server.ts: the warm-up ran all its rounds, or stopped for a document). What
   * grew until then stays, the warm-up's compiled code and caches, so the growth reference starts here, and the
   * idle collection waits for it: run between two warm-up rounds, more than 1 s after `initialized`, it freed
   * nothing (78 → 78 MB), and a 5,000-line contract opened just after it waited for its first diagnostics
   * 190–270 ms instead of 80–100 (paired runs; the collections during the open were the same, so the cause is
   * elsewhere in V8).
   */
  startUpDone(): void {
    this.startingUp = false;
    this.rssAfterCollect = rssMb();
  }

  /** A message was read: the server is busy; look again once it has been quiet for a moment. */
  activity(): void {
    this.idle.refresh();
    this.settled.refresh();
    this.busySinceCollect = true;
    this.shrinkPending = false;
    const now = Date.now();
    if (now - this.lastCheck < 250) return;
    this.lastCheck = now;
    if (now - this.lastCollect >= MIN_INTERVAL_MS && rssMb() > SOFT_LIMIT_MB) setImmediate(() => this.collect());
  }

  private onIdle(): void {
    if (this.startingUp) return;
    if (rssMb() - this.rssAfterCollect > GROWTH_MB) this.collect();
  }

  private onSettled(): void {
    if (!this.busySinceCollect) return;
    for (const compact of this.compactors) compact();
    this.collect();
  }

  private onShrink(): void {
    if (!this.shrinkPending) return;
    // The last collection of a pause also compacts: V8 evacuates only pages its heuristics pick, and after a fuzz run
    // the old space kept ~5 MB of free fragments committed (19 MB for 14 MB live). Once per pause, in idle time.
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      this.collect(false);
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  }

  /** `thenShrink`: unless a message comes first, collect once more `SHRINK_AFTER_MS` from now (see above). */
  private collect(thenShrink = true): void {
    // No argument: the one call that means a full (mark-compact) collection on every V8 Node ships. V8 before 11.x
    // (Node 20) reads an options object only for `type: 'minor'` or `execution: 'async'`; any other object is
    // "truthy", its legacy spelling of a young-generation collection. `{ type: 'major', flavor: 'last-resort' }`
    // therefore ran a scavenge there, and the old generation kept the last burst's garbage (measured, Node 20.20:
    // 300 MB of dead objects survived it; `gc()` left 3 MB). The freed pages go back to the system from V8's
    // background unmapper within a second or two.
    this.gc();
    this.lastCollect = Date.now();
    this.rssAfterCollect = rssMb();
    this.busySinceCollect = false;
    this.shrinkPending = thenShrink;
    if (thenShrink) this.shrink.refresh(); // a timer that already fired runs again from now
  }
}

/**
 * The collector of this process. Node hides `gc()` unless started with --expose-gc, and the server is started by
 * editors we do not control; the flag can still be set at run time, and a new context then sees `gc`.
 */
export function startMemoryKeeper(): MemoryKeeper | undefined {
  try {
    applyHeapFlags();
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? new MemoryKeeper(gc as () => void) : undefined;
  } catch {
    return undefined; // a runtime without the flag: V8's own heuristics remain
  }
}

/**
 * The V8 flags the language server runs with (see HEAP_GROWING_PERCENT and startMemoryKeeper; `--flush-baseline-code`
 * lets V8 drop the baseline machine code of functions not run for a few full collections, as it already drops their
 * bytecode: after a fuzz run it held ~2 MB of code space for features no longer in use). The launcher
 * (launcher/main.ts) sets them too, before it compiles the bundle: V8 accepts a code cache only under the flags it
 * was made with, and the server's cache is made after the server has set these. Setting them twice changes nothing.
 */
export function applyHeapFlags(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString('--expose-gc');
  setFlagsFromString('--flush-baseline-code');
  heapFlagsApplied = true;
}

let heapFlagsApplied = false;
/** Bursts running with V8's own heap growth now (relaxHeapGrowth): the 30 % comes back when the last one ends. */
let relaxedBursts = 0;

/**
 * V8's own heap growth (0 = its heuristics) until the returned function is called (once; later calls do nothing).
 * For the first parse and validation of a large document: what that burst builds (the tree, the model) survives, so
 * with growth held at HEAP_GROWING_PERCENT the old generation's limit stays just above it and V8 marks the growing
 * tree again (two major collections in the first publish of a 50,000-line contract, one without; bench/README.md,
 * issue 13, session 6). Such a burst is short and ends in a publish; the settled collection (MemoryKeeper) then gives
 * back what it left, under the 30 % again. The server's code cache is made before any document is open
 * (launcher/codeCache.ts), so never under these flags. A no-op in a process that never set the flags (tests that
 * serve in-process).
 */
export function relaxHeapGrowth(): () => void {
  if (!heapFlagsApplied) return () => {};
  if (relaxedBursts++ === 0) setFlagsFromString('--heap-growing-percent=0');
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--relaxedBursts === 0) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  };
}
