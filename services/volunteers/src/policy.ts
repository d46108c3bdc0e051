import { placeScope, type Policy, type ScopeRules, type Viewer } from '@jwh/platform';

const STAFF = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'] as const;

/** Who may resolve which field of volunteers (README, "Access"). */
export const policy: Policy = {
  'Query.volunteers': { roles: STAFF },
  'Resident.volunteer': { roles: [...STAFF, 'RESIDENT'] },
  'Resident.signUps': { roles: [...STAFF, 'RESIDENT'] },
  'Volunteer.pointsHistory': { roles: [...STAFF, 'RESIDENT'] },
  // Staff and residents of the community (the service checks the community). Each place's resident
  // resolves in people-grids within the viewer's scope, so a resident sees no one's name but its
  // own. Partners have no way to volunteers' data, so none here either.
  'Query.pointsLeaderboard': { roles: [...STAFF, 'RESIDENT'] },
  'Query.activity': { roles: [...STAFF, 'RESIDENT', 'PARTNER'] },
  'Query.activities': { roles: [...STAFF, 'RESIDENT', 'PARTNER'] },
  'Query.activitySignUps': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Mutation.createActivity': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.cancelActivity': { roles: ['COMMUNITY_STAFF'] },
  // Staff sign up (and cancel for) a named resident of their scope: elders without a phone login.
  'Mutation.signUp': { roles: ['RESIDENT', 'COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.cancelSignUp': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.checkIn': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.confirmHours': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Query.rooms': { roles: [...STAFF, 'RESIDENT'] },
  'Query.canteenMonth': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF', 'PARTNER'] },
  'Query.canteenCardHolders': { roles: ['PARTNER'] },
  'Mutation.redeemMealCard': { roles: ['PARTNER'] },
  'Mutation.issueMealCard': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.issueMealCards': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.suspendMealCard': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.resumeMealCard': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.replaceMealCard': { roles: ['COMMUNITY_STAFF'] },
  'Query.streetCanteenSettlement': { roles: ['STREET_ADMIN'] },
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
  // The registry: community staff keep their community's organisations, rooms and canteens; the
  // street admin its street's alliances. A partner reads its own organisation.
  'Query.organization': { roles: [...STAFF, 'PARTNER'] },
  'Query.meetingUnits': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'], services: ['service-matters'] },
  'Mutation.registerOrganization': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.updateOrganization': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.retireOrganization': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.registerCanteen': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.updateCanteen': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.createRoom': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.updateRoom': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.retireRoom': { roles: ['COMMUNITY_STAFF'] },
  'Mutation.createAlliance': { roles: ['STREET_ADMIN'] },
  'Mutation.addAllianceMember': { roles: ['STREET_ADMIN'] },
  'Mutation.removeAllianceMember': { roles: ['STREET_ADMIN'] },
};

type Filter = Record<string, unknown>;

/** A resident's own rows and its household's; a token without them matches nothing (a null would match every row without one). */
function ownAndHousehold(v: Viewer): Filter {
  const own: Filter[] = [];
  if (v.residentId) own.push({ residentId: v.residentId });
  if (v.householdId) own.push({ householdId: v.householdId });
  return own.length ? { $or: own } : { _id: null };
}

/**
 * Rows that hold a resident's data (volunteer profiles, love cards, sign-ups), scoped as people-grids
 * scopes the residents themselves (its `residentScope`): each row carries the resident's community,
 * small grid and household. A grid worker sees residents of its grids, community staff and street
 * admins their communities, a resident itself and its household. Partners have no rule: a canteen
 * reaches its card holders through its own fields, never through a resident. Volunteers (profiles,
 * points, team members) are limited the same way; an outsider volunteer is reached by community
 * staff and street admins only.
 */
export const residentDataScope: ScopeRules<Filter> = placeScope({ RESIDENT: ownAndHousehold });
