/**
 * Every contract of the workspace, by URI: what cross-file rules (relationships), completion, definition and rename
 * read. Open documents and files on disk share it; the front end (LSP or CLI) decides what to put in.
 */
import type { Contract } from '../model/types.js';
import { ContractDocument, type DocumentView } from './document.js';

/** The public surface of engine/workspace/ beyond the index (test/architecture.test.ts): add a line to make a module public. */
export * from './files.js';
export * from './uris.js';
export * from './glob.js';
export { ContractDocument, type DocumentView } from './document.js';

export interface ContractLookup {
  contracts(): Iterable<Contract>;
  contract(uri: string): Contract | undefined;
}

/**
 * The index as every feature reads it (the language server's handlers and plug-ins, the checks): lookups only.
 * The front end's workspace state (lsp/workspace.ts, the CLI's loader) is the one writer and holds the full class.
 */
export interface IndexReader extends ContractLookup {
  get(uri: string): DocumentView | undefined;
  has(uri: string): boolean;
  uris(): string[];
  documents(): IterableIterator<DocumentView>;
  dependentsOf(uri: string): string[];
}

export class WorkspaceIndex implements IndexReader {
  private readonly docs = new Map<string, ContractDocument>();

  /** Adds or updates a document and returns it (re-parsing only what changed since its previous text). */
  set(uri: string, text: string, version?: number): ContractDocument {
    let doc = this.docs.get(uri);
    if (!doc) {
      doc = new ContractDocument(uri);
      this.docs.set(uri, doc);
    }
    if (doc.text !== text || doc.readError) doc.update(text, version);
    else if (version !== undefined) doc.version = version;
    return doc;
  }

  setUnreadable(uri: string, message: string, line: number): ContractDocument {
    const doc = this.docs.get(uri) ?? new ContractDocument(uri);
    this.docs.set(uri, doc);
    return doc.setReadError(message, line);
  }

  delete(uri: string): boolean {
    return this.docs.delete(uri);
  }

  get(uri: string): ContractDocument | undefined {
    return this.docs.get(uri);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  documents(): IterableIterator<ContractDocument> {
    return this.docs.values();
  }

  *contracts(): Iterable<Contract> {
    for (const d of this.docs.values()) if (d.contract) yield d.contract;
  }

  contract(uri: string): Contract | undefined {
    return this.docs.get(uri)?.contract;
  }

  /**
   * Documents whose findings may change when `uri` changes: every other contract that declares a relationship
   * (a target may appear or vanish). Cheap and conservative: relationship resolution is a map lookup per reference.
   */
  dependentsOf(uri: string): string[] {
    const out: string[] = [];
    for (const [other, doc] of this.docs) {
      if (other === uri || !doc.contract) continue;
      const c = doc.contract;
      const hasRefs = c.schemas.some((s) => s.relationships.length > 0 || s.properties.some(function refs(p): boolean {
        return p.relationships.length > 0 || p.properties.some(refs) || (p.items ? refs(p.items) : false);
      }));
      if (hasRefs) out.push(other);
    }
    return out;
  }
}
