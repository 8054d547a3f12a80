/** What every feature handler needs: the open buffer (positions) and the engine document (offsets, model). */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SchemaKnowledge } from '../../engine/features/schemaInfo.js';
import type { ContractDocument } from '../../engine/workspace/document.js';
import type { OpenDocuments } from '../documents.js';
import type { WorkspaceState } from '../workspace.js';

export interface HandlerDeps {
  open: OpenDocuments;
  workspace: WorkspaceState;
  knowledge: SchemaKnowledge | undefined;
  /** What the client can do, read once at initialize. */
  client: { snippets: boolean; markdown: boolean; hierarchicalSymbols: boolean; showDocument: boolean };
  /** False in an untrusted workspace: nothing opens a DuckDB file (e.g. the history in a hover). */
  workspaceTrusted: () => boolean;
}

/** The buffer and its engine document, when the buffer is an open contract whose index entry is current. */
export function documentFor(deps: HandlerDeps, uri: string): { text: TextDocument; doc: ContractDocument } | undefined {
  const text = deps.open.get(uri);
  if (!text) return undefined;
  let doc = deps.workspace.index.get(uri);
  // In a burst of edits only the last one is parsed eagerly: a request in between parses the buffer now.
  if (doc && doc.text !== text.getText() && deps.workspace.setOpen(uri, text.getText(), text.version)) doc = deps.workspace.index.get(uri);
  if (!doc || doc.text !== text.getText()) return undefined;
  return { text, doc };
}
