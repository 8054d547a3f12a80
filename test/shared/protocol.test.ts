/**
 * One owner for the custom protocol: every `contractlens/…` method name is written once, in
 * server/src/shared/protocol.ts, and both sides use its RequestType objects; error codes are distinct per cause.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import * as protocol from '../../server/src/shared/protocol.ts';
import { RequestError } from '../../server/src/shared/protocol.ts';
import { ROOT } from '../helpers/paths.ts';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? tsFiles(f) : n.endsWith('.ts') ? [f] : [];
  });
}

test('method names appear as strings only in shared/protocol.ts', () => {
  const offenders: string[] = [];
  for (const file of [...tsFiles(join(ROOT, 'server', 'src')), ...tsFiles(join(ROOT, 'client', 'src'))]) {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (rel === 'server/src/shared/protocol.ts') continue;
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const m of code.matchAll(/['"`]contractlens\/[A-Za-z]+['"`]/g)) offenders.push(`${rel}: ${m[0]}`);
  }
  assert.deepEqual(offenders, []);
});

test('every request and notification has its own method', () => {
  const methods = (Object.values(protocol) as unknown[])
    .filter((v): v is { method: string } => typeof v === 'object' && v !== null && typeof (v as { method?: unknown }).method === 'string')
    .map((v) => v.method);
  assert.ok(methods.length >= 8, methods.join(', '));
  assert.equal(new Set(methods).size, methods.length);
  for (const m of methods) assert.match(m, /^contractlens\/[a-zA-Z]+$/);
});

test('error codes are distinct, positive, and "not a contract" is not "bad parameter"', () => {
  const codes = Object.values(RequestError).filter((v): v is number => typeof v === 'number');
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(codes.every((c) => c > 0));
  assert.notEqual(RequestError.NotAContract, RequestError.InvalidParams);
});
