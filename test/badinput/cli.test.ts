/**
 * Bad input through the real CLI as a child process: every file gives a clear finding at the right line, or a clear
 * message and exit 2; nothing crashes (no stack trace, no signal) and nothing hangs (each run is bounded in time).
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scratchDir } from '../helpers/paths.ts';
import { ensureBuilt, runCli, type CliResult } from '../cli/cliRunner.ts';
import { writeBadFiles, type BadFile } from './badFiles.ts';

interface LintJson {
  files: { path: string; diagnostics: { code: string; severity: string; message: string; line: number }[] }[];
}

const dir = scratchDir('cl-badinput-');
let files: BadFile[] = [];

before(async () => {
  ensureBuilt();
  files = await writeBadFiles(dir);
});

// The generated files are large: do not leave them behind.
after(() => rmSync(dir, { recursive: true, force: true }));

function assertNoCrash(r: CliResult): void {
  assert.equal(r.signal, null, 'not killed');
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at .*\(.*:\d+:\d+\)/, `no stack trace:\n${r.stderr}`);
}

describe('bad files through `contractlens lint`', () => {
  // One test per file, generated after `before` wrote them: the list is fixed, so name them here.
  for (const name of ['empty', 'image', 'latin1', 'utf16le', 'utf16be', 'utf8bom', 'huge', 'bomb', 'syntax3000']) {
    test(`${name}.odcs.yaml`, { timeout: 90_000 }, async () => {
      const f = files.find((x) => x.name === `${name}.odcs.yaml`)!;
      const r = await runCli(['lint', '--format', 'json', f.name], { cwd: dir, timeoutMs: 60_000 });
      assertNoCrash(r);
      const diags = (JSON.parse(r.stdout) as LintJson).files[0].diagnostics;
      if (!f.expect) {
        assert.deepEqual(diags.filter((d) => d.severity === 'error'), [], `${f.what} lints without error`);
        assert.equal(r.status, 0);
        return;
      }
      const hit = diags.find((d) => d.code === f.expect!.code);
      assert.ok(hit, `${f.what}: expected ${f.expect.code}, got ${JSON.stringify(diags)}`);
      if (f.expect.line > 0) assert.equal(hit.line, f.expect.line, `${f.what}: line`);
      else assert.ok(hit.line >= -f.expect.line, `${f.what}: at or after line ${-f.expect.line}, got ${hit.line}`);
      if (f.expect.message) assert.match(hit.message, f.expect.message);
      assert.equal(r.status, 1);
      // The text format shows the same line in its code frame.
      const text = await runCli(['lint', f.name], { cwd: dir, timeoutMs: 60_000 });
      assertNoCrash(text);
      assert.match(text.stdout, new RegExp(`^${f.name.replace('.', '\\.')}:${hit.line}:\\d+  error  .*  ${hit.code}$`, 'm'));
    });
  }

  test('invalid UTF-8: the code frame shows the offending line', async () => {
    const r = await runCli(['lint', 'latin1.odcs.yaml'], { cwd: dir });
    assert.match(r.stdout, /^ {2}7 \| {3}purpose: "Stra\uFFFDe und Hausnummer"$/m);
  });

  test('a directory instead of a file: exit 2 and a message saying so', async () => {
    const r = await runCli(['lint', 'folder.odcs.yaml'], { cwd: dir });
    assertNoCrash(r);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /folder\.odcs\.yaml is a folder with no contract files in it/);
  });

  test('a missing file: exit 2 and a message naming it', async () => {
    const r = await runCli(['lint', 'gone.odcs.yaml'], { cwd: dir });
    assertNoCrash(r);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read gone\.odcs\.yaml: no such file/);
  });

  test('a device is refused, not read forever', { timeout: 20_000 }, async () => {
    const r = await runCli(['lint', '/dev/zero'], { timeoutMs: 10_000 });
    assertNoCrash(r);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read \/dev\/zero: not a regular file/);
  });

  test('a file larger than the 64 MiB cap is refused without being read', async () => {
    const path = join(dir, 'sparse.odcs.yaml');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 65 * 1024 * 1024); // sparse: costs no disk
    closeSync(fd);
    const r = await runCli(['lint', '-f', 'json', 'sparse.odcs.yaml'], { cwd: dir, timeoutMs: 10_000 });
    assertNoCrash(r);
    const diags = (JSON.parse(r.stdout) as LintJson).files[0].diagnostics;
    assert.equal(diags[0]?.code, 'CL004');
    assert.match(diags[0].message, /larger than the 64 MiB/);
  });

  test('all bad files at once: every one reported, the run finishes', { timeout: 120_000 }, async () => {
    const r = await runCli(['lint', '-f', 'json', ...files.map((f) => f.name)], { cwd: dir, timeoutMs: 90_000 });
    assertNoCrash(r);
    assert.equal(r.status, 1);
    assert.deepEqual((JSON.parse(r.stdout) as LintJson).files.map((f) => f.path), files.map((f) => f.name));
  });
});
