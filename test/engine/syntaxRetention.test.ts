/**
 * What a parsed document keeps alive (engine/syntax/strings.ts). V8 makes a slice of 13 characters or more a view
 * into the string it was cut from, so a short key kept in a process-wide table, or a value kept in a document's
 * tree, can keep a whole document text alive. A heap snapshot of the fuzz server (RSS above 300 MB) found old
 * versions of a 1.8 MB document held only by 20-character keys in the process-wide intern table.
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
