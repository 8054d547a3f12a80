/**
 * Breaking-change hints while editing: each open contract is compared with its version at git HEAD (the same engine
 * as `contractlens diff`) and the changes are shown on the changed lines — breaking and warning changes as
 * warnings, the others as hints. Off by default: setting `contractlens.diff.enabled`.
 *
 * A change that removed something points into the HEAD version, which is not on screen: it is shown on the nearest
 * thing that still exists (the schema object, else the first line). Git only reads (`cat-file`, `rev-parse`), and
 * only in a trusted workspace: a repository's configuration is code the user has not vetted yet.
 */
import { dirname, relative, sep } from 'node:path';
import { ResponseError } from '../languageServer.js';
import { renderChangelog, summarize, valueText } from '../../engine/diff/summary.js';
import { BreakingChangesRequest, RequestError, type BreakingChangesParams, type BreakingChangesResponse } from '../../shared/protocol.js';
import type { ContractDiff } from '../../engine/diff/versions.js';
import { compareContracts } from '../../engine/diff/compare.js';
import type { Change } from '../../engine/diff/changes.js';
import type { Finding, Fix } from '../../engine/findings.js';
import type { Contract } from '../../engine/model/types.js';
import { defaultBase, readFileAt, repositoryRoot, resolveCommit } from '../../engine/git/git.js';
import { decodeContractBytes } from '../../engine/text/decode.js';
import { ContractDocument } from '../../engine/workspace/document.js';
import { uriToPath, type IndexReader } from '../../engine/workspace/index.js';
import type { ServerContext } from '../context.js';
import type { CustomRequest } from '../customRequests.js';
import type { DiagnosticsProvider } from '../diagnosticsProviders.js';

/** HEAD is looked up again at most this often per repository (a commit in a terminal moves it). */
const HEAD_TTL_MS = 2000;

export class GitDiffProvider implements DiagnosticsProvider {
  readonly id = 'git-diff';
  private readonly roots = new Map<string, Promise<string | undefined>>();
  private readonly heads = new Map<string, { at: number; commit: Promise<string | undefined> }>();
  /** The HEAD version of a file, parsed, by `commit:path` (a few entries: the open documents). */
  private readonly bases = new Map<string, ContractDocument | null>();

  constructor(private readonly ctx: ServerContext) {}

  async provide(uri: string, index: IndexReader, signal: AbortSignal): Promise<Finding[]> {
    if (!this.ctx.workspaceTrusted() || !(await this.ctx.settings(uri)).diffEnabled) return [];
    const doc = index.get(uri);
    const path = uriToPath(uri);
    if (!doc?.contract || !path || signal.aborted) return [];
    const root = await this.rootOf(dirname(path));
    if (!root || signal.aborted) return [];
    const head = await this.headOf(root);
    if (!head || signal.aborted) return [];
    const base = await this.baseOf(root, head, relative(root, path).split(sep).join('/'), uri);
    // A new file (nothing at HEAD) or a HEAD version that does not parse: nothing to compare with.
    if (!base?.contract || signal.aborted) return [];
    const now = index.get(uri);
    if (now !== doc || !now.contract) return [];
    const comparison = compareContracts(base.contract, now.contract);
    const bump = comparison.majorVersionBump ? undefined : majorBumpFix(now.contract, now.text);
    return comparison.changes.map((c) => {
      const f = toFinding(c, now.contract!);
      if (bump && c.level === 'breaking') f.fixes = [bump];
      return f;
    });
  }

  private rootOf(dir: string): Promise<string | undefined> {
    let r = this.roots.get(dir);
    if (!r) {
      r = repositoryRoot(dir).catch(() => undefined);
      this.roots.set(dir, r);
    }
    return r;
  }

  private headOf(root: string): Promise<string | undefined> {
    const cached = this.heads.get(root);
    if (cached && Date.now() - cached.at < HEAD_TTL_MS) return cached.commit;
    const commit = resolveCommit(root, 'HEAD').catch(() => undefined);
    this.heads.set(root, { at: Date.now(), commit });
    return commit;
  }

  private async baseOf(root: string, head: string, rel: string, uri: string): Promise<ContractDocument | undefined> {
    const key = `${head}:${rel}`;
    if (this.bases.has(key)) return this.bases.get(key) ?? undefined;
    const bytes = await readFileAt(root, head, rel).catch(() => undefined);
    let doc: ContractDocument | null = null;
    if (bytes) {
      const decoded = decodeContractBytes(bytes);
      if (decoded.ok) {
        doc = new ContractDocument(`${uri}?git=HEAD`).update(decoded.text);
        if (doc.parsed.issues.some((i) => i.severity === 'error')) doc = null;
      }
    }
    if (this.bases.size > 64) this.bases.clear();
    this.bases.set(key, doc);
    return doc ?? undefined;
  }
}

function toFinding(c: Change, contract: Contract): Finding {
  const values = valueText(c);
  const breaks = c.breaks.length ? ` Breaks ${c.breaks.join(' and ')}.` : '';
  const message = `${c.level === 'breaking' ? 'Breaking change' : 'Change'} since HEAD: ${c.message}${breaks}${values ? ` (${values})` : ''}`;
  return {
    code: c.code,
    severity: c.level === 'info' ? 'hint' : 'warning',
    message,
    range: c.side === 'new' ? c.range : anchorInNew(c, contract),
  };
}

/**
 * The quick fix of a breaking change made on purpose: announce it with a new major version of the contract
 * (`1.4.2` → `2.0.0`), which `contractlens diff` accepts. Quotes around the version are kept.
 */
export function majorBumpFix(contract: Contract, text: string): Fix | undefined {
  const v = contract.version;
  const m = v ? /^(\s*v?)(\d+)(?:\.\d+)*(.*)$/.exec(v.value) : undefined;
  if (!v || !m || m[3]) return undefined;
  const next = `${m[1].trim()}${Number(m[2]) + 1}.0.0`;
  const raw = text.slice(v.node.start, v.node.end);
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  return { title: `Bump the contract version to ${next} (announce the breaking change)`, edits: [{ range: { start: v.node.start, end: v.node.end }, newText: `${quote}${next}${quote}` }] };
}

/** For something removed: the schema object it belonged to, else the start of the file. */
function anchorInNew(c: Change, contract: Contract): { start: number; end: number } {
  const first = c.subject.split('.')[0];
  const schema = contract.schemas.find((s) => s.name?.value === first);
  const node = schema?.name?.node ?? contract.id?.node ?? contract.root.pairs[0]?.key;
  return node ? { start: node.start, end: node.end } : { start: 0, end: 0 };
}


/**
 * `contractlens/breakingChanges`: the open contract (its current text, saved or not) against a git revision, as the
 * Markdown changelog plus the JSON change set of `contractlens diff`. The client shows the Markdown.
 */
export const breakingChangesRequest: CustomRequest<BreakingChangesParams, BreakingChangesResponse> = {
  type: BreakingChangesRequest,
  async handle(params, ctx) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Breaking-change detection reads git and is off in an untrusted workspace. Trust the workspace to use it.');
    const path = uriToPath(params.uri);
    const doc = ctx.index.get(params.uri);
    if (!path || !doc?.contract) throw new ResponseError(RequestError.NotAContract, 'Open a contract file to compare it with git.');
    const root = await repositoryRoot(dirname(path));
    if (!root) throw new ResponseError(RequestError.Failed, `${path} is not inside a git repository.`);
    let base: { ref: string; commit: string; description: string } | undefined;
    if (params.base) {
      const commit = await resolveCommit(root, params.base);
      if (!commit) throw new ResponseError(RequestError.Failed, `The base revision "${params.base}" does not exist in this repository (setting contractlens.breakingChangeBase).`);
      base = { ref: params.base, commit, description: `${params.base} (${commit.slice(0, 12)})` };
    } else base = await defaultBase(root);
    if (!base) throw new ResponseError(RequestError.Failed, 'The repository has no commit yet.');
    const rel = relative(root, path).split(sep).join('/');
    const bytes = await readFileAt(root, base.commit, rel);
    const decoded = bytes ? decodeContractBytes(bytes) : undefined;
    if (decoded && !decoded.ok) throw new ResponseError(RequestError.Failed, `${rel} at ${base.ref}: ${decoded.message}`);
    const before = decoded?.ok ? { text: decoded.text, doc: new ContractDocument(`${params.uri}?git=${base.commit}`).update(decoded.text) } : undefined;
    if (before && !before.doc.contract) throw new ResponseError(RequestError.Failed, `${rel} at ${base.ref} is not a contract.`);
    const diff: ContractDiff = { relPath: rel, absPath: path, before, after: { text: doc.text, doc }, comparison: compareContracts(before?.doc.contract, doc.contract) };
    const contracts = summarize([diff], (abs) => relative(root, abs).split(sep).join('/'));
    return { base: base.ref, commit: base.commit, markdown: renderChangelog(contracts, base.description), contracts };
  },
};
