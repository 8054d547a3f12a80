/** engine/git against a real scratch repository: batch reads, missing paths, odd names, unknown refs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultBase, listFilesAt, readFileAt, readFilesAt, repositoryRoot, resolveCommit } from '../../server/src/engine/git/git.ts';
import { git, makeRepo } from './helpers.ts';

test('readFilesAt reads many files in one process, exactly as committed; missing paths are undefined', async () => {
  const files: Record<string, string> = { 'a b/with space.odcs.yaml': 'id: spaced\n', 'bin.dat': '\u0000\u0001\u00ff binary\n', 'ü/ünïcode.yaml': 'x: ü\n' };
  for (let i = 0; i < 150; i++) files[`many/c${i}.odcs.yaml`] = `id: c${i}\n${'x'.repeat(i)}\n`;
  const repo = makeRepo(files);
  const root = (await repositoryRoot(repo))!;
  const head = (await resolveCommit(root, 'HEAD'))!;
  const paths = [...Object.keys(files), 'nope.yaml', 'many'];
  const got = await readFilesAt(root, head, paths);
  for (const [p, text] of Object.entries(files)) assert.equal(got.get(p)?.toString('utf8'), text, p);
  assert.equal(got.get('nope.yaml'), undefined);
  assert.equal(got.get('many'), undefined, 'a folder is not a file');
  assert.equal((await readFileAt(root, head, 'a b/with space.odcs.yaml'))?.toString('utf8'), 'id: spaced\n');
  assert.equal((await listFilesAt(root, head, ['many'])).length, 150);
});

test('refs: unknown and option-like refs resolve to nothing; the default base follows main', async () => {
  const repo = makeRepo({ 'c.odcs.yaml': 'id: c\n' });
  assert.equal(await resolveCommit(repo, 'no-such-ref'), undefined);
  assert.equal(await resolveCommit(repo, '--all'), undefined);
  assert.equal((await defaultBase(repo))?.ref, 'HEAD', 'on main itself, the base is HEAD');
  git(repo, 'checkout', '-q', '-b', 'topic');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'topic work');
  const base = (await defaultBase(repo))!;
  assert.equal(base.ref, 'main');
  assert.equal(base.commit, git(repo, 'rev-parse', 'main').trim());
  assert.equal(await repositoryRoot('/'), undefined);
});
