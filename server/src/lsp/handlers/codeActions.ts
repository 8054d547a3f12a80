/**
 * Code actions: translate engine/features/codeActions.ts. The findings are rebuilt from the diagnostics the client
 * sends back (code + range + data.fixes), so an action is matched on the rule code and the carried fixes only.
 */
import { CodeActionKind, type CodeAction, type Connection, type Diagnostic } from '../languageServer.js';
import { codeActions, type FindingRef } from '../../engine/features/codeActions.js';
import { DIAGNOSTIC_SOURCE, isDiagnosticData, toOffsetRange, toWorkspaceEdit } from '../convert.js';
import { documentFor, type HandlerDeps } from './common.js';

/** The command behind "open the rule's documentation"; the server carries it out with window/showDocument. */
export const OPEN_RULE_DOC_COMMAND = 'contractlens.openRuleDocumentation';

export function registerCodeActions(connection: Connection, deps: HandlerDeps): void {
  connection.onCodeAction(({ textDocument, context }) => {
    const d = documentFor(deps, textDocument.uri);
    if (!d) return null;
    if (context.only && !context.only.some((k) => k === CodeActionKind.QuickFix || k === CodeActionKind.Empty || CodeActionKind.QuickFix.startsWith(k + '.'))) return null;
    const ours = context.diagnostics.filter((diag) => diag.source === DIAGNOSTIC_SOURCE && typeof diag.code === 'string');
    const byRef = new Map<FindingRef, Diagnostic>();
    const refs: FindingRef[] = ours.map((diag) => {
      // Fixes are offsets into the text they were computed for: only used while the document has not changed since.
      const fixes = isDiagnosticData(diag.data) && diag.data.version === d.text.version ? diag.data.fixes : undefined;
      const ref: FindingRef = { code: diag.code as string, range: toOffsetRange(d.text, diag.range), fixes };
      byRef.set(ref, diag);
      return ref;
    });
    return codeActions(d.doc, refs).map((a): CodeAction => {
      const action: CodeAction = { title: a.title, kind: CodeActionKind.QuickFix, diagnostics: [byRef.get(a.finding)!] };
      if (a.edits) action.edit = toWorkspaceEdit(a.edits, textDocument.uri, (u) => deps.workspace.mapperFor(u));
      if (a.preferred) action.isPreferred = true;
      if (a.command) action.command = { title: a.title, command: OPEN_RULE_DOC_COMMAND, arguments: [a.command.url] };
      return action;
    });
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== OPEN_RULE_DOC_COMMAND) return null;
    const url = args?.[0];
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return null;
    if (!deps.client.showDocument) {
      connection.window.showInformationMessage(`Rule documentation: ${url}`);
      return null;
    }
    const result = await connection.window.showDocument({ uri: url, external: true });
    return result.success;
  });
}
