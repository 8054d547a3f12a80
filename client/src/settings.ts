/**
 * The `contractlens.*` settings of a resource, read through the one declaration both sides share
 * (server/src/shared/settings.ts): same keys, same defaults as the language server.
 */
import * as vscode from 'vscode';
import { readSettings, SETTINGS, type Settings } from '../../server/src/shared/settings.js';

export function settingsFor(uri?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration('contractlens', uri);
  return readSettings(Object.fromEntries(Object.values(SETTINGS).map((s) => [s.key, config.get(s.key)])));
}
