/**
 * `contractlens/databaseServers`: the database servers a contract (or the workspace) names, each with the key its
 * login is kept under and its connection state. Reads only the contracts (and `${VAR}`s of server fields): it answers
 * in an untrusted workspace too, with the state `untrusted`.
 */
import { databaseServersOf } from '../../engine/data/logins.js';
import { DatabaseServersRequest, type DatabaseServersParams, type DatabaseServersResponse } from '../../shared/protocol.js';
import type { CustomRequest } from '../customRequests.js';

export const databaseServersRequest: CustomRequest<DatabaseServersParams, DatabaseServersResponse> = {
  type: DatabaseServersRequest,
  handle(params, ctx) {
    const uri = typeof params?.uri === 'string' ? params.uri : undefined;
    const contracts = uri ? [ctx.index.contract(uri)].filter((c) => c !== undefined) : [...ctx.index.contracts()];
    const seen = new Set<string>();
    const servers: DatabaseServersResponse['servers'] = [];
    for (const contract of contracts) {
      for (const server of databaseServersOf(contract)) {
        if (seen.has(server.key)) continue;
        seen.add(server.key);
        servers.push(ctx.logins.status(server, ctx.workspaceTrusted()));
      }
    }
    return { servers };
  },
};
