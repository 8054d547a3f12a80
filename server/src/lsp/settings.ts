/**
 * Settings flow one way, as in vscode-eslint: the server pulls the `contractlens` section per resource
 * (workspace/configuration with scopeUri) and caches it until didChangeConfiguration says it changed. Clients
 * without workspace/configuration get the defaults.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { SensitivePolicy } from '../engine/data/sensitive.js';

export interface ContractLensSettings {
  /** Lint diagnostics on or off (`contractlens.validate`, default on). */
  validate: boolean;
  /** Every key the client sent under `contractlens`, for features that read their own settings (data, preview…). */
  raw: Readonly<Record<string, unknown>>;
}

const CONFIGURATION_TIMEOUT_MS = 5000;

export const DEFAULT_SETTINGS: ContractLensSettings = { validate: true, raw: {} };

export class SettingsStore {
  private readonly cache = new Map<string, Promise<ContractLensSettings>>();
  private pull = false;

  constructor(private readonly connection: Connection) {}

  /** Called at initialize with what the client can do. */
  setClientSupportsConfiguration(yes: boolean): void {
    this.pull = yes;
  }

  get(uri: string): Promise<ContractLensSettings> {
    if (!this.pull) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.cache.get(uri);
    if (!s) {
      const pulled = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'contractlens' }).then(normalize, (e) => {
        this.connection.console.warn(`Could not read the contractlens settings for ${uri}: ${String(e)}`);
        return DEFAULT_SETTINGS;
      });
      // A client that never answers must not stop diagnostics: after a while the defaults apply.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<ContractLensSettings>((resolve) => {
        timer = setTimeout(() => {
          this.connection.console.warn(`The client did not answer workspace/configuration for ${uri} within ${CONFIGURATION_TIMEOUT_MS} ms: using the default settings.`);
          resolve(DEFAULT_SETTINGS);
        }, CONFIGURATION_TIMEOUT_MS);
        timer.unref();
      });
      s = Promise.race([pulled, late]).finally(() => clearTimeout(timer));
      this.cache.set(uri, s);
    }
    return s;
  }

  /** didChangeConfiguration: everything is pulled again on next use. */
  invalidate(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}

function normalize(value: unknown): ContractLensSettings {
  const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return { validate: raw.validate !== false, raw };
}

/** `contractlens.showSensitiveData` and `contractlens.sensitiveClassifications` as the engine's masking policy. */
export function sensitivePolicy(raw: Readonly<Record<string, unknown>>): SensitivePolicy {
  const classes = Array.isArray(raw.sensitiveClassifications) ? raw.sensitiveClassifications.filter((x): x is string => typeof x === 'string') : undefined;
  return { include: raw.showSensitiveData === true, classifications: classes };
}
