/**
 * The analysis pipeline: document → findings. Every front end (language server, CLI lint, extension through the
 * server) calls `analyzeDocument`; nothing here knows who will print the result.
 *
 * Passes, in order:
 *   1. reading & syntax     decode errors, YAML errors, duplicate keys, alias limit   (syntax/)
 *   2. format               empty file, not a mapping, deprecated DCS, version        (this file)
 *   3. structure            JSON Schema validation mapped back to YAML nodes          (schema/)
 *   4. semantics            rules the schema cannot express, across the workspace     (rules/)
 *   5. SQL                  quality queries parsed in their server's dialect (async, cached) (rules/sqlSyntax.ts)
 *   6. suppressions         `# contractlens-disable-next-line CL123` comments         (rules/suppressions.ts)
 *
 * Passes 1–4 are synchronous and read only this document (plus, for relationships, the workspace's other
 * contracts); pass 5 may wait for DuckDB to load. A front end that wants to show something before that wait (the
 * language server on opening a large contract, docs/ARCHITECTURE.md "The first open") asks for the findings of the
 * synchronous passes as they are (`onLocalFindings`), or for this document's own findings alone (`analyzeLocal`).
 */
import { compareFindings, type Finding } from './findings.js';
import type { Contract } from './model/types.js';
import { catalogSeverity } from './rules/catalog.js';
import { runSemanticRules } from './rules/index.js';
import { checkSqlSyntax, hasSqlQueries, type SqlParser } from './rules/sqlSyntax.js';
import { knownTables } from './rules/sqlTables.js';
import { applySuppressions, lintSuppressionOptions } from './rules/suppressions.js';
import { validateStructure } from './schema/validate.js';
import { asMap, getNode } from './syntax/ast.js';
import { insideLimited } from './syntax/limits.js';
import { documentToJS, type ParsedYaml } from './syntax/parse.js';
import type { DocumentView } from './workspace/document.js';
import type { ContractLookup } from './workspace/index.js';

export type { AnalysisContext } from './rules/context.js';
import type { AnalysisContext } from './rules/context.js';

export interface AnalyzeOptions {
  /** DuckDB-backed SQL parser; when absent, SQL syntax is not checked (e.g. a front end without DuckDB). */
  sqlParser?: SqlParser;
  /** Cancellation: a newer edit arrived, stop early. Checked between passes. */
  isCancelled?: () => boolean;
  /**
   * Called once the synchronous passes are done and before the SQL pass, when there is a SQL pass to wait for: the
   * findings so far, suppressions applied but no "unused suppression" reported (a suppression may be used by a
   * finding still to come). They are a subset of the final result.
   */
  onLocalFindings?: (findings: Finding[]) => void;
}

export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

export async function analyzeDocument(doc: DocumentView, workspace: ContractLookup, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const findings = await yieldingPasses(doc, workspace, options, true);
  if (options.sqlParser && doc.contract) {
    if (options.onLocalFindings && hasSqlQueries(doc.contract)) {
      options.onLocalFindings(partial(doc.text, findings));
      // A macrotask before the SQL pass, whose first parse loads DuckDB synchronously: what was just published is
      // written out first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.isCancelled?.()) throw new AnalysisCancelled();
    }
    const known = knownTables([doc.contract, ...workspace.contracts()]);
    findings.push(...(await checkSqlSyntax(doc.contract, options.sqlParser, doc.text, known)));
    if (options.isCancelled?.()) throw new AnalysisCancelled();
  }
  return finish(doc.text, findings, { rules: !!doc.contract && !doc.readError, sql: !!(options.sqlParser && doc.contract) });
}

/**
 * What the passes run so far found, as the final result will show it (same dedupe, same suppressions), minus the
 * "unused suppression" findings: those can only be judged once every pass has run.
 */
function partial(text: string, findings: Finding[]): Finding[] {
  return applySuppressions(text, dedupe(findings), { reportUnused: false }).sort(compareFindings);
}

/**
 * What this document alone says, without the rules that read other contracts and without the SQL pass: for a publish
 * before the workspace has been scanned, when a cross-file verdict ("no such target") could be a false alarm. A
 * subset of what analyzeDocument finds, "unused suppression" findings left out (see `partial`).
 */
export async function analyzeLocal(doc: DocumentView, options: Pick<AnalyzeOptions, 'isCancelled'> = {}): Promise<Finding[]> {
  return partial(doc.text, await yieldingPasses(doc, NO_WORKSPACE, options, false));
}

const NO_WORKSPACE: ContractLookup = { contracts: () => [], contract: () => undefined };

/** Everything but the async SQL pass; used directly where a synchronous answer is needed. */
export function analyzeSync(doc: DocumentView, workspace: ContractLookup, options: AnalyzeOptions = {}): Finding[] {
  const passes = analysisPasses(doc, workspace, options, true);
  let step = passes.next();
  while (!step.done) step = passes.next();
  return step.value;
}

async function yieldingPasses(doc: DocumentView, workspace: ContractLookup, options: AnalyzeOptions, crossFile: boolean): Promise<Finding[]> {
  // Between passes the event loop gets a turn: requests about other documents (and newer edits, which cancel this
  // run) are served while a large document is validated. See "Scheduling and cancellation" in docs/ARCHITECTURE.md.
  const passes = analysisPasses(doc, workspace, options, crossFile);
  let step = passes.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.isCancelled?.()) throw new AnalysisCancelled();
    step = passes.next();
  }
  return step.value;
}

/** The synchronous passes, one per step: the caller decides whether to yield to other work in between. */
function* analysisPasses(doc: DocumentView, workspace: ContractLookup, options: AnalyzeOptions, crossFile: boolean): Generator<void, Finding[]> {
  if (doc.readError) {
    const start = lineStartOffset(doc.text, doc.readError.line);
    return [finding('CL004', doc.readError.message, start, start)];
  }
  const checkCancel = () => {
    if (options.isCancelled?.()) throw new AnalysisCancelled();
  };
  let js: { value: unknown } | undefined;
  const ctx: AnalysisContext = {
    uri: doc.uri,
    text: doc.text,
    parsed: doc.parsed,
    contract: doc.contract,
    workspace,
    js: () => (js ??= documentToJS(doc.parsed)).value,
  };
  const findings: Finding[] = syntaxFindings(ctx);
  const formatProblem = formatFindings(ctx, findings);
  if (formatProblem) return withoutLimited(doc.parsed, findings);
  yield;
  checkCancel();
  findings.push(...validateStructure(ctx));
  yield;
  checkCancel();
  findings.push(...runSemanticRules(ctx, { crossFile }));
  return withoutLimited(doc.parsed, findings);
}

/** Findings about a value blanked by the analysis limits (syntax/limits.ts) are about the placeholder: dropped. */
function withoutLimited(parsed: ParsedYaml, findings: Finding[]): Finding[] {
  const limited = parsed.issues.filter((i) => i.code === 'CL019');
  if (limited.length === 0) return findings;
  return findings.filter((f) => f.code === 'CL019' || !insideLimited(limited, f.range));
}

function finish(text: string, findings: Finding[], ran: { rules: boolean; sql: boolean }): Finding[] {
  return applySuppressions(text, dedupe(findings), lintSuppressionOptions(ran)).sort(compareFindings);
}

function syntaxFindings(ctx: AnalysisContext): Finding[] {
  const out = ctx.parsed.issues.map((i) => finding(i.code, i.message, i.start, i.end, i.severity));
  const { aliasLimitAt } = documentToJS(ctx.parsed);
  if (aliasLimitAt) {
    out.push(finding('CL003', `Alias expansion stopped here: this document expands aliases into more than 10,000 nodes (an "alias bomb"). Contract Lens validates only the part before the limit.`, aliasLimitAt.start, aliasLimitAt.end));
  }
  return out;
}

/** Returns true when the document is not a contract at all (no point in running the other passes). */
function formatFindings(ctx: AnalysisContext, out: Finding[]): boolean {
  const root = ctx.parsed.root;
  if (root.kind === 'scalar' && root.value === null && ctx.text.trim().replace(/^#.*$/gm, '').trim() === '') {
    out.push(finding('CL005', 'This contract file is empty. An ODCS contract needs at least apiVersion, kind, id, version and status.', 0, 0));
    return true;
  }
  if (!asMap(root)) {
    if (!out.some((f) => f.severity === 'error')) out.push(finding('CL006', 'A contract must be a YAML mapping (key: value pairs) at the top level.', root.start, Math.max(root.end, root.start + 1)));
    return true;
  }
  const c = ctx.contract;
  if (c?.format === 'dcs') {
    const node = getNode(c.root, 'dataContractSpecification')!;
    out.push(finding('CL007', 'The Data Contract Specification is deprecated upstream in favour of the Open Data Contract Standard (ODCS v3). Contract Lens reads this file, but consider migrating.', node.start, node.end));
  }
  return false;
}

/**
 * One finding per real problem: the same code on the same range is reported once, and a node that is structurally
 * invalid (a CL02x schema error) gets only that error, not also a semantic rule's view of the same mistake (e.g.
 * `minimum` on a string is an unknown key to the schema and an inapplicable option to CL124).
 */
function dedupe(findings: Finding[]): Finding[] {
  const structural = new Set<string>();
  for (const f of findings) if (f.code.startsWith('CL02')) structural.add(`${f.range.start}:${f.range.end}`);
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (f.code.startsWith('CL1') && structural.has(`${f.range.start}:${f.range.end}`)) return false;
    const k = `${f.code}:${f.range.start}:${f.range.end}:${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function finding(code: string, message: string, start: number, end: number, severity = catalogSeverity(code)): Finding {
  return { code, severity, message, range: { start, end: Math.max(start, end) } };
}

function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  return offset;
}
