/**
 * One glob implementation for contract paths (CLI) and data paths (servers' `path`): the same pattern matches the
 * same files in both, nested braces and negated brackets included (the data side used to split braces naively).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { expandGlob as cliGlob } from '../../server/src/cli/glob.ts';
import { expandGlob as dataGlob } from '../../server/src/engine/data/files.ts';
import { scratchDir } from '../helpers/paths.ts';

test('a pattern matches the same files for the CLI and for data paths', async () => {
  const dir = scratchDir('cl-glob-');
  mkdirSync(join(dir, 'd', 'sub'), { recursive: true });
  for (const f of ['x.csv', 'y1.csv', 'y2.csv', 'y3.csv', 'z.csv', 'sub/w.csv']) writeFileSync(join(dir, 'd', f), 'a\n1\n');
  const cases: [string, string[]][] = [
    ['d/{x,y{1,2}}.csv', ['x.csv', 'y1.csv', 'y2.csv']],
    ['d/[!xz]*.csv', ['y1.csv', 'y2.csv', 'y3.csv']],
    ['d/y?.csv', ['y1.csv', 'y2.csv', 'y3.csv']],
    ['d/**/*.csv', ['w.csv', 'x.csv', 'y1.csv', 'y2.csv', 'y3.csv', 'z.csv']],
  ];
  for (const [pattern, expected] of cases) {
    const fromCli = (await cliGlob(pattern, dir)).map((f) => basename(f)).sort();
    const fromData = dataGlob(join(dir, pattern)).map((f) => basename(f)).sort();
    assert.deepEqual(fromCli, expected, `cli ${pattern}`);
    assert.deepEqual(fromData, expected, `data ${pattern}`);
  }
});
