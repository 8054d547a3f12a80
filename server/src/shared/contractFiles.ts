/**
 * Which YAML files are contracts. By name (`*.odcs.yaml`, `*.contract.yaml`, `datacontract*.yaml`) or by content
 * (`kind: DataContract`, `dataContractSpecification:`); any other YAML file is left alone.
 *
 * Shared: the language server decides with it what to analyse, the extension which files to list in the Test
 * Explorer and when to show the contract commands, so the two never disagree about what a contract is.
 */

/** ODCS (Open Data Contract Standard) or DCS (Data Contract Specification). */
export type ContractFormat = 'odcs' | 'dcs';

const CONTRACT_NAME = /(\.odcs\.ya?ml|\.contract\.ya?ml|(^|[\\/])datacontract[^\\/]*\.ya?ml)$/i;

/** Glob patterns matching contract file names (for editors' document selectors and watchers). */
export const CONTRACT_GLOBS = ['**/*.odcs.yaml', '**/*.odcs.yml', '**/*.contract.yaml', '**/*.contract.yml', '**/datacontract*.yaml', '**/datacontract*.yml'];

export function isContractFileName(pathOrUri: string): boolean {
  return CONTRACT_NAME.test(pathOrUri);
}

export function isYamlFileName(pathOrUri: string): boolean {
  return /\.ya?ml$/i.test(pathOrUri);
}

/** Looks at the first top-level keys only: cheap enough to run on every YAML file of a workspace. */
export function detectFormatFromText(text: string): ContractFormat | undefined {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (/^dataContractSpecification\s*:/m.test(head)) return 'dcs';
  if (/^kind\s*:\s*['"]?DataContract['"]?\s*(#.*)?$/m.test(head)) return 'odcs';
  if (/^apiVersion\s*:\s*['"]?v3\./m.test(head)) return 'odcs';
  return undefined;
}

/** A file is analysed when its name says contract, or when it is YAML whose content says so. */
export function isContract(pathOrUri: string, text: string): boolean {
  return isContractFileName(pathOrUri) || (isYamlFileName(pathOrUri) && detectFormatFromText(text) !== undefined);
}
