/** Which files are contracts: declared in shared/ (the extension asks the same question). */
export { CONTRACT_GLOBS, detectFormatFromText, isContract, isContractFileName, isYamlFileName } from '../../shared/contractFiles.js';
