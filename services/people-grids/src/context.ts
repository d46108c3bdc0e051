import { byIdLoader, countLoader, groupLoader, type BaseContext } from '@jwh/shared';
import type { Models } from './models/index.js';

function createLoaders(m: Models) {
  return {
    community: byIdLoader(m.Community),
    grid: byIdLoader(m.Grid),
    household: byIdLoader(m.Household),
    resident: byIdLoader(m.Resident),
    staffMember: byIdLoader(m.StaffMember),
    gridsByCommunity: groupLoader(m.Grid, 'communityId', { sort: { name: 1 } }),
    gridsByParent: groupLoader(m.Grid, 'parentId', { sort: { name: 1 } }),
    membersByHousehold: groupLoader(m.Resident, 'householdId'),
    staffByGrid: groupLoader(m.StaffMember, 'gridIds', { sort: { role: 1, name: 1 } }),
    householdsPerCommunity: countLoader(m.Household, 'communityId'),
    residentsPerCommunity: countLoader(m.Resident, 'communityId'),
  };
}

export interface Context extends BaseContext {
  models: Models;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request context: fresh DataLoaders so batching never crosses requests or viewers. */
export function buildContext(base: BaseContext & { models: Models }): Context {
  return { requestId: base.requestId, logger: base.logger, models: base.models, loaders: createLoaders(base.models) };
}
