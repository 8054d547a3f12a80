/**
 * The bad inputs of issue 2, written into a scratch folder (large ones are generated, never committed). Each entry
 * says what a user must be told: the finding code and the 1-based line it must point at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Plain ESM shared with the benchmarks (realistic generated contracts); tests are CommonJS, so a dynamic import. */
interface Generator {
  generateContract(lines: number, options?: { name?: string; propsPerTable?: number }): string;
}
async function generator(): Promise<Generator> {
  return (await import('../../bench/generate.mjs')) as Generator;
}

export interface BadFile {
  name: string;
  /** What the file is, for test names. */
  what: string;
  /** Expected finding code and 1-based line; undefined: must lint with no error. */
  expect?: { code: string; line: number; message?: RegExp };
}

const HEAD = 'apiVersion: v3.1.0\nkind: DataContract\nid: urn:test:bad\nversion: 1.0.0\nstatus: active\n';

export async function writeBadFiles(dir: string): Promise<BadFile[]> {
  const { generateContract } = await generator();
  const files: BadFile[] = [];
  const put = (name: string, content: string | Buffer, what: string, expect?: BadFile['expect']) => {
    writeFileSync(join(dir, name), content);
    files.push({ name, what, expect });
  };

  put('empty.odcs.yaml', '', 'an empty file', { code: 'CL005', line: 1 });

  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  put('image.odcs.yaml', png, 'a binary file', { code: 'CL004', line: 3, message: /binary/ });

  const latin1 = Buffer.concat([Buffer.from(HEAD + 'description:\n  purpose: "Stra'), Buffer.from([0xdf]), Buffer.from('e und Hausnummer"\n')]);
  put('latin1.odcs.yaml', latin1, 'invalid UTF-8 (Latin-1 byte on line 7)', { code: 'CL004', line: 7, message: /UTF-8/ });

  const clean = HEAD + 'schema:\n  - name: strasse\n    description: "Straße – Übersicht"\n';
  put('utf16le.odcs.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean, 'utf16le')]), 'UTF-16 LE with a BOM');
  put('utf16be.odcs.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(clean, 'utf16le').swap16()]), 'UTF-16 BE with a BOM');
  put('utf8bom.odcs.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clean)]), 'UTF-8 with a BOM');

  // 100,000 lines; a duplicate key near the end proves positions are right that far down.
  const big = generateContract(100_000, { name: 'huge' }).split('\n');
  const at = big.findIndex((l, i) => i > 99_000 && l.startsWith('        description: Column'));
  big.splice(at + 1, 0, big[at]);
  put('huge.odcs.yaml', big.join('\n'), 'a 100,000-line contract', { code: 'CL002', line: at + 2 });

  // Billion laughs: 9 levels of 9 aliases each would expand to 387 million nodes.
  let bomb = HEAD + 'tags: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i <= 9; i++) bomb += `x${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  const bombStart = HEAD.split('\n').length; // 1-based line of the first alias level (x1)
  put('bomb.odcs.yaml', bomb, 'an alias bomb (billion laughs)', { code: 'CL003', line: -bombStart });

  // A YAML syntax error on line 3000 of an otherwise good contract.
  // Comment lines shift a property key onto line 3000; ` x: y` after its value is a nested mapping YAML forbids.
  const lines = generateContract(3500, { name: 'syntax' }).split('\n');
  let key = 2999;
  while (!/^ {8}[a-zA-Z]+:/.test(lines[key])) key--;
  lines.splice(key, 0, ...Array<string>(2999 - key).fill('        # padding'));
  lines[2999] += ' x: y';
  put('syntax3000.odcs.yaml', lines.join('\n'), 'a YAML syntax error on line 3000', { code: 'CL001', line: 3000 });

  mkdirSync(join(dir, 'folder.odcs.yaml'));
  return files;
}
