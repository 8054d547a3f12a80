/**
 * Backing off while a document's edits keep superseding its validation.
 *
 * A validation starts as soon as no edit of its document is waiting (diagnostics.ts), with no delay: one keystroke
 * is validated at once. But a client that streams edits (a macro, a paste replayed as keystrokes, 10,000 edits "as
 * fast as it can") leaves short gaps between the chunks the transport reads, and every gap would start a parse that
 * the next chunk makes useless, while the edits and requests behind it wait. A single thread cannot parse "on the
 * side" as rust-analyzer's workers do, so instead: each time a validation is superseded by an edit, the next one
 * waits for the document to be quiet a little longer (at least what the wasted attempt cost, doubling, at most
 * MAX_QUIET_MS). A validation that completes resets it. Ordinary typing never waits.
 */

/** The longest quiet period asked before validating a document whose edits keep coming. */
export const MAX_QUIET_MS = 250;

export class BurstBackoff {
  private readonly lastArrival = new Map<string, number>();
  private readonly quietMs = new Map<string, number>();

  /** An edit of `uri` was read (transport.ts). */
  arrived(uri: string): void {
    if (this.quietMs.has(uri)) this.lastArrival.set(uri, performance.now());
  }

  /** A validation attempt was made useless by a newer edit after costing `costMs`. */
  superseded(uri: string, costMs: number): void {
    const next = Math.min(MAX_QUIET_MS, Math.max(2 * (this.quietMs.get(uri) ?? 0), costMs, 1));
    this.quietMs.set(uri, next);
    this.lastArrival.set(uri, performance.now());
  }

  completed(uri: string): void {
    this.quietMs.delete(uri);
    this.lastArrival.delete(uri);
  }

  /** Resolves once `uri` had no edit for its quiet period (at once when it has none); false if `stop()` said so. */
  async settle(uri: string, stop: () => boolean): Promise<boolean> {
    for (;;) {
      if (stop()) return false;
      const quiet = this.quietMs.get(uri);
      if (!quiet) return true;
      const left = quiet - (performance.now() - (this.lastArrival.get(uri) ?? 0));
      if (left <= 0) return true;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
    }
  }
}
