/** Completion and hover: translate the engine's answers (engine/features/completion.ts, hover.ts). */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Connection } from '../languageServer.js';
import { complete, type CompletionEntry } from '../../engine/features/completion.js';
import { hover } from '../../engine/features/hover.js';
import { uriToPath } from '../../engine/workspace/index.js';
import type { Contract } from '../../engine/model/types.js';
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

  connection.onHover(async ({ textDocument, position }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const offset = d.text.offsetAt(position);
    const h = hover(d.doc, offset, deps.workspace.index, deps.knowledge);
    if (!h) return null;
    const trends = await historyForHover(deps, textDocument.uri, d.doc.contract, offset);
    const value = trends ? `${h.contents}\n\n---\n\n${trends}` : h.contents;
    return { contents: { kind: deps.client.markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value }, range: toLspRange(d.text, h.range) };
  });
}

/**
 * A property's recorded runs (engine/history/hoverTrends.ts): trusted workspaces only (it opens a DuckDB file); a
 * store that cannot be read leaves the hover as it was.
 */
async function historyForHover(deps: HandlerDeps, uri: string, contract: Contract | undefined, offset: number): Promise<string | undefined> {
  const path = uriToPath(uri);
  if (!contract || !path || !deps.workspaceTrusted()) return undefined;
  try {
    const { propertyTrendsMarkdown } = await import('../../engine/history/hoverTrends.js');
    return await propertyTrendsMarkdown(path, contract, offset);
  } catch {
    return undefined;
  }
}

/** For clients without snippet support: `${1|a,b|}` → `a`, tab stops removed. */
function stripSnippet(s: string): string {
  return s.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}
