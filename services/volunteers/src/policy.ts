import type { Policy, ScopeRules } from '@jwh/shared';

const STAFF = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'] as const;

/** Who may resolve which field of volunteers (README, "Access"). */
export const policy: Policy = {
  'Query.volunteers': { roles: STAFF },
  'Resident.volunteer': { roles: [...STAFF, 'RESIDENT'] },
  'Resident.signUps': { roles: [...STAFF, 'RESIDENT'] },
  'Volunteer.pointsHistory': { roles: [...STAFF, 'RESIDENT'] },
  'Query.activity': { roles: [...STAFF, 'RESIDENT', 'PARTNER'] },
  'Query.activities': { roles: [...STAFF, 'RESIDENT', 'PARTNER'] },
  'Query.activitySignUps': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Mutation.createActivity': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.cancelActivity': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.signUp': { roles: ['RESIDENT'] },
  'Mutation.cancelSignUp': { roles: ['COMMUNITY_STAFF', 'RESIDENT'] },
  'Mutation.checkIn': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.confirmHours': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Query.rooms': { roles: [...STAFF, 'RESIDENT'] },
  'Query.canteenMonth': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF', 'PARTNER'] },
  'Query.canteenCardHolders': { roles: ['PARTNER'] },
  'Mutation.redeemMealCard': { roles: ['PARTNER'] },
  'Mutation.issueMealCard': { roles: ['COMMUNITY_STAFF'] },
  'Resident.mealCard': { roles: [...STAFF, 'RESIDENT'] },
  'Query.organizations': { roles: [...STAFF, 'RESIDENT', 'PARTNER'] },
  'Query.alliances': { roles: [...STAFF, 'RESIDENT', 'PARTNER'] },
  'Query.purchasedServiceProjects': { roles: ['STREET_ADMIN'] },
  'Query.volunteerTeams': { roles: [...STAFF, 'RESIDENT'] },
  'Mutation.registerVolunteer': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.createVolunteerTeam': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.addTeamMember': { roles: ['COMMUNITY_STAFF'] },
  'Volunteer.contact': { roles: STAFF },
  'Mutation.createPurchasedServiceProject': { roles: ['STREET_ADMIN'] },
  'Mutation.evaluatePurchasedServiceProject': { roles: ['STREET_ADMIN'] },
  'Mutation.payPurchasedServiceProject': { roles: ['STREET_ADMIN'] },
  'Mutation.bookRoom': { roles: ['COMMUNITY_STAFF', 'RESIDENT'] },
  'Mutation.cancelRoomBooking': { roles: ['COMMUNITY_STAFF', 'RESIDENT'] },
};

/** Volunteers a viewer may list: those of its street's communities or its own community. */
export const volunteerScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  GRID_WORKER: (v) => ({ communityId: { $in: v.communityIds } }),
};

/** Sign-ups a viewer may see on a resident: staff those of their communities' activities, a resident its own. */
export const signUpScope: ScopeRules<Record<string, unknown>> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  GRID_WORKER: (v) => ({ communityId: { $in: v.communityIds } }),
  RESIDENT: (v) => ({ residentId: v.residentId ?? null }),
};
