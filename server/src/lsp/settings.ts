/**
 * Settings flow one way, as in vscode-eslint: the server pulls the `contractlens` section per resource
 * (workspace/configuration with scopeUri) and caches it until didChangeConfiguration says it changed. Clients
 * without workspace/configuration get the defaults. What the settings are, and their defaults: shared/settings.ts.
 */
import type { Connection } from './languageServer.js';
import type { SensitivePolicy } from '../engine/data/sensitive.js';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../shared/settings.js';

const CONFIGURATION_TIMEOUT_MS = 5000;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pull = false;

  constructor(private readonly connection: Connection) {}

  /** Called at initialize with what the client can do. */
  setClientSupportsConfiguration(yes: boolean): void {
    this.pull = yes;
  }

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.cache.get(uri);
    if (!s) {
      const pulled = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'contractlens' }).then(readSettings, (e) => {
        this.connection.console.warn(`Could not read the contractlens settings for ${uri}: ${String(e)}`);
        return DEFAULT_SETTINGS;
      });
      // A client that never answers must not stop diagnostics: after a while the defaults apply.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<Settings>((resolve) => {
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

/** `contractlens.showSensitiveData` and `contractlens.sensitiveClassifications` as the engine's masking policy. */
export function sensitivePolicy(settings: Settings): SensitivePolicy {
  return { include: settings.showSensitiveData, classifications: settings.sensitiveClassifications };
}
