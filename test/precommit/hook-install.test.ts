/**
 * How pre-commit installs a `language: node` hook repository, step by step (pre_commit/languages/node.py):
 *
 *   npm install --include=dev --include=prod --ignore-prepublish --no-progress --no-save   (in a clone of the repo)
 *   pkg=$(npm pack)                                                                         (stdout = the file name)
 *   npm install -g "$pkg"                                                                    (hook env = that prefix)
 *
 * then runs the hook's `entry` from the prefix's bin/. `npm pack` runs our `prepare` script (the build); in the
 * foreground npm prints a "> contract-lens@… prepare" banner on stdout before the file name, which pre-commit then
 * takes as part of the path and the install fails (ENOENT). The repository's .npmrc keeps scripts in the background.
 * Here: a copy of the repository's files (tracked or not ignored) (node_modules linked, so the first step is already done), the same `npm pack`,
 * the same global install into a scratch prefix (from npm's cache when possible), and the hook entry run from it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ROOT, scratchDir } from '../helpers/paths.ts';

function npm(cwd: string, args: string[]) {
  return spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

test('the hook repository installs the way pre-commit installs it, and the lint hook entry runs from the install', { timeout: 300_000 }, (t) => {
  const repo = scratchDir('cl-hookrepo-');
  const work = scratchDir('cl-hookwork-');
  t.after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const tracked = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of tracked) {
    if (!existsSync(join(ROOT, f))) continue;
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(repo, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');

  const pack = npm(repo, ['pack']);
  assert.equal(pack.status, 0, pack.stderr);
  const pkg = pack.stdout.trim();
  assert.match(pkg, /^contract-lens-[\w.-]+\.tgz$/, `npm pack stdout must be the file name alone (pre-commit uses it as a path):\n${pack.stdout}`);

  const prefix = join(repo, '.hook-env');
  const install = npm(repo, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(repo, pkg)]);
  assert.equal(install.status, 0, install.stderr);

  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string }[];
  const [exe, ...entryArgs] = hooks.find((h) => h.id === 'contractlens-lint')!.entry.split(/\s+/);
  const bin = join(prefix, 'bin', exe!);
  const contract = 'apiVersion: v3.1.0\nkind: DataContract\nid: urn:t:x\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    properties:\n      - name: a\n        logicalType: string\n';
  writeFileSync(join(work, 'ok.odcs.yaml'), contract);
  writeFileSync(join(work, 'bad.odcs.yaml'), contract.replace('logicalType: string', 'logicalType: strng'));
  const ok = spawnSync(bin, [...entryArgs, 'ok.odcs.yaml'], { cwd: work, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const bad = spawnSync(bin, [...entryArgs, 'bad.odcs.yaml'], { cwd: work, encoding: 'utf8' });
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /^bad\.odcs\.yaml:10:22 {2}error .*CL023$/m);
});
