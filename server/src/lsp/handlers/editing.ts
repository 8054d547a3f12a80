/** Completion and hover: translate the engine's answers (engine/features/completion.ts, hover.ts). */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Connection } from 'vscode-languageserver/node';
import { complete, type CompletionEntry } from '../../engine/features/completion.js';
import { hover } from '../../engine/features/hover.js';
import { toLspRange } from '../convert.js';
import { documentFor, type HandlerDeps } from './common.js';

const KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  schema: CompletionItemKind.Class,
  property: CompletionItemKind.Field,
};

export function registerEditing(connection: Connection, deps: HandlerDeps): void {
  connection.onCompletion(({ textDocument, position }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const entries = complete(d.doc, d.text.offsetAt(position), deps.workspace.index, deps.knowledge);
    return {
      isIncomplete: false,
      items: entries.map((e): CompletionItem => {
        const snippet = e.snippet && deps.client.snippets;
        const newText = e.snippet && !snippet ? stripSnippet(e.insertText) : e.insertText;
        return {
          label: e.label,
          kind: KIND[e.kind],
          detail: e.detail,
          documentation: e.documentation ? { kind: deps.client.markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: e.documentation } : undefined,
          textEdit: { range: toLspRange(d.text, e.range), newText },
          insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          sortText: e.sortText,
          filterText: e.filterText,
        };
      }),
    };
  });

  connection.onHover(({ textDocument, position }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const h = hover(d.doc, d.text.offsetAt(position), deps.workspace.index, deps.knowledge);
    if (!h) return null;
    return { contents: { kind: deps.client.markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: h.contents }, range: toLspRange(d.text, h.range) };
  });
}

/** For clients without snippet support: `${1|a,b|}` → `a`, tab stops removed. */
function stripSnippet(s: string): string {
  return s.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}
