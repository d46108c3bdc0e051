import { Notification, notificationMutations, notificationQueries } from './notifications.js';
import { Community } from './Community.js';
import { Grid } from './Grid.js';
import { Household } from './Household.js';
import { Resident } from './Resident.js';
import { StaffMember } from './StaffMember.js';
import { DutyShift, Facility, HalfDay, HouseholdMove, ImportJob, PublicPost, ScheduleEntry, Visit, VisitStat } from './walking-work.js';
import { communities } from './Query/communities.js';
import { community } from './Query/community.js';
import { grid } from './Query/grid.js';
import { gridsOutOfRange } from './Query/gridsOutOfRange.js';
import { household } from './Query/household.js';
import { householdMoves } from './Query/householdMoves.js';
import { importJob } from './Query/importJob.js';
import { nearestFacilities } from './Query/nearestFacilities.js';
import { offDeskShares, offDeskSummary } from './Query/offDeskShares.js';
import { piiAccessLog } from './Query/piiAccessLog.js';
import { publicBoard } from './Query/publicBoard.js';
import { resident } from './Query/resident.js';
import { residentByNationalId } from './Query/residentByNationalId.js';
import { residents } from './Query/residents.js';
import { staffMember } from './Query/staffMember.js';
import { staffMembers } from './Query/staffMembers.js';
import { ungriddedHouseholds } from './Query/ungriddedHouseholds.js';
import { upcomingBirthdays } from './Query/upcomingBirthdays.js';
import { visitStats } from './Query/visitStats.js';
import { visits } from './Query/visits.js';
import { inspectFacility } from './Mutation/inspectFacility.js';
import { moveHousehold } from './Mutation/moveHousehold.js';
import { swapDutyShifts } from './Mutation/swapDutyShifts.js';
import { publishSchedule } from './Mutation/publishSchedule.js';
import { recordHalfDay } from './Mutation/recordHalfDay.js';
import { recordVisit } from './Mutation/recordVisit.js';
import { startRegisterImport } from './Mutation/startRegisterImport.js';

const PiiAccess = {
  id: (a: { _id: unknown }) => String(a._id),
  residentId: (a: { residentId: unknown }) => String(a.residentId),
  at: (a: { at: Date }) => a.at.toISOString(),
};

export const resolvers = {
  Query: { communities, community, grid, gridsOutOfRange, household, householdMoves, importJob, nearestFacilities, offDeskShares, offDeskSummary, piiAccessLog, publicBoard, resident, residentByNationalId, residents, staffMember, staffMembers, ungriddedHouseholds, upcomingBirthdays, visitStats, visits, ...notificationQueries },
  Mutation: { inspectFacility, moveHousehold, swapDutyShifts, publishSchedule, recordHalfDay, recordVisit, startRegisterImport, ...notificationMutations },
  Community,
  Grid,
  Household,
  Resident,
  StaffMember,
  PiiAccess,
  Visit,
  VisitStat,
  HalfDay,
  ScheduleEntry,
  PublicPost,
  DutyShift,
  Facility,
  HouseholdMove,
  ImportJob,
  Notification,
};
