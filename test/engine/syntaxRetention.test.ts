/**
 * What a parsed document keeps alive (engine/syntax/strings.ts). V8 makes a slice of 13 characters or more a view
 * into the string it was cut from, so a short key kept in a process-wide table, or a value kept in a document's
 * tree, can keep a whole document text alive. Two cases were found in heap snapshots of a fuzz run (RSS above
 * 300 MB): the intern table held keys sliced from thousands of old texts, and a document with a blanked long line
 * kept the parser's guarded copy of its text besides the text itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseYaml } from '../../server/src/engine/syntax/parse.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 2 ** 20;

function heapUsedAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A flat string, as a text read from a file or a message is (a template literal builds a rope V8 flattens later). */
const flat = (s: string) => Buffer.from(s).toString();

/** A contract of about 256 KB whose only unique short string is `key` (20 characters, interned). */
function textWith(key: string): string {
  return flat(`apiVersion: v3.0.2\nkind: DataContract\n${key}: 1\ndescription:\n${'  # filler that makes the text large\n'.repeat(7_000)}`);
}

test('parsing many texts does not keep them alive through interned keys', () => {
  const before = heapUsedAfterGc();
  for (let i = 0; i < 40; i++) parseYaml(textWith(`unique_key_${String(i).padStart(9, '0')}`));
  const grown = (heapUsedAfterGc() - before) / MB;
  // 40 texts of ~256 KB: before the fix every one stayed alive (~10 MB); what stays now is 40 short keys.
  assert.ok(grown < 3, `heap grew by ${grown.toFixed(1)} MB after parsing 40 texts of 256 KB and dropping them`);
});

test('a document with a blanked long line keeps one text, not also the guarded copy', () => {
  // Every scalar style: plain, quoted, in flow collections, block.
  const values = Array.from({ length: 500 }, (_, i) => `  p${i}: a plain value long enough not to be interned ${i}\n  q${i}: "a quoted value long enough not to be interned ${i}"\n  f${i}: [a flow item long enough not to be interned ${i}, {key_long_enough_for_a_slice_${i}: v}]\n  b${i}: |\n    a block value long enough not to be interned ${i}\n`).join('');
  const text = flat(`apiVersion: v3.0.2\nkind: DataContract\nblob: ${'x'.repeat(4 * MB)}\ncustom:\n${values}`);
  const before = heapUsedAfterGc();
  const parsed = parseYaml(text);
  const kept = (heapUsedAfterGc() - before) / MB;
  assert.ok(parsed.issues.some((i) => i.code === 'CL019'), 'the long line is blanked');
  // The text itself (4 MB) was allocated before `before`; the tree of 2,500 values is well under 2 MB.
  assert.ok(kept < 3, `the parsed document keeps ${kept.toFixed(1)} MB besides its text`);
});
