import { ANY_ROLE, placeScope, type Policy, type ScopeRules } from '@jwh/platform';

const STAFF = ['STREET_ADMIN', 'COMMUNITY_STAFF', 'GRID_WORKER'] as const;
const STAFF_AND_RESIDENT = [...STAFF, 'RESIDENT'] as const;
/** Street admins and community staff: the views across workers (stats, shares, gaps, moves). */
const MANAGERS = ['STREET_ADMIN', 'COMMUNITY_STAFF'] as const;

/**
 * Who may resolve which field of people-grids (README, "Access"). Root fields are further limited
 * to the viewer's own rows by the scope rules below, applied in the database filter.
 */
export const policy: Policy = {
  'Query.communities': { roles: STAFF_AND_RESIDENT },
  'Query.community': { roles: STAFF_AND_RESIDENT, services: ['evaluations', 'service-matters'] },
  'Query.grid': { roles: STAFF },
  // Evaluations reads the household a canvass answer is for, as its caller (a worker: its grids; a resident: its own).
  'Query.household': { roles: STAFF_AND_RESIDENT, services: ['evaluations'] },
  'Query.resident': { roles: STAFF_AND_RESIDENT, services: ['service-matters', 'volunteers'] },
  'Query.residentByNationalId': { roles: ['STREET_ADMIN', 'COMMUNITY_STAFF'] },
  'Query.residents': { roles: STAFF, services: ['evaluations', 'volunteers'] },
  // Service matters checks whom a worker's open requests are handed to (handOverServiceRequests).
  'Query.staffMember': { roles: STAFF_AND_RESIDENT, services: ['service-matters'] },
  'Query.staffMembers': { roles: STAFF_AND_RESIDENT, services: ['evaluations'] },
  'Query.piiAccessLog': { roles: ['STREET_ADMIN'] },
  'Query.changes': { roles: STAFF },
  'Query.gridsOutOfRange': { roles: STAFF },
  'Query.ungriddedHouseholds': { roles: MANAGERS },
  'Query.upcomingBirthdays': { roles: STAFF },
  'Query.publicBoard': { roles: STAFF_AND_RESIDENT },
  // The notice board without sign-in (issue 17, seed 001 挂牌上岗, 日程公示): names, posts and places
  // only. Public root fields are also listed in PUBLIC_ROOT_FIELDS (@jwh/contracts) for the gateway.
  'Query.noticeBoard': { roles: ANY_ROLE, public: true },
  'Query.noticeBoardCommunities': { roles: ANY_ROLE, public: true },
  'Query.visits': { roles: STAFF, services: ['evaluations'] },
  // A grid worker sees its own row only (issue 16: its own share and visit figures).
  'Query.visitStats': { roles: STAFF },
  'Query.offDeskShares': { roles: STAFF },
  'Query.offDeskSummary': { roles: MANAGERS, services: ['evaluations'] },
  'Query.nearestFacilities': { roles: [...STAFF_AND_RESIDENT, 'PARTNER'] },
  'Query.householdMoves': { roles: STAFF },
  'Mutation.moveHousehold': { roles: MANAGERS },
  'Mutation.recordVisit': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.recordHalfDay': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.publishSchedule': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
  'Mutation.startRegisterImport': { roles: MANAGERS },
  'Mutation.swapDutyShifts': { roles: MANAGERS },
  // Grid workers inspect the facilities of their grids (NOT_FOUND outside them).
  'Mutation.inspectFacility': { roles: STAFF },
  'Query.importJob': { roles: MANAGERS },
  // The living map, fixed posts and the reception rota (issue 15, items 4 and 5): managers of the
  // community edit them; a grid worker completes the work items it owns and reads its grids' open work.
  'Mutation.addFacility': { roles: MANAGERS },
  'Mutation.updateFacility': { roles: MANAGERS },
  'Mutation.retireFacility': { roles: MANAGERS },
  'Mutation.completeWorkItem': { roles: STAFF },
  'Query.openWorkItems': { roles: STAFF },
  'Mutation.createPublicPost': { roles: MANAGERS },
  'Mutation.updatePublicPost': { roles: MANAGERS },
  'Mutation.removePublicPost': { roles: MANAGERS },
  'Mutation.setReceptionRota': { roles: MANAGERS },
  'Facility.inspections': { roles: STAFF },
  'Facility.workItems': { roles: STAFF },
  // Recipients are staff members and residents (a street admin has no staff record).
  'Query.myNotifications': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Query.unreadNotificationCount': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Mutation.markNotificationsRead': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER', 'RESIDENT'] },
  'Query.queues': { roles: ['OPS'] },
  'Query.failedJobs': { roles: ['OPS'] },
  'Query.upcomingReminders': { roles: ['OPS'] },
  'Mutation.retryFailedJob': { roles: ['OPS'] },
  'Mutation.pauseQueue': { roles: ['OPS'] },
  'Mutation.resumeQueue': { roles: ['OPS'] },
  // Administration: communities, grids and staff (issue 15). Grid workers change none of it.
  'Mutation.createCommunity': { roles: ['STREET_ADMIN'] },
  'Mutation.renameCommunity': { roles: ['STREET_ADMIN'] },
  'Mutation.createGrid': { roles: MANAGERS },
  'Mutation.renameGrid': { roles: MANAGERS },
  'Mutation.splitGrid': { roles: MANAGERS },
  'Mutation.mergeGrids': { roles: MANAGERS },
  'Mutation.assignGridWorker': { roles: MANAGERS },
  'Mutation.unassignGridWorker': { roles: MANAGERS },
  'Mutation.addStaffMember': { roles: MANAGERS },
  'Mutation.updateStaffMember': { roles: MANAGERS },
  'Mutation.staffLeaves': { roles: MANAGERS },
  // Households and residents administration (issue 15): community staff and street admins of the
  // community; a grid worker changes the phone and tags of its grids' residents (updateResident
  // refuses it hukou and household) and records their moving out and death.
  'Mutation.createHousehold': { roles: MANAGERS },
  'Mutation.addResident': { roles: MANAGERS },
  'Mutation.updateResident': { roles: STAFF },
  'Mutation.recordResidentMovedOut': { roles: STAFF },
  'Mutation.recordResidentDeath': { roles: STAFF },
  'Mutation.splitHousehold': { roles: MANAGERS },
  'Mutation.mergeHouseholds': { roles: MANAGERS },
  'Visit.notes': { roles: STAFF },
  'Visit.followUps': { roles: STAFF },
  'Visit.resident': { roles: STAFF },
  'Visit.household': { roles: STAFF },
  'Resident.name': { roles: ANY_ROLE, pii: 'name' },
  'Resident.phone': { roles: [...STAFF_AND_RESIDENT, 'PARTNER'], pii: 'phone' },
  'Resident.nationalId': { roles: STAFF_AND_RESIDENT, pii: 'nationalId' },
  'Resident.birthDate': { roles: STAFF_AND_RESIDENT },
  'Resident.tags': { roles: STAFF_AND_RESIDENT },
  'Resident.hukou': { roles: STAFF_AND_RESIDENT },
  // Whether and why a resident left the active population: not for partners (a canteen's card holders).
  'Resident.status': { roles: STAFF_AND_RESIDENT },
  'Resident.departure': { roles: STAFF_AND_RESIDENT },
  // Why a staff member left is the office's business.
  'StaffMember.leftAt': { roles: STAFF },
  'StaffMember.leaveReason': { roles: STAFF },
  'Resident.household': { roles: STAFF_AND_RESIDENT },
  'Household.members': { roles: STAFF_AND_RESIDENT },
  // A household's tags say 低保 or disability of someone in it: as its members' tags (issue 17).
  'Household.tags': { roles: STAFF_AND_RESIDENT },
  'Household.memberCount': { roles: STAFF_AND_RESIDENT },
  // The living map's buildings and a grid's households (issue 17): staff only; a grid worker pages
  // its own grids' households (the service refuses any other grid).
  'Community.buildings': { roles: STAFF },
  'Grid.households': { roles: STAFF },
  'Mutation.placeBuilding': { roles: MANAGERS },
  'Household.address': { roles: STAFF_AND_RESIDENT },
  // The 6789 elder services delivered (issue 16, item 3): a grid worker records and reads its grids,
  // community staff their community; partners and residents nothing.
  'Query.elderServices': { roles: STAFF },
  'Mutation.recordElderDelivery': { roles: ['COMMUNITY_STAFF', 'GRID_WORKER'] },
};

/** Who may call this subgraph's HTTP routes besides /graphql (through the gateway's file proxy). */
export const routePolicy = {
  // Registers (CSV, XLSX) for managers, inspection photos (JPEG, PNG) for every staff role: uploadPolicy.
  'POST /uploads': STAFF,
  'GET /exports/grids/:gridId/register.xlsx': STAFF,
  'GET /exports/inspections/:inspectionId/photo': STAFF,
} as const;

/** Who may upload which kind of file through `POST /uploads`. */
export const uploadPolicy = { REGISTER: MANAGERS, PHOTO: STAFF } as const;

type Filter = Record<string, unknown>;

/** Residents a viewer may look up or list. A street admin's token lists the communities of its street. */
export const residentScope: ScopeRules<Filter> = placeScope({
  RESIDENT: (v) => ({ householdId: v.householdId ?? null }),
  // Partners have no root lookups (the field rules refuse them); this scope only serves references
  // their own data returns (a canteen's card holders), whose fields are masked or refused.
  PARTNER: () => ({}),
});

/** Households a viewer may look up. */
export const householdScope: ScopeRules<Filter> = placeScope({ RESIDENT: (v) => ({ _id: v.householdId ?? null }) });

/** Communities (and their grids and staff cards) a viewer may see. */
export const communityScope: ScopeRules<Filter> = {
  STREET_ADMIN: (v) => ({ _id: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ _id: { $in: v.communityIds } }),
  GRID_WORKER: (v) => ({ _id: { $in: v.communityIds } }),
  RESIDENT: (v) => ({ _id: { $in: v.communityIds } }),
};

/** The same communities, as a filter on a collection's `communityId`. */
export const inCommunityScope: ScopeRules<Filter> = {
  STREET_ADMIN: (v) => ({ communityId: { $in: v.communityIds } }),
  COMMUNITY_STAFF: (v) => ({ communityId: { $in: v.communityIds } }),
  GRID_WORKER: (v) => ({ communityId: { $in: v.communityIds } }),
  RESIDENT: (v) => ({ communityId: { $in: v.communityIds } }),
};
