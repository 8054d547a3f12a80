/**
 * Diagnostics for open documents: lint on open and on every change, then the extra providers (drift…) merged in.
 *
 * No debounce delay, and no work per edit. Handling an edit only applies it to the buffer (documents.ts) and asks
 * for a validation. The validation starts one macrotask later, and not at all while another edit for the same
 * document has been read but not handled (transport.ts counts them): a burst is parsed and validated once, on its
 * last text. Edits that arrive while a validation runs mark the document dirty and cancel the running work at its
 * next check; the validation loop then runs once more on the latest text (rust-analyzer's model).
 *
 * The first validation of a large document after it is opened publishes twice (docs/ARCHITECTURE.md, "The first
 * open"): what the document alone says as soon as the synchronous passes are done, then the complete set, once the
 * workspace scan is done and the SQL pass (which may load DuckDB) has run. The first is a subset of the second.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection } from './languageServer.js';
import { AnalysisCancelled, analyzeDocument, analyzeLocal } from '../engine/analyze.js';
import { limitFindings, MAX_SHOWN_FINDINGS } from '../engine/findingLimit.js';
import type { Finding } from '../engine/findings.js';
import type { Contract } from '../engine/model/types.js';
import { BurstBackoff } from './burst.js';
import type { ServerContext } from './context.js';
import { toDiagnostic } from './convert.js';
import type { DiagnosticsProvider } from './diagnosticsProviders.js';
import type { OpenDocuments } from './documents.js';
import { relaxHeapGrowth } from './memory.js';
import type { PendingChanges } from './transport.js';

/**
 * From this many lines on, the first validation after didOpen publishes this document's own findings before the
 * workspace scan and the SQL pass. Below it the whole analysis takes a few tens of milliseconds: one publish, no
 * diagnostics appearing in two steps.
 */
export const EARLY_PUBLISH_MIN_LINES = 2000;

interface Versioned {
  version: number;
  findings: Finding[];
}

export class DiagnosticsScheduler {
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly lint = new Map<string, Versioned>();
  private readonly extra = new Map<string, Versioned>();
  private readonly providerRuns = new Map<string, AbortController>();
  /** What other contracts can see of each document; dependents are re-validated only when it changes. */
  private readonly signatures = new Map<string, string>();
  private providers: DiagnosticsProvider[] = [];
  private readonly backoff = new BurstBackoff();
  /** Resolved when the first workspace scan is done: cross-file findings before it would be false alarms. */
  private ready: Promise<void> = Promise.resolve();
  /** Resolved when the first workspace scan is really done, however long it takes. */
  private scanDone: Promise<void> = Promise.resolve();
  private scanned = true;

  constructor(
    private readonly connection: Connection,
    private readonly ctx: ServerContext,
    private readonly open: OpenDocuments,
    private readonly pending: PendingChanges,
  ) {
    // Work on a text that is already outdated is stopped as soon as the newer edit is read.
    pending.onArrived((uri) => {
      this.providerRuns.get(uri)?.abort();
      this.backoff.arrived(uri);
    });
  }

  setProviders(providers: DiagnosticsProvider[]): void {
    this.providers = providers;
  }

  /**
   * Complete diagnostics wait for `scan` (the first workspace scan), but no longer than `capMs`; except for a document
   * that already showed its own findings early, whose complete set waits for the whole scan, so that it never calls a
   * target in a file not read yet missing.
   */
  waitForScan(scan: Promise<void>, capMs: number): void {
    this.scanned = false;
    this.scanDone = scan.then(() => {
      this.scanned = true;
    });
    this.ready = Promise.race([this.scanDone, new Promise<void>((r) => setTimeout(r, capMs).unref())]);
  }

  /** Validates an open document now, or after the running validation of it, on its latest text. */
  request(uri: string): void {
    if (!this.open.has(uri) || this.pending.pending(uri) > 0) return; // a newer edit is waiting; it will ask again
    if (this.running.has(uri)) {
      this.dirty.add(uri);
      return;
    }
    this.running.add(uri);
    void this.loop(uri).finally(() => this.running.delete(uri));
  }

  requestAll(): void {
    for (const d of this.open.all()) this.request(d.uri);
  }

  /** Closing a document clears its diagnostics (files on disk are the CLI's business). */
  clear(uri: string): void {
    this.providerRuns.get(uri)?.abort();
    this.lint.delete(uri);
    this.extra.delete(uri);
    this.signatures.delete(uri);
    this.backoff.completed(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async loop(uri: string): Promise<void> {
    do {
      this.dirty.delete(uri);
      // One macrotask first: the edits the transport has read by then are applied before anything is parsed, so a
      // burst of edits is parsed and validated once, not once per edit.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // While edits keep superseding the validation, wait for a quiet moment first (burst.ts).
      if (!(await this.backoff.settle(uri, () => this.pending.pending(uri) > 0 || !this.open.has(uri)))) return;
      const started = performance.now();
      try {
        if ((await this.validateOnce(uri)) === 'superseded') this.backoff.superseded(uri, performance.now() - started);
        else this.backoff.completed(uri);
      } catch (e) {
        if (e instanceof AnalysisCancelled) this.backoff.superseded(uri, performance.now() - started);
        else this.ctx.log(`Validation of ${uri} failed: ${(e as Error)?.stack ?? e}`);
      }
    } while (this.dirty.has(uri) && this.open.has(uri) && this.pending.pending(uri) === 0);
  }

  /** 'superseded' when a newer edit made the work useless before it was published. */
  private async validateOnce(uri: string): Promise<'done' | 'superseded'> {
    const textDoc = this.open.get(uri);
    if (!textDoc) return 'done';
    // The first parse and validation of a large document run under V8's own heap growth (memory.ts), until its first
    // publish: not while waiting for the workspace scan, which may read hundreds of files.
    const restoreHeapGrowth = !this.lint.has(uri) && textDoc.lineCount >= EARLY_PUBLISH_MIN_LINES ? relaxHeapGrowth() : undefined;
    try {
      return await this.validate(uri, textDoc, restoreHeapGrowth);
    } finally {
      restoreHeapGrowth?.();
    }
  }

  private async validate(uri: string, textDoc: TextDocument, firstPublished: (() => void) | undefined): Promise<'done' | 'superseded'> {
    // The index parses edited buffers when read (lsp/workspace.ts): `doc` has the buffer's text.
    const doc = this.ctx.index.get(uri);
    if (!doc) {
      // Open but not a contract (another YAML file): nothing to say.
      if (this.lint.has(uri)) this.clear(uri);
      return 'done';
    }
    const version = textDoc.version;
    const settings = await this.ctx.settings(uri);
    const stale = () => this.pending.pending(uri) > 0 || this.open.get(uri)?.version !== version;
    if (stale()) return 'superseded';
    // The first validation since didOpen of a large document shows what it can before waiting for anything.
    // Not with more findings than are shown (findingLimit.ts): which ones make the cut could change with the rest.
    let early = settings.validate && !this.lint.has(uri) && atLeastLines(doc.text, EARLY_PUBLISH_MIN_LINES) ? (f: Finding[]) => f.length <= MAX_SHOWN_FINDINGS && this.send(uri, version, f) : undefined;
    if (early && !this.scanned) {
      // Before the scan, without the cross-file rules (their "no such target" could be a false alarm); the complete
      // set follows the scan.
      const shown = early(await analyzeLocal(doc, { isCancelled: stale }));
      firstPublished?.();
      if (stale()) return 'superseded';
      early = undefined;
      if (shown) await this.scanDone;
    }
    await this.ready;
    if (stale()) return 'superseded';
    const sqlParser = this.ctx.sqlParser();
    const findings = settings.validate ? await analyzeDocument(doc, this.ctx.index, { sqlParser, isCancelled: stale, onLocalFindings: early }) : [];
    if (stale()) return 'superseded';
    this.lint.set(uri, { version, findings });
    this.publish(uri);
    this.refreshDependents(uri, doc.contract);
    this.runProviders(uri, version);
    return 'done';
  }

  private publish(uri: string): void {
    const textDoc = this.open.get(uri);
    const lint = this.lint.get(uri);
    if (!textDoc || !lint || lint.version !== textDoc.version) return;
    const extra = this.extra.get(uri);
    // Provider findings of an older text would sit at wrong places: they wait for the providers' next answer.
    const all = extra && extra.version === lint.version ? [...lint.findings, ...extra.findings] : lint.findings;
    this.send(uri, lint.version, all);
  }

  /** Publishes `findings` as the diagnostics of `version`, if that is still the buffer's version; false if not. */
  private send(uri: string, version: number, findings: Finding[]): boolean {
    const textDoc = this.open.get(uri);
    if (!textDoc || textDoc.version !== version) return false;
    const diagnostics = limitFindings(findings).map((f) => toDiagnostic(textDoc, f, version, (u) => this.ctx.mapper(u)));
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
    return true;
  }

  private runProviders(uri: string, version: number): void {
    if (this.providers.length === 0) return;
    this.providerRuns.get(uri)?.abort();
    const controller = new AbortController();
    this.providerRuns.set(uri, controller);
    const runs = this.providers.map((p) =>
      p.provide(uri, this.ctx.index, controller.signal).catch((e) => {
        if (!controller.signal.aborted) this.ctx.log(`Diagnostics provider ${p.id} failed on ${uri}: ${(e as Error)?.stack ?? e}`);
        return [] as Finding[];
      }),
    );
    void Promise.all(runs).then((results) => {
      if (controller.signal.aborted || this.open.get(uri)?.version !== version) return;
      this.providerRuns.delete(uri);
      this.extra.set(uri, { version, findings: results.flat() });
      this.publish(uri);
    });
  }

  /** When what other contracts can reference changed (names, ids, types), their cross-file findings may change. */
  private refreshDependents(uri: string, contract: Contract | undefined): void {
    // Only open documents get diagnostics: with nothing else open there is nobody to refresh (and at 50,000 lines
    // the signature costs a couple of milliseconds per keystroke).
    if (!this.open.all().some((d) => d.uri !== uri)) {
      this.signatures.delete(uri);
      return;
    }
    const sig = contract ? signatureOf(contract) : '';
    const before = this.signatures.get(uri);
    this.signatures.set(uri, sig);
    // No signature yet (a buffer just opened, re-opened after a close, or edited while it was the only one open) is
    // a change too: what the others last saw of it may differ (fuzz seed 777 kept a dangling relationship to a
    // target a re-opened buffer had since defined).
    if (before === sig) return;
    this.refreshDependentsOf([uri]);
  }

  /** Re-validates the open documents that may refer to any of `uris`. */
  refreshDependentsOf(uris: readonly string[]): void {
    const targets = new Set<string>();
    for (const u of uris) for (const d of this.ctx.index.dependentsOf(u)) targets.add(d);
    for (const t of targets) if (this.open.has(t)) this.request(t);
  }
}

/** Whether `text` has at least `n` lines (counts no further than `n`). */
function atLeastLines(text: string, n: number): boolean {
  let at = -1;
  for (let i = 1; i < n; i++) if ((at = text.indexOf('\n', at + 1)) === -1) return false;
  return true;
}

/** Names, ids and types of schema objects and properties: what a relationship elsewhere can see of a contract. */
function signatureOf(contract: Contract): string {
  const parts: string[] = [];
  const walk = (props: Contract['schemas'][number]['properties'], depth: number) => {
    for (const p of props) {
      parts.push(`${depth}:${p.name?.value ?? ''}:${p.id?.value ?? ''}:${p.logicalType?.value ?? ''}:${p.physicalType?.value ?? ''}`);
      walk(p.properties, depth + 1);
      if (p.items) walk([p.items], depth + 1);
    }
  };
  for (const s of contract.schemas) {
    parts.push(`S:${s.name?.value ?? ''}:${s.id?.value ?? ''}`);
    walk(s.properties, 1);
  }
  return parts.join('\n');
}
