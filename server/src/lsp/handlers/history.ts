/**
 * `contractlens/history`: a contract's recorded runs per rule (engine/history/forContract.ts), for the Test
 * Explorer message, the hover and the Show Rule History chart. Translation only. It opens a DuckDB file, so an
 * untrusted workspace gets RequestError.Untrusted.
 */
import { uriToPath } from '../../engine/workspace/index.js';
import { ResponseError } from '../languageServer.js';
import { HistoryRequest, RequestError, type HistoryParams, type HistoryResponse } from '../../shared/protocol.js';
import type { ServerContext } from '../context.js';
import type { CustomRequest } from '../customRequests.js';

export const historyRequest: CustomRequest<HistoryParams, HistoryResponse> = {
  type: HistoryRequest,
  async handle(params, ctx: ServerContext) {
    if (!ctx.workspaceTrusted()) throw new ResponseError(RequestError.Untrusted, 'History is read from a DuckDB file: trust the workspace first.');
    const uri = typeof params?.uri === 'string' ? params.uri : undefined;
    const path = uri ? uriToPath(uri) : undefined;
    const contract = path ? ctx.index.contract(uri!) : undefined;
    if (!uri || !path || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(params?.uri)}`);
    const lastRuns = params.lastRuns === undefined ? 20 : Number(params.lastRuns);
    if (!Number.isInteger(lastRuns) || lastRuns < 1 || lastRuns > 10_000) throw new ResponseError(RequestError.InvalidParams, `lastRuns must be a whole number from 1 to 10000, got ${String(params.lastRuns)}`);
    const { contractHistory } = await import('../../engine/history/forContract.js');
    try {
      return await contractHistory(path, contract.id?.value, { rule: typeof params.rule === 'string' ? params.rule : undefined, lastRuns });
    } catch (e) {
      throw new ResponseError(RequestError.Failed, `Cannot read the history: ${(e as Error).message}`);
    }
  },
};
