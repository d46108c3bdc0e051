import { ANY_ROLE, type Policy, type ScopeRules } from '@jwh/shared';

const CASEWORK = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] as const;

/** Who may resolve which field of service-matters (README, "Access"). */
export const policy: Policy = {
  'Query.serviceTypes': { roles: ANY_ROLE },
  'Query.serviceRequest': { roles: CASEWORK },
  'Resident.serviceRequests': { roles: CASEWORK },
};

/** Requests a viewer may look up: its street's communities, its community, its grids, or its own. */
export const requestScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  GRID_WORKER: (v) => ({ gridId: { $in: v.gridIds } }),
  RESIDENT: (v) => ({ residentId: v.residentId ?? null }),
};
