import type { Policy, ScopeRules } from '@jwh/shared';

/**
 * Who may resolve which field of evaluations (README, "Access"). Workers never see how the
 * residents they serve answered or rated them: evaluation is the street office's.
 */
export const policy: Policy = {
  'Query.surveyResponses': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Resident.surveyResponses': { roles: ['STREET_ADMIN', 'RESIDENT'] },
  'StaffMember.reviews': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
};

/** Responses a viewer may see: those of its street's communities, its own community, or a resident's own. */
export const responseScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  RESIDENT: (v) => ({ residentId: v.residentId ?? null }),
};
