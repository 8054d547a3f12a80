/**
 * The launcher's V8 code cache (server/src/launcher/codeCache.ts), through the real CLI: a cache is written, then
 * used; a corrupt, truncated, foreign or unusable one is never used and the command's output is the same; a changed
 * bundle never finds the old bundle's cache; an unwritable cache directory changes nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { ROOT, scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli, type CliResult } from './cliRunner.ts';

before(() => ensureBuilt());

const CONTRACT = 'apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: strin\n';

function setup() {
  const dir = scratchDir('cl-code-cache-');
  const contract = join(dir, 'x.odcs.yaml');
  writeFileSync(contract, CONTRACT);
  const cacheDir = join(dir, 'cache');
  const lint = (env: Record<string, string> = {}) => runCli(['lint', contract], { env: { CONTRACTLENS_CODE_CACHE: cacheDir, CONTRACTLENS_CODE_CACHE_DEBUG: '1', ...env } });
  const cacheFiles = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache')) : []);
  return { dir, cacheDir, lint, cacheFiles };
}

/** What the command printed without the launcher's debug lines. */
const output = (r: CliResult) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/^\[code cache\].*\n/gm, '') });

test('a first run writes the cache, the next uses it, with the same output', async () => {
  const { lint, cacheFiles } = setup();
  const first = await lint();
  assert.match(first.stderr, /\[code cache\] lint: no cache/);
  assert.match(first.stderr, /\[code cache\] saved /);
  assert.equal(first.status, 1, 'the contract has an error');
  assert.match(first.stdout, /CL023/);
  assert.equal(cacheFiles().length, 1);
  assert.match(cacheFiles()[0]!, /^lint-[0-9a-f]{8}-\d+-node[\d.]+-[a-z0-9]+\.v8cache$/);

  const second = await lint();
  assert.match(second.stderr, /\[code cache\] lint: cache accepted/);
  assert.doesNotMatch(second.stderr, /saved/, 'an accepted cache is not written again');
  assert.deepEqual(output(second), output(first));

  const plain = await lint({ CONTRACTLENS_CODE_CACHE: 'off' });
  assert.deepEqual(output(plain), output(first), 'same output without any cache');
});

test('a corrupt, truncated or foreign cache file is never used, and is replaced', async () => {
  const { lint, cacheDir, cacheFiles } = setup();
  const reference = output(await lint());
  const file = join(cacheDir, cacheFiles()[0]!);
  const good = readFileSync(file);

  // One flipped byte in V8's payload: V8 itself would not notice (no checksum in release builds).
  const flipped = Buffer.from(good);
  flipped[flipped.length >> 1] ^= 0xff;
  // A payload with a valid header and checksum that is not V8's data: V8 rejects it.
  const garbage = Buffer.alloc(good.length - 12, 7);
  const foreign = Buffer.alloc(12);
  foreign.write('CLV8CC01', 'latin1');
  foreign.writeUInt32LE(crc32(garbage), 8);
  const cases: [string, Buffer, RegExp][] = [
    ['flipped byte', flipped, /corrupt cache/],
    ['truncated', good.subarray(0, 10), /not a cache/],
    ['truncated payload', good.subarray(0, good.length - 1000), /corrupt cache/],
    ['another file format', Buffer.from('not a code cache at all'), /not a cache/],
    ['valid checksum, not V8 data', Buffer.concat([foreign, garbage]), /cache rejected by V8/],
  ];
  for (const [name, bytes, problem] of cases) {
    writeFileSync(file, bytes);
    const run = await lint();
    assert.match(run.stderr, problem, name);
    assert.deepEqual(output(run), reference, `${name}: same output`);
    assert.match(run.stderr, /\[code cache\] saved /, `${name}: a good cache replaces it`);
    assert.match((await lint()).stderr, /cache accepted/, `${name}: the replacement is used`);
  }
});

test('a changed bundle never uses the cache of the bundle before it', () => {
  const { dir, cacheDir, cacheFiles } = setup();
  const dist = join(dir, 'dist');
  mkdirSync(dist);
  for (const f of ['contractlens.js', 'contractlens-core.js']) copyFileSync(join(ROOT, 'dist', f), join(dist, f));
  const run = () => spawnSync(process.execPath, [join(dist, 'contractlens.js'), '--version'], { encoding: 'utf8', env: { ...process.env, CONTRACTLENS_CODE_CACHE: cacheDir, CONTRACTLENS_CODE_CACHE_DEBUG: '1' } });
  const first = run();
  assert.equal(first.status, 0);
  assert.match(run().stderr, /cache accepted/);
  assert.equal(cacheFiles().length, 1);
  // Same length, other content (the final line break becomes a space): V8 checks only the length of the source.
  const core = join(dist, 'contractlens-core.js');
  const text = readFileSync(core, 'utf8');
  assert.ok(text.endsWith('\n'));
  writeFileSync(core, `${text.slice(0, -1)} `);
  const changed = run();
  assert.equal(changed.status, 0);
  assert.equal(changed.stdout, first.stdout);
  assert.match(changed.stderr, /--version: no cache/, 'the changed bundle has no cache yet');
  assert.equal(cacheFiles().length, 2, 'a cache of its own');
});

test('an unusable cache directory changes nothing', async () => {
  const { dir, lint } = setup();
  const reference = output(await lint({ CONTRACTLENS_CODE_CACHE: 'off' }));
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, '');
  const run = await lint({ CONTRACTLENS_CODE_CACHE: join(blocker, 'cache') });
  assert.deepEqual(output(run), reference);
  assert.match(run.stderr, /not saved/);
  const quiet = await lint({ CONTRACTLENS_CODE_CACHE: join(blocker, 'cache'), CONTRACTLENS_CODE_CACHE_DEBUG: '' });
  assert.equal(quiet.stderr, reference.stderr, 'nothing printed without the debug variable');
});

test('saving a cache prunes old ones: none older than 14 days, at most 24 files', async () => {
  const { cacheDir, lint, cacheFiles } = setup();
  mkdirSync(cacheDir, { recursive: true });
  const old = join(cacheDir, 'lint-00000000-1-node0-x.v8cache');
  writeFileSync(old, 'old');
  const daysAgo = (Date.now() - 15 * 24 * 3600 * 1000) / 1000;
  utimesSync(old, daysAgo, daysAgo);
  for (let i = 0; i < 30; i++) writeFileSync(join(cacheDir, `lint-${String(i).padStart(8, '0')}-2-node0-x.v8cache`), 'other build');
  writeFileSync(join(cacheDir, 'notes.txt'), 'not ours');
  const run = await lint();
  assert.match(run.stderr, /saved/);
  assert.equal(cacheFiles().length, 24);
  assert.ok(!existsSync(old), 'the 15-day-old cache is gone');
  assert.ok(existsSync(join(cacheDir, 'notes.txt')), 'other files are left alone');
  assert.match((await lint()).stderr, /cache accepted/, 'the new cache is kept');
});
