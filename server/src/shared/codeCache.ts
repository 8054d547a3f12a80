/**
 * The one name shared by the launcher (launcher/codeCache.ts), which owns V8's code cache of the bundle, and the
 * code that knows when the start is over. The language server calls `codeCacheCheckpoint()` once `initialize` is
 * answered, so that its cache holds what the start compiled and no more: a cache also holding the warm-up's engine
 * functions is larger and slower to load at every start, while the warm-up compiles them in idle time anyway.
 * Without the launcher (tests from sources, `node dist/contractlens-core.js`) nothing happens.
 */
export const CODE_CACHE_CHECKPOINT = Symbol.for('contractlens.codeCacheCheckpoint');

export function codeCacheCheckpoint(): void {
  const save = (globalThis as Record<symbol, unknown>)[CODE_CACHE_CHECKPOINT];
  if (typeof save === 'function') save();
}
