/**
 * Keeps the engine's WorkspaceIndex in step with the editor and the disk: every contract under the workspace
 * folders is indexed at start; an open buffer overrides its file; watched-file events update files that are not
 * open. Returns which URIs changed so that the caller can re-validate their dependents.
 */
import { dirname, relative, sep } from 'node:path';
import { FileChangeType, type FileEvent } from './languageServer.js';
import { isContract } from '../engine/model/detect.js';
import { findContractFiles, readContractFile, SKIP_DIRS } from '../engine/workspace/files.js';
import { defaultRoot, isInside } from '../engine/data/files.js';
import { uriToPath, WorkspaceIndex } from '../engine/workspace/index.js';
import { mapperForText, type PositionMapper } from './convert.js';
import type { OpenDocuments } from './documents.js';

/**
 * The index as the LSP layer reads it. An edit only changes the buffer (documents.ts); the index parses an edited
 * buffer when that document is next read (a request about it, its validation), so a burst of edits is parsed once
 * and nobody asking about a document sees a text older than its buffer. Reads across the workspace (all contracts,
 * dependents) do not parse other edited buffers: a request about A must not wait for B's parse (head-of-line); they
 * see B as last parsed, and B's pending validation brings it up to date within a moment.
 */
export class BufferedIndex extends WorkspaceIndex {
  private readonly edited = new Set<string>();

  constructor(private readonly sync: (uri: string) => void) {
    super();
  }

  /** The buffer of `uri` changed: parse it before it is next read. */
  markEdited(uri: string): void {
    this.edited.add(uri);
  }

  /** The buffer of `uri` was just indexed. */
  markSynced(uri: string): void {
    this.edited.delete(uri);
  }

  private flush(uri: string): void {
    if (!this.edited.delete(uri)) return;
    this.sync(uri);
  }

  override get(uri: string) {
    this.flush(uri);
    return super.get(uri);
  }

  override has(uri: string) {
    this.flush(uri);
    return super.has(uri);
  }

  override contract(uri: string) {
    this.flush(uri);
    return super.contract(uri);
  }

  // Whole-workspace reads (the contracts a check lends, relationship targets, symbols) parse the buffers opened but
  // never indexed yet, so a contract just opened is visible to the others before the folder scan reaches it. Buffers
  // edited since they were indexed keep their last model until read directly: one document's edits never make a
  // request about another wait for a parse (test/lsp/headOfLine.test.ts).
  private flushNew(): void {
    for (const uri of [...this.edited]) if (!super.has(uri)) this.flush(uri);
  }

  override uris() {
    this.flushNew();
    return super.uris();
  }

  override documents() {
    this.flushNew();
    return super.documents();
  }

  override contracts() {
    this.flushNew();
    return super.contracts();
  }

  override dependentsOf(uri: string) {
    this.flushNew();
    return super.dependentsOf(uri);
  }
}

/** How many indexed texts that are neither open nor packed keep their position mapper (see mapperFor). */
const CACHED_MAPPERS = 32;

export class WorkspaceState {
  readonly index = new BufferedIndex((uri) => this.syncBuffer(uri));
  /** Told when an open buffer stops being a contract (its dependents lose a target). */
  onNoLongerContract: (uri: string) => void = () => undefined;
  private readonly folders = new Set<string>();
  /** Position mappers of indexed texts that are neither open nor packed, most recently used last (see mapperFor). */
  private readonly mappers = new Map<string, { text: string; mapper: PositionMapper }>();

  constructor(
    private readonly open: OpenDocuments,
    private readonly log: (message: string) => void,
  ) {}

  /** Indexes every contract file under a folder (open buffers keep their text). */
  async addFolder(folderUri: string): Promise<number> {
    const dir = uriToPath(folderUri);
    if (!dir) return 0;
    this.folders.add(folderUri);
    const started = Date.now();
    const files = await findContractFiles(dir);
    let count = 0;
    for (const file of files) {
      if (await this.readIntoIndex(file)) count++;
    }
    this.log(`Indexed ${count} contract(s) under ${dir} in ${Date.now() - started} ms.`);
    return count;
  }

  removeFolder(folderUri: string): string[] {
    this.folders.delete(folderUri);
    const prefix = folderUri.endsWith('/') ? folderUri : folderUri + '/';
    const gone = this.index.uris().filter((u) => u.startsWith(prefix) && !this.open.has(u));
    for (const u of gone) this.index.delete(u);
    return gone;
  }

  /** An open buffer was edited: the index parses it when next read. */
  edited(uri: string): void {
    this.index.markEdited(uri);
  }

  private syncBuffer(uri: string): void {
    const doc = this.open.get(uri);
    if (!doc) return;
    const wasContract = this.index.has(uri);
    if (!this.setOpen(uri, doc.getText(), doc.version) && wasContract) this.onNoLongerContract(uri);
  }

  /** An open buffer's text becomes the indexed text. Returns false when the buffer is not a contract. */
  setOpen(uri: string, text: string, version: number): boolean {
    this.index.markSynced(uri);
    if (!isContract(uri, text)) {
      this.index.delete(uri);
      return false;
    }
    // A file indexed while closed was compacted: an open buffer gets its full tree and model back at once.
    this.index.set(uri, text, version).expand();
    return true;
  }

  /** A closed buffer: the file on disk is what counts again (or nothing, if it is gone or not a contract). */
  async closed(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (!path || !(await this.readIntoIndex(path, uri))) this.index.delete(uri);
  }

  /** Applies watched-file events for files that are not open; returns the URIs whose indexed content changed. */
  async applyFileEvents(events: readonly FileEvent[]): Promise<string[]> {
    const changed: string[] = [];
    for (const e of events) {
      if (this.open.has(e.uri)) continue; // the buffer wins over the disk
      if (e.type === FileChangeType.Deleted) {
        const prefix = e.uri.endsWith('/') ? e.uri : e.uri + '/';
        // A deleted folder is reported once, for the folder.
        for (const u of this.index.uris()) {
          if ((u === e.uri || u.startsWith(prefix)) && !this.open.has(u)) {
            this.index.delete(u);
            changed.push(u);
          }
        }
        continue;
      }
      const path = uriToPath(e.uri);
      if (!path || this.skipped(path)) continue;
      const had = this.index.has(e.uri);
      if ((await this.readIntoIndex(path, e.uri)) || had) changed.push(e.uri);
    }
    return changed;
  }

  /** Under a folder the scan does not enter (node_modules, .git, dist…), relative to its workspace folder. */
  private skipped(path: string): boolean {
    for (const f of this.folders) {
      const root = uriToPath(f);
      if (!root) continue;
      const rel = relative(root, path);
      if (rel.startsWith('..') || rel === path) continue;
      const dirs = rel.split(sep).slice(0, -1);
      return dirs.some((d) => SKIP_DIRS.has(d) || d.startsWith('.'));
    }
    return false;
  }

  /**
   * The folder a file's data must stay inside: the innermost workspace folder holding it, else its git repository,
   * else its own folder. Follows workspace-folder changes (addFolder/removeFolder), so every data feature sees the
   * folders as they are now.
   */
  dataRoot(path: string): string {
    let best: string | undefined;
    for (const f of this.folders) {
      const dir = uriToPath(f);
      if (dir && isInside(path, dir) && (!best || dir.length > best.length)) best = dir;
    }
    return best ?? defaultRoot(dirname(path));
  }

  /**
   * Offsets ↔ positions for any indexed document (open or not). A closed file answers from the line table it keeps
   * beside its packed text; any other indexed text (an unreadable file, a closed file re-parsed) gets a mapper cached
   * for the few files asked about last.
   */
  mapperFor(uri: string): PositionMapper | undefined {
    const doc = this.open.get(uri);
    if (doc) return doc;
    const indexed = this.index.get(uri);
    if (!indexed) return undefined;
    if (indexed.lines) return indexed.lines;
    const text = indexed.text;
    const cached = this.mappers.get(uri);
    this.mappers.delete(uri);
    const mapper = cached && cached.text === text ? cached.mapper : mapperForText(text);
    this.mappers.set(uri, { text, mapper });
    if (this.mappers.size > CACHED_MAPPERS) this.mappers.delete(this.mappers.keys().next().value!);
    return mapper;
  }

  /** Reads one file into the index; false (and removed from the index) when it is not a contract. */
  private async readIntoIndex(path: string, knownUri?: string): Promise<boolean> {
    const read = await readContractFile(path);
    const uri = knownUri ?? read.uri;
    if (this.open.has(uri)) return true;
    if (!read.ok) {
      if (read.io) {
        this.index.delete(uri);
        return false;
      }
      this.index.setUnreadable(uri, read.message, read.line);
      return true;
    }
    if (!isContract(path, read.text)) {
      this.index.delete(uri);
      return false;
    }
    // Nobody edits a file that is not open: other contracts need its model, not its syntax tree (most of the memory
    // of a large workspace). It is parsed again if a feature ever needs the tree.
    this.index.set(uri, read.text).compact();
    return true;
  }
}
