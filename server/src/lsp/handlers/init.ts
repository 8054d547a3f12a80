/**
 * `contractlens/createContract`: a contract inferred from a data file (the engine of `contractlens init --from`).
 * Written as `<name>.odcs.yaml` beside the data file when no such file exists (its uri is returned); otherwise the
 * text is returned for an unsaved editor, so nothing is ever overwritten. Reads data: trusted workspaces only.
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { uriToPath } from '../../engine/workspace/index.js';
import { defaultContractName, inferContractFromFile } from '../../engine/data/infer/fromFile.js';
import { ResponseError } from '../languageServer.js';
import { dataLimitsFromSettings } from '../../shared/dataAccess.js';
import { CreateContractRequest, RequestError, type CreateContractParams, type CreateContractResponse } from '../../shared/protocol.js';
import type { CustomRequest } from '../customRequests.js';

export const createContractRequest: CustomRequest<CreateContractParams, CreateContractResponse> = {
  type: CreateContractRequest,
  async handle(params, ctx) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'Creating a contract reads the data file and is off in an untrusted workspace. Trust the workspace to use it.');
    const dataPath = typeof params?.uri === 'string' ? uriToPath(params.uri) : undefined;
    if (!dataPath) throw new ResponseError(RequestError.InvalidParams, 'createContract needs the file: uri of a data file.');
    const name = params.name ?? defaultContractName(dataPath);
    const target = join(dirname(dataPath), `${name}.odcs.yaml`);
    const inferred = await inferContractFromFile(dataPath, { ...dataLimitsFromSettings(await ctx.settings(params.uri)), name, contractDir: dirname(target) });
    if (!inferred.ok) throw new ResponseError(RequestError.Failed, inferred.message);
    try {
      await fs.writeFile(target, inferred.text, { encoding: 'utf8', flag: 'wx' });
      return { uri: pathToFileURL(target).toString(), text: inferred.text, summary: inferred.summary };
    } catch {
      // The file exists (or the folder is read-only): hand the text over instead of overwriting anything.
      return { text: inferred.text, summary: inferred.summary };
    }
  },
};
