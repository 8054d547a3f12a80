/**
 * `contractlens/plan`: the rules a contract's checks will run, per schema object, without running them — so the
 * Test Explorer can list every rule before the first run, and the editor can place its code lenses and find the
 * schema object under the cursor without reading the contract itself (the client computes nothing). Translation only: engine/data/checks/plan.ts (the same
 * planner the check runner uses, hence the same rule ids) does the work; this turns YAML offsets into LSP ranges.
 *
 * Reads only the contract: no DuckDB, no data file, no SQL. It therefore answers in an untrusted workspace too.
 */
import { ResponseError } from '../languageServer.js';
import { planChecks } from '../../engine/data/checks/plan.js';
import { PlanRequest, RequestError, type PlanParams, type PlannedRule, type PlanResponse } from '../../shared/protocol.js';
import type { ServerContext } from '../context.js';
import { toLspRange } from '../convert.js';
import type { CustomRequest } from '../customRequests.js';

export const planRequest: CustomRequest<PlanParams, PlanResponse> = {
  type: PlanRequest,
  handle(params, ctx: ServerContext) {
    const uri = typeof params?.uri === 'string' ? params.uri : undefined;
    const contract = uri ? ctx.index.contract(uri) : undefined;
    if (!uri || !contract) throw new ResponseError(RequestError.NotAContract, `Not a contract: ${String(params?.uri)}`);
    const mapper = ctx.mapper(uri);
    const schemas = new Map<string, PlannedRule[]>();
    const places = new Map<string, Pick<PlanResponse['schemas'][number], 'range' | 'selectionRange'>>();
    for (const s of contract.schemas) {
      const name = s.name?.value;
      if (name && !schemas.has(name) && (!params.schema || params.schema === name)) {
        schemas.set(name, []);
        if (mapper) places.set(name, { range: toLspRange(mapper, s.node), selectionRange: toLspRange(mapper, s.name!.node) });
      }
    }
    for (const rule of planChecks(contract, ctx.index, { schema: params.schema })) {
      // SLA rules may name a table that is no schema object: it still gets a group, as check results do.
      const list = schemas.get(rule.schema) ?? schemas.set(rule.schema, []).get(rule.schema)!;
      list.push({
        id: rule.id,
        name: rule.name,
        kind: rule.kind,
        severity: rule.severity,
        property: rule.property ?? null,
        range: rule.node && mapper ? toLspRange(mapper, { start: rule.node.start, end: rule.node.end }) : undefined,
      });
    }
    const servers = contract.servers.map((s) => s.name?.value).filter((n): n is string => typeof n === 'string');
    return { uri, servers, schemas: [...schemas].map(([name, rules]) => ({ name, ...places.get(name), rules })) };
  },
};
