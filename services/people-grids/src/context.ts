import {
  byIdLoader,
  groupLoader,
  requestContext,
  rowScope,
  type PiiCipher,
  type SubgraphBaseContext,
  type SubgraphRequestBase,
} from '@jwh/platform';
import DataLoader from 'dataloader';
import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import type * as registerImport from './jobs/register-import.job.js';
import type { Models } from './models/index.js';
import { ACTIVE_RESIDENT } from './models/resident.model.js';
import type { FacilityIndex } from './services/facility-index.js';
import { appendPiiAccess } from './services/pii-access.service.js';
import { communityScope, householdScope, inCommunityScope, residentScope } from './policy.js';

function createLoaders(m: Models) {
  return {
    community: byIdLoader(m.Community),
    grid: byIdLoader(m.Grid),
    household: byIdLoader(m.Household),
    resident: byIdLoader(m.Resident),
    staffMember: byIdLoader(m.StaffMember),
    gridsByCommunity: groupLoader(m.Grid, 'communityId', { sort: { name: 1 } }),
    gridsByParent: groupLoader(m.Grid, 'parentId', { sort: { name: 1 } }),
    // Members are the active population: a resident who moved out or died is kept on record only.
    membersByHousehold: groupLoader(m.Resident, 'householdId', { filter: ACTIVE_RESIDENT }),
    staffByGrid: groupLoader(m.StaffMember, 'gridIds', { sort: { role: 1, name: 1 } }),
    postsByStaff: groupLoader(m.PublicPost, 'staffId', { sort: { start: 1 } }),
    // The living map's inspections and work items (issue 15, item 4).
    facility: byIdLoader(m.Facility),
    inspection: byIdLoader(m.FacilityInspection),
    workItem: byIdLoader(m.WorkItem),
    inspectionsByFacility: groupLoader(m.FacilityInspection, 'facilityId', { sort: { at: -1 } }),
    workItemsByFacility: groupLoader(m.WorkItem, 'facilityId'),
    // A grid's facilities in use, for the worker's own list (retired ones stay on record only).
    facilitiesByGrid: groupLoader(m.Facility, 'gridId', { filter: { retired: { $ne: true } }, sort: { type: 1, name: 1 } }),
    // A community's buildings for the living map's plan (issue 17).
    buildingsByCommunity: groupLoader(m.Building, 'communityId'),
  };
}

const lazy = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

/**
 * Lookups for root fields, limited to the viewer's own rows (others resolve to null). Created on
 * first use: a role without a scope rule is refused there.
 */
function createScopedLoaders(m: Models, base: SubgraphBaseContext) {
  const v = base.viewer;
  return {
    community: lazy(() => byIdLoader(m.Community, rowScope(v, communityScope))),
    grid: lazy(() => byIdLoader(m.Grid, rowScope(v, inCommunityScope))),
    household: lazy(() => byIdLoader(m.Household, rowScope(v, householdScope))),
    resident: lazy(() => byIdLoader(m.Resident, rowScope(v, residentScope))),
    staffMember: lazy(() => byIdLoader(m.StaffMember, rowScope(v, inCommunityScope))),
  };
}

/** The queues this subgraph produces jobs for. */
export interface Queues {
  registerImport: Queue<registerImport.Payload>;
  /** Every queue of the system, by name, for the ops fields (read, retry, pause); opened on first use. */
  all: Map<string, Queue>;
  ops: (name: string) => Queue;
}

/** What every request shares: configuration, connection, queues. */
export interface Shared {
  cipher: PiiCipher;
  facilities: FacilityIndex;
  offDeskTarget: number;
  conn: Connection;
  queues: Queues;
  /** Service matters' subgraph URL (SERVICE_MATTERS_URL), to count a leaving member's open requests; null when not configured. */
  serviceMattersUrl: string | null;
}

export interface Context extends SubgraphBaseContext {
  models: Models;
  cipher: PiiCipher;
  conn: Connection;
  queues: Queues;
  facilities: FacilityIndex;
  serviceMattersUrl: string | null;
  /** Off-desk half-days a worker should reach per week (config OFF_DESK_TARGET). */
  offDeskTarget: number;
  loaders: ReturnType<typeof createLoaders>;
  scoped: ReturnType<typeof createScopedLoaders>;
  recordPiiAccess: (entry: { residentId: string; communityId: string; field: string; purpose: string }) => Promise<void>;
}

/**
 * Per-request context: fresh DataLoaders so batching never crosses requests or viewers; the
 * access log batches the unmasked reads of one request into one insert.
 */
export function buildContext(base: SubgraphRequestBase<Models>, shared: Shared): Context {
  const { models, viewer, requestId } = base;
  const accessLog = new DataLoader<{ residentId: string; communityId: string; field: string; purpose: string }, true>(
    async (entries) => {
      const at = new Date();
      await appendPiiAccess(
        models,
        entries.map((e) => ({ ...e, at, actor: viewer.sub, role: viewer.role, requestId })),
      );
      return entries.map(() => true as const);
    },
    { cache: false },
  );
  return requestContext(base, shared, {
    loaders: createLoaders(models),
    scoped: createScopedLoaders(models, base),
    recordPiiAccess: async (entry: { residentId: string; communityId: string; field: string; purpose: string }) => {
      await accessLog.load(entry);
    },
  });
}
