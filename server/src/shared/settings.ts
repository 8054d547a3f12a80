/**
 * The `contractlens.*` settings, declared once. Both sides read them with `readSettings(raw)`: the language server
 * from what workspace/configuration returns, the extension from `vscode.workspace.getConfiguration('contractlens')`.
 * Every default is applied here and nowhere else; a value of the wrong type or out of range falls back to it.
 *
 * To add a setting:
 *   1. add one line to SETTINGS below (its key under `contractlens.`, JSON type, default, enum or bounds);
 *   2. declare the same key in package.json `contributes.configuration` (test/shared/settings.test.ts compares the
 *      two key for key: type, default, enum, minimum, maximum);
 *   3. read it as `settings.<name>` where it is needed. Never read `raw` directly.
 *
 * This folder (server/src/shared/) is owned by neither side: it imports nothing from the engine, the LSP layer, the
 * CLI or the extension at run time (type-only imports of engine result shapes are allowed in protocol.ts).
 */

/** How one setting is declared in package.json, and how its value is read. */
interface SettingSpec<T> {
  /** Key under `contractlens.` (dotted for nested settings, e.g. `diff.enabled`). */
  key: string;
  /** The JSON Schema `type` declared in package.json. */
  type: string | string[];
  default: T;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  read(value: unknown): T;
}

function boolean(key: string, dflt: boolean): SettingSpec<boolean> {
  return { key, type: 'boolean', default: dflt, read: (v) => (typeof v === 'boolean' ? v : dflt) };
}

function integer(key: string, dflt: number, bounds: { minimum?: number; maximum?: number }): SettingSpec<number> {
  return { key, type: 'integer', default: dflt, ...bounds, read: (v) => (inRange(v, bounds) ? v : dflt) };
}

/** An integer that may be unset (null: the engine's own default). */
function optionalInteger(key: string, bounds: { minimum?: number; maximum?: number }): SettingSpec<number | null> {
  return { key, type: ['integer', 'null'], default: null, ...bounds, read: (v) => (inRange(v, bounds) ? v : null) };
}

function text(key: string, dflt: string): SettingSpec<string> {
  return { key, type: 'string', default: dflt, read: (v) => (typeof v === 'string' ? v : dflt) };
}

/** A string that may be unset; the empty string means unset too (what a user gets by clearing the field). */
function optionalText(key: string): SettingSpec<string | null> {
  return { key, type: ['string', 'null'], default: null, read: (v) => (typeof v === 'string' && v.trim() !== '' ? v : null) };
}

function choice<const E extends readonly string[]>(key: string, values: E, dflt: E[number]): SettingSpec<E[number]> {
  return { key, type: 'string', default: dflt, enum: values, read: (v) => (values.includes(v as string) ? (v as E[number]) : dflt) };
}

function stringList(key: string, dflt: readonly string[] = []): SettingSpec<string[]> {
  return { key, type: 'array', default: [...dflt], read: (v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [...dflt]) };
}

function inRange(v: unknown, b: { minimum?: number; maximum?: number }): v is number {
  return typeof v === 'number' && Number.isInteger(v) && (b.minimum === undefined || v >= b.minimum) && (b.maximum === undefined || v <= b.maximum);
}

/** The one default of every data-access limit (the CLI's `--timeout` and the editor's `queryTimeoutMs` alike). */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

export const SETTINGS = {
  validate: boolean('validate', true),
  drift: boolean('drift', true),
  /** `lint` and `drift` are older spellings of `off`: both already run as you type. */
  checkOnSave: choice('checkOnSave', ['off', 'lint', 'drift', 'checks'] as const, 'off'),
  previewLimit: integer('previewLimit', 100, { minimum: 1, maximum: 10_000 }),
  sampleCount: integer('sampleCount', 5, { minimum: 0, maximum: 1000 }),
  queryTimeoutMs: integer('queryTimeoutMs', DEFAULT_QUERY_TIMEOUT_MS, { minimum: 100 }),
  duckdbThreads: optionalInteger('duckdbThreads', { minimum: 1, maximum: 256 }),
  duckdbMemoryLimit: optionalText('duckdbMemoryLimit'),
  allowedDataPaths: stringList('allowedDataPaths'),
  /** Masking of sensitive columns (engine/data/sensitive.ts). */
  showSensitiveData: boolean('showSensitiveData', false),
  sensitiveClassifications: stringList('sensitiveClassifications', ['pii', 'sensitive', 'restricted', 'confidential']),
  dataRoot: optionalText('dataRoot'),
  server: optionalText('server'),
  diffEnabled: boolean('diff.enabled', false),
  breakingChangeBase: text('breakingChangeBase', ''),
  traceServer: choice('trace.server', ['off', 'messages', 'verbose'] as const, 'off'),
} as const;

export type SettingName = keyof typeof SETTINGS;

/** Every `contractlens.*` setting, typed, with its default applied. */
export type Settings = { readonly [K in SettingName]: ReturnType<(typeof SETTINGS)[K]['read']> };

/**
 * The settings from what a client sent for the `contractlens` section: nested objects (`{ diff: { enabled } }`, as
 * VS Code sends them) or flat dotted keys (`{ 'diff.enabled': true }`, as some clients do). Anything else: defaults.
 */
export function readSettings(raw: unknown): Settings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, SettingSpec<unknown>][]) out[name] = spec.read(lookup(source, spec.key));
  return out as Settings;
}

export const DEFAULT_SETTINGS: Settings = readSettings(undefined);

function lookup(source: Record<string, unknown>, key: string): unknown {
  if (key in source) return source[key];
  let at: unknown = source;
  for (const part of key.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
