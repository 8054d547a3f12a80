/** Definition, references and rename across contracts: translate engine/features/definition.ts. */
import { ResponseError, ErrorCodes, type Connection, type TextEdit, type WorkspaceEdit } from '../languageServer.js';
import { definition, prepareRename, references, rename, renameProblem } from '../../engine/features/definition.js';
import { toLspRange } from '../convert.js';
import { documentFor, type HandlerDeps } from './common.js';

export function registerNavigation(connection: Connection, deps: HandlerDeps): void {
  const index = deps.workspace.index;
  const location = (uri: string, range: { start: number; end: number }) => {
    const mapper = deps.workspace.mapperFor(uri);
    return mapper ? { uri, range: toLspRange(mapper, range) } : undefined;
  };

  connection.onDefinition(({ textDocument, position }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    return definition(d.doc, d.text.offsetAt(position), index).flatMap((l) => location(l.uri, l.range) ?? []);
  });

  connection.onReferences(({ textDocument, position, context }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    return references(d.doc, d.text.offsetAt(position), index, context.includeDeclaration).flatMap((l) => location(l.uri, l.range) ?? []);
  });

  connection.onPrepareRename(({ textDocument, position }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const t = prepareRename(d.doc, d.text.offsetAt(position), index);
    return t ? { range: toLspRange(d.text, t.range), placeholder: t.placeholder } : null;
  });

  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    const problem = renameProblem(newName);
    if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
    const edits = rename(d.doc, d.text.offsetAt(position), newName, index);
    if (!edits) return null;
    const changes: WorkspaceEdit['changes'] = {};
    for (const [uri, list] of edits) {
      const mapper = deps.workspace.mapperFor(uri);
      if (!mapper) continue;
      changes[uri] = list.map((e): TextEdit => ({ range: toLspRange(mapper, e.range), newText: e.newText }));
    }
    return { changes };
  });
}
