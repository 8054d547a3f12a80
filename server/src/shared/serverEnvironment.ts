/**
 * The environment the language server process starts with: one owner, used by whatever spawns it (the VS Code client,
 * the test client, the benches). Editors that run `contractlens lsp --stdio` themselves can set the same variables
 * (README.md, "Use it from any editor").
 *
 * Why: glibc's allocator is where much of a long editing session's memory stayed. After a 1,500-document fuzz run the
 * server's RSS outside V8's heap was ~100 MB against ~53 MB for a fresh server with the same documents open. glibc
 * raises its mmap threshold after freeing a large block (up to 32 MB), so later large buffers (1 MB messages, the
 * compiler's zones) come from arenas it does not hand back, and it keeps up to 8 arenas per core for V8's helper
 * threads. With a fixed 128 KB threshold and two arenas: 62 MB against 44 MB (bench/README.md, "Issue 13, session 5").
 */
export const SERVER_ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** `base` (usually process.env) with the allocator settings added; a value the user set wins. */
export function serverEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...SERVER_ALLOCATOR_ENV, ...base };
}
