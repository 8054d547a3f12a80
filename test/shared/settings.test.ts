/**
 * The settings are declared once (server/src/shared/settings.ts) and must say exactly what package.json's
 * `contributes.configuration` says, key for key: a setting the user can see but the code ignores (or the reverse),
 * or two defaults for one key, fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataAccessFromSettings, DEFAULT_QUERY_TIMEOUT_MS } from '../../server/src/shared/dataAccess.ts';
import { DEFAULT_SETTINGS, readSettings, SETTINGS } from '../../server/src/shared/settings.ts';
import { ROOT } from '../helpers/paths.ts';

const declared: Record<string, Record<string, unknown>> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties;
const specs = Object.values(SETTINGS) as unknown as { key: string; type: unknown; default: unknown; enum?: readonly string[]; minimum?: number; maximum?: number }[];

test('every setting in package.json is declared in shared/settings.ts, and the reverse', () => {
  const inPackage = Object.keys(declared).map((k) => k.replace(/^contractlens\./, '')).sort();
  const inCode = specs.map((s) => s.key).sort();
  assert.deepEqual(inCode, inPackage);
});

test('type, default, enum and bounds agree for every setting', () => {
  for (const s of specs) {
    const p = declared[`contractlens.${s.key}`]!;
    assert.deepEqual(s.type, p.type, `${s.key}: type`);
    assert.deepEqual(s.default, p.default, `${s.key}: default`);
    assert.deepEqual(s.enum, p.enum, `${s.key}: enum`);
    assert.equal(s.minimum, p.minimum, `${s.key}: minimum`);
    assert.equal(s.maximum, p.maximum, `${s.key}: maximum`);
    // What readSettings gives when nothing is set is the declared default.
    const name = Object.entries(SETTINGS).find(([, v]) => v.key === s.key)![0] as keyof typeof DEFAULT_SETTINGS;
    assert.deepEqual(DEFAULT_SETTINGS[name], p.default, `${s.key}: readSettings default`);
  }
});

test('checkOnSave defaults to the value whose description says nothing more runs on save', () => {
  const p = declared['contractlens.checkOnSave']!;
  const descriptions = p.enumDescriptions as string[];
  const index = (p.enum as string[]).indexOf(p.default as string);
  assert.match(descriptions[index]!, /^Nothing more on save/);
  assert.equal(DEFAULT_SETTINGS.checkOnSave, 'off');
});

test('contractlens.dataRoot, read by the server, is declared', () => {
  assert.ok(declared['contractlens.dataRoot']);
  assert.equal(readSettings({ dataRoot: '/data' }).dataRoot, '/data');
  assert.equal(dataAccessFromSettings(readSettings({ dataRoot: '/data' }), '/ws').root, '/data');
  assert.equal(dataAccessFromSettings(readSettings({ dataRoot: '' }), '/ws').root, '/ws');
});

test('readSettings reads nested (VS Code) and flat dotted keys, and falls back to the default on bad values', () => {
  assert.equal(readSettings({ diff: { enabled: true } }).diffEnabled, true);
  assert.equal(readSettings({ 'diff.enabled': true }).diffEnabled, true);
  assert.equal(readSettings({ trace: { server: 'verbose' } }).traceServer, 'verbose');
  const bad = readSettings({ validate: 'no', previewLimit: 0, sampleCount: 1.5, queryTimeoutMs: -1, duckdbThreads: 'four', checkOnSave: 'always', allowedDataPaths: ['/a', 3], server: '  ' });
  assert.equal(bad.validate, true);
  assert.equal(bad.previewLimit, 100);
  assert.equal(bad.sampleCount, 5);
  assert.equal(bad.queryTimeoutMs, DEFAULT_QUERY_TIMEOUT_MS);
  assert.equal(bad.duckdbThreads, null);
  assert.equal(bad.checkOnSave, 'off');
  assert.deepEqual(bad.allowedDataPaths, ['/a']);
  assert.equal(bad.server, null);
  for (const raw of [undefined, null, 42, 'x', []]) assert.deepEqual(readSettings(raw), DEFAULT_SETTINGS);
});
