import type { Policy, ScopeRules } from '@jwh/shared';

const STAFF = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'] as const;

/** Who may resolve which field of volunteers (README, "Access"). */
export const policy: Policy = {
  'Query.volunteers': { roles: STAFF },
  'Resident.volunteer': { roles: [...STAFF, 'RESIDENT'] },
};

/** Volunteers a viewer may list: those of its street's communities or its own community. */
export const volunteerScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  GRID_WORKER: (v) => ({ communityId: { $in: v.communityIds } }),
};
