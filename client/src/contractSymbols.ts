/**
 * The schema objects and properties of a contract, as the language server's outline (standard documentSymbol)
 * describes them. Code lenses and the Test Explorer place themselves with this, so the client parses nothing.
 */
import * as vscode from 'vscode';

export interface SchemaObjectSymbol {
  name: string;
  range: vscode.Range;
  selectionRange: vscode.Range;
  properties: { name: string; range: vscode.Range; selectionRange: vscode.Range }[];
}

export async function schemaObjects(uri: vscode.Uri): Promise<SchemaObjectSymbol[]> {
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider',
    uri,
  );
  if (!symbols) return [];
  const section = symbols.find((s): s is vscode.DocumentSymbol => 'children' in s && (s.name === 'schema' || s.name === 'models'));
  if (!section) return [];
  return section.children.map((s) => ({
    name: s.name,
    range: s.range,
    selectionRange: s.selectionRange,
    properties: flatten(s.children),
  }));
}

function flatten(children: vscode.DocumentSymbol[], prefix = ''): SchemaObjectSymbol['properties'] {
  return children.flatMap((c) => [
    { name: prefix + c.name, range: c.range, selectionRange: c.selectionRange },
    ...flatten(c.children, `${prefix}${c.name}.`),
  ]);
}

/** The schema object whose range holds `position`, if any. */
export function schemaAt(objects: SchemaObjectSymbol[], position: vscode.Position): SchemaObjectSymbol | undefined {
  return objects.find((o) => o.range.contains(position));
}
