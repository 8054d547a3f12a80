/**
 * The schema objects and servers of a contract, as the server's plan (`contractlens/plan`, reads no data) places
 * them. Code lenses, the Test Explorer and the commands place themselves with this; the client parses nothing.
 */
import * as vscode from 'vscode';
import type { CheckResult, PlanResponse } from '../../server/src/shared/protocol.js';
import type { CheckRunner } from './checkRunner.js';

export interface SchemaObjectPlace {
  name: string;
  range: vscode.Range;
  selectionRange: vscode.Range;
}

/** Every named schema object with where it is written (none when the server cannot answer). */
export function schemaPlaces(plan: PlanResponse | undefined): SchemaObjectPlace[] {
  const out: SchemaObjectPlace[] = [];
  for (const s of plan?.schemas ?? []) {
    const range = s.range ? resultRange({ range: s.range }, undefined) : undefined;
    const selectionRange = s.selectionRange ? resultRange({ range: s.selectionRange }, undefined) : undefined;
    if (range) out.push({ name: s.name, range, selectionRange: selectionRange ?? range });
  }
  return out;
}

export async function schemaObjects(runner: CheckRunner, uri: vscode.Uri): Promise<SchemaObjectPlace[]> {
  return schemaPlaces(await runner.plan(uri).catch(() => undefined));
}

/** The schema object whose range holds `position`, if any. */
export function schemaAt(objects: SchemaObjectPlace[], position: vscode.Position): SchemaObjectPlace | undefined {
  return objects.find((o) => o.range.contains(position));
}

/** The rule's place in the contract: an LSP range as is, or the engine's offsets into the document text. */
export function resultRange(r: Pick<CheckResult, 'range'>, doc: vscode.TextDocument | undefined): vscode.Range | undefined {
  const g = r.range as { start?: unknown; end?: unknown } | undefined;
  if (!g) return undefined;
  if (typeof g.start === 'number' && typeof g.end === 'number') return doc && new vscode.Range(doc.positionAt(g.start), doc.positionAt(g.end));
  const s = g.start as { line?: number; character?: number } | undefined;
  const e = g.end as { line?: number; character?: number } | undefined;
  if (typeof s?.line === 'number' && typeof e?.line === 'number') return new vscode.Range(s.line, s.character ?? 0, e.line, e.character ?? 0);
  return undefined;
}
