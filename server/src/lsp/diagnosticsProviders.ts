/**
 * Extension point (b): more diagnostics next to lint (schema drift will be one).
 *
 * A provider answers for one open document. It runs after lint has been published, never blocks it, and its
 * findings are merged with the lint findings in the next publishDiagnostics of that document. The signal aborts
 * when the document changes again (or the server stops): stop querying and return quickly. A provider that fails
 * is logged and contributes nothing; it never takes lint down with it.
 *
 * Register with `registerDiagnosticsProvider(ctx => provider)` in lsp/extensions.ts. The factory gets the
 * ServerContext (settings, trust, refreshDiagnostics, watchFiles) and may return undefined to stay off.
 */
import type { Finding } from '../engine/findings.js';
import type { IndexReader } from '../engine/workspace/index.js';
import type { ServerContext } from './context.js';

export interface DiagnosticsProvider {
  /** Stable id, used in logs. */
  id: string;
  provide(uri: string, index: IndexReader, signal: AbortSignal): Promise<Finding[]>;
}

export type DiagnosticsProviderFactory = (ctx: ServerContext) => DiagnosticsProvider | undefined;

const factories: DiagnosticsProviderFactory[] = [];

export function registerDiagnosticsProvider(factory: DiagnosticsProviderFactory): void {
  factories.push(factory);
}

export function createDiagnosticsProviders(ctx: ServerContext): DiagnosticsProvider[] {
  const out: DiagnosticsProvider[] = [];
  for (const f of factories) {
    try {
      const p = f(ctx);
      if (p) out.push(p);
    } catch (e) {
      ctx.log(`A diagnostics provider could not start: ${(e as Error)?.stack ?? e}`);
    }
  }
  return out;
}
