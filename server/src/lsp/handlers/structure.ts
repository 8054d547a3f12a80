/** Outline, folding and selection ranges: translate engine/features/symbols.ts, folding.ts, selection.ts. */
import { FoldingRangeKind, SymbolKind, type Connection, type DocumentSymbol, type FoldingRange, type SelectionRange, type SymbolInformation } from '../languageServer.js';
import { foldingRanges } from '../../engine/features/folding.js';
import { selectionRanges } from '../../engine/features/selection.js';
import { documentSymbols, workspaceSymbols, type SymbolEntry, type SymbolKind as EngineSymbolKind } from '../../engine/features/symbols.js';
import { toLspRange } from '../convert.js';
import { documentFor, type HandlerDeps } from './common.js';

const KIND: Record<EngineSymbolKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  schema: SymbolKind.Class,
  property: SymbolKind.Field,
  server: SymbolKind.Module,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  key: SymbolKind.Key,
};

export function registerStructure(connection: Connection, deps: HandlerDeps): void {
  connection.onDocumentSymbol(({ textDocument }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const toSymbol = (s: SymbolEntry): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: KIND[s.kind],
      range: toLspRange(d.text, s.range),
      selectionRange: toLspRange(d.text, s.selectionRange),
      children: s.children.map(toSymbol),
    });
    const symbols = documentSymbols(d.doc);
    if (deps.client.hierarchicalSymbols) return symbols.map(toSymbol);
    // Older clients: a flat list with container names.
    const flat: SymbolInformation[] = [];
    const walk = (s: SymbolEntry, container?: string) => {
      flat.push({ name: s.name, kind: KIND[s.kind], location: { uri: textDocument.uri, range: toLspRange(d.text, s.range) }, containerName: container });
      for (const c of s.children) walk(c, s.name);
    };
    for (const s of symbols) walk(s);
    return flat;
  });

  connection.onWorkspaceSymbol(({ query }) => {
    const out: SymbolInformation[] = [];
    for (const s of workspaceSymbols(deps.workspace.index.contracts(), query)) {
      const mapper = deps.workspace.mapperFor(s.uri);
      if (mapper) out.push({ name: s.name, kind: KIND[s.kind], containerName: s.container, location: { uri: s.uri, range: toLspRange(mapper, s.range) } });
    }
    return out;
  });

  connection.onFoldingRanges(({ textDocument }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const out: FoldingRange[] = [];
    for (const f of foldingRanges(d.doc)) {
      const startLine = d.text.positionAt(f.start).line;
      const endLine = d.text.positionAt(f.end).line;
      if (endLine > startLine) out.push({ startLine, endLine, kind: f.kind === 'comment' ? FoldingRangeKind.Comment : undefined });
    }
    return out;
  });

  connection.onSelectionRanges(({ textDocument, positions }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    return selectionRanges(d.doc, positions.map((p) => d.text.offsetAt(p))).map((chain) => {
      let parent: SelectionRange | undefined;
      for (const r of [...chain].reverse()) parent = { range: toLspRange(d.text, r), parent };
      return parent ?? { range: { start: positions[0], end: positions[0] } };
    });
  });
}
