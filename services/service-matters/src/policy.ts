import { ANY_ROLE, placeScope, type Policy, type ScopeRules } from '@jwh/platform';

const STAFF = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'] as const;
const CASEWORK = [...STAFF, 'RESIDENT'] as const;

/** Who may resolve which field of service-matters (README, "Access"). */
export const policy: Policy = {
  'Query.serviceTypes': { roles: ANY_ROLE },
  'Query.matters': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Query.matter': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Mutation.addMatter': { roles: ['STREET_ADMIN'] },
  'Mutation.updateMatter': { roles: ['STREET_ADMIN'] },
  'Mutation.retireMatter': { roles: ['STREET_ADMIN'] },
  'Query.serviceRequest': { roles: CASEWORK },
  'Resident.serviceRequests': { roles: CASEWORK },
  // People-grids counts a leaving staff member's open requests (staffLeaves).
  'Query.serviceRequests': { roles: STAFF, services: ['evaluations', 'people-grids'] },
  'Query.serviceRequestStats': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'], services: ['evaluations'] },
  'Mutation.createServiceRequest': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.advanceServiceRequest': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.tickMaterials': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.startRequestFromAppointment': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  // A leaving member's open requests (people-grids' staffLeaves hands them over with its identity).
  'Mutation.handOverServiceRequests': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'], services: ['people-grids'] },
  'Resident.suggestions': { roles: CASEWORK },
  'Query.suggestions': { roles: STAFF },
  'Query.jointMeetings': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF', 'PARTNER'] },
  'Query.openFollowUps': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF', 'PARTNER'] },
  'Mutation.createSuggestion': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.advanceSuggestion': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.replyToSuggestion': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.rateSuggestion': { roles: ['RESIDENT'] },
  'Mutation.escalateSuggestion': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.scheduleJointMeeting': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Mutation.scheduleNextJointMeeting': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Mutation.scheduleJointMeetingSeries': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Mutation.decideAgendaItem': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.completeFollowUp': { roles: ['COMMUNITY_STAFF', 'PARTNER'] },
  'Query.appointmentSlots': { roles: CASEWORK },
  'Mutation.publishAppointmentSlots': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.bookAppointment': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.cancelAppointment': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
};

/** Requests and suggestions a viewer may look up: its street's communities, its community, its grids, or its own. */
export const requestScope = placeScope({ RESIDENT: (v) => ({ residentId: v.residentId ?? null }) });

/** Joint meetings a viewer may see: its communities', or for a partner unit those it takes part in. */
export const meetingScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  PARTNER: (v) => ({ unitOrgIds: v.orgId ?? null }),
};
