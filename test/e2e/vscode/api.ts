/** The extension's exported API (client/src/extension.ts), activated on demand. */
import * as vscode from 'vscode';
import type { ContractLensApi } from '../../../client/src/extension.js';

export const EXTENSION_ID = 'contractlens.contract-lens';

export async function extensionApi(): Promise<ContractLensApi> {
  const ext = vscode.extensions.getExtension<ContractLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the extension host`);
  return ext.activate();
}
