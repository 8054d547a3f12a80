/**
 * The editor's open buffers, synchronised incrementally (TextDocumentSyncKind.Incremental). Kept here rather than
 * in vscode-languageserver's TextDocuments so that every didChange, applied or not, is counted as handled for the
 * coalescing in transport.ts, and so that an edit costs what it changes, not the document's size (editBuffer.ts).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, TextDocumentContentChangeEvent } from './languageServer.js';
import { EditBuffer } from './editBuffer.js';
import type { PendingChanges } from './transport.js';

export interface DocumentEvents {
  opened(doc: TextDocument): void;
  changed(doc: TextDocument): void;
  closed(uri: string): void;
}

export class OpenDocuments {
  private readonly docs = new Map<string, EditBuffer>();

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  all(): TextDocument[] {
    return [...this.docs.values()];
  }

  /** Each edited buffer's lines re-cut from its current text (EditBuffer.compact); when the server is idle. */
  compact(): void {
    for (const doc of this.docs.values()) doc.compact();
  }

  listen(connection: Connection, pending: PendingChanges, events: DocumentEvents): void {
    connection.onDidOpenTextDocument(({ textDocument: t }) => {
      const doc = new EditBuffer(t.uri, t.languageId, t.version, t.text);
      this.docs.set(t.uri, doc);
      events.opened(doc);
    });
    connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
      // Counted as handled first, so that the scheduler sees no pending edit once this one is applied.
      pending.handled(t.uri);
      const doc = this.docs.get(t.uri);
      if (!doc || contentChanges.length === 0) return;
      doc.update(contentChanges as TextDocumentContentChangeEvent[], t.version ?? doc.version + 1);
      events.changed(doc);
    });
    connection.onDidCloseTextDocument(({ textDocument: t }) => {
      this.docs.delete(t.uri);
      events.closed(t.uri);
    });
  }
}
