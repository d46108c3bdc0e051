import { scalarResolvers } from '@jwh/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { communities } from './Query/communities.js';
import { community } from './Query/community.js';
import { failedJobs } from './Query/failedJobs.js';
import { grid } from './Query/grid.js';
import { gridsOutOfRange } from './Query/gridsOutOfRange.js';
import { household } from './Query/household.js';
import { householdMoves } from './Query/householdMoves.js';
import { importJob } from './Query/importJob.js';
import { myNotifications } from './Query/myNotifications.js';
import { nearestFacilities } from './Query/nearestFacilities.js';
import { offDeskShares } from './Query/offDeskShares.js';
import { offDeskSummary } from './Query/offDeskSummary.js';
import { piiAccessLog } from './Query/piiAccessLog.js';
import { changes } from './Query/changes.js';
import { publicBoard } from './Query/publicBoard.js';
import { noticeBoard } from './Query/noticeBoard.js';
import { noticeBoardCommunities } from './Query/noticeBoardCommunities.js';
import { queues } from './Query/queues.js';
import { resident } from './Query/resident.js';
import { residentByNationalId } from './Query/residentByNationalId.js';
import { residents } from './Query/residents.js';
import { staffMember } from './Query/staffMember.js';
import { staffMembers } from './Query/staffMembers.js';
import { ungriddedHouseholds } from './Query/ungriddedHouseholds.js';
import { unreadNotificationCount } from './Query/unreadNotificationCount.js';
import { upcomingBirthdays } from './Query/upcomingBirthdays.js';
import { upcomingReminders } from './Query/upcomingReminders.js';
import { visitStats } from './Query/visitStats.js';
import { visits } from './Query/visits.js';
import { inspectFacility } from './Mutation/inspectFacility.js';
import { markNotificationsRead } from './Mutation/markNotificationsRead.js';
import { moveHousehold } from './Mutation/moveHousehold.js';
import { pauseQueue } from './Mutation/pauseQueue.js';
import { publishSchedule } from './Mutation/publishSchedule.js';
import { recordHalfDay } from './Mutation/recordHalfDay.js';
import { recordVisit } from './Mutation/recordVisit.js';
import { resumeQueue } from './Mutation/resumeQueue.js';
import { retryFailedJob } from './Mutation/retryFailedJob.js';
import { startRegisterImport } from './Mutation/startRegisterImport.js';
import { swapDutyShifts } from './Mutation/swapDutyShifts.js';
// Administration: communities, grids and staff (issue 15).
import { createCommunity } from './Mutation/createCommunity.js';
import { renameCommunity } from './Mutation/renameCommunity.js';
import { createGrid } from './Mutation/createGrid.js';
import { renameGrid } from './Mutation/renameGrid.js';
import { splitGrid } from './Mutation/splitGrid.js';
import { mergeGrids } from './Mutation/mergeGrids.js';
import { assignGridWorker } from './Mutation/assignGridWorker.js';
import { unassignGridWorker } from './Mutation/unassignGridWorker.js';
import { addStaffMember } from './Mutation/addStaffMember.js';
import { updateStaffMember } from './Mutation/updateStaffMember.js';
import { staffLeaves } from './Mutation/staffLeaves.js';
// Households and residents administration (issue 15)
import { addResident } from './Mutation/addResident.js';
import { createHousehold } from './Mutation/createHousehold.js';
import { mergeHouseholds } from './Mutation/mergeHouseholds.js';
import { recordResidentDeath } from './Mutation/recordResidentDeath.js';
import { recordResidentMovedOut } from './Mutation/recordResidentMovedOut.js';
import { splitHousehold } from './Mutation/splitHousehold.js';
import { updateResident } from './Mutation/updateResident.js';
import { Community } from './Community.js';
import { Grid } from './Grid.js';
import { Household } from './Household.js';
import { Resident } from './Resident.js';
import { StaffMember } from './StaffMember.js';
import { Visit } from './Visit.js';
import { VisitStat } from './VisitStat.js';
import { HalfDay } from './HalfDay.js';
import { ScheduleEntry } from './ScheduleEntry.js';
import { PublicPost } from './PublicPost.js';
import { DutyShift } from './DutyShift.js';
import { Facility } from './Facility.js';
import { HouseholdMove } from './HouseholdMove.js';
import { ImportJob } from './ImportJob.js';
import { PiiAccess } from './PiiAccess.js';
import { ChangeRecord } from './ChangeRecord.js';
import { Notification } from './Notification.js';
// The living map, fixed posts and the reception rota: administration (issue 15, items 4 and 5).
import { openWorkItems } from './Query/openWorkItems.js';
import { addFacility } from './Mutation/addFacility.js';
import { updateFacility } from './Mutation/updateFacility.js';
import { retireFacility } from './Mutation/retireFacility.js';
import { completeWorkItem } from './Mutation/completeWorkItem.js';
import { createPublicPost } from './Mutation/createPublicPost.js';
import { updatePublicPost } from './Mutation/updatePublicPost.js';
import { removePublicPost } from './Mutation/removePublicPost.js';
import { setReceptionRota } from './Mutation/setReceptionRota.js';
import { FacilityInspection } from './FacilityInspection.js';
import { WorkItem } from './WorkItem.js';
// Buildings on the living map's plan (issue 17).
import { placeBuilding } from './Mutation/placeBuilding.js';
import { Building } from './Building.js';
// The 6789 elder services delivered (issue 16, item 3).
import { elderServices } from './Query/elderServices.js';
import { recordElderDelivery } from './Mutation/recordElderDelivery.js';
import { ElderDelivery } from './ElderDelivery.js';
import { ElderServiceCount, ElderServiceReport } from './ElderServiceReport.js';

/** Every resolver of this subgraph: `Query/<field>.ts`, `Mutation/<field>.ts` and `<Type>.ts`, each calling a service or a loader. */
export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    communities,
    community,
    failedJobs,
    grid,
    gridsOutOfRange,
    household,
    householdMoves,
    importJob,
    myNotifications,
    nearestFacilities,
    offDeskShares,
    offDeskSummary,
    piiAccessLog,
    changes,
    publicBoard,
    noticeBoard,
    noticeBoardCommunities,
    queues,
    resident,
    residentByNationalId,
    residents,
    staffMember,
    staffMembers,
    ungriddedHouseholds,
    unreadNotificationCount,
    upcomingBirthdays,
    upcomingReminders,
    visitStats,
    visits,
    // The living map (issue 15, item 4).
    openWorkItems,
    // The 6789 elder services delivered (issue 16, item 3).
    elderServices,
  },
  Mutation: {
    inspectFacility,
    markNotificationsRead,
    moveHousehold,
    pauseQueue,
    publishSchedule,
    recordHalfDay,
    recordVisit,
    resumeQueue,
    retryFailedJob,
    startRegisterImport,
    swapDutyShifts,
    // The living map, fixed posts and the reception rota (issue 15, items 4 and 5).
    addFacility,
    updateFacility,
    retireFacility,
    completeWorkItem,
    createPublicPost,
    updatePublicPost,
    removePublicPost,
    setReceptionRota,
    // Administration: communities, grids and staff (issue 15).
    createCommunity,
    renameCommunity,
    createGrid,
    renameGrid,
    splitGrid,
    mergeGrids,
    assignGridWorker,
    unassignGridWorker,
    addStaffMember,
    updateStaffMember,
    staffLeaves,
    // Households and residents administration (issue 15)
    addResident,
    createHousehold,
    mergeHouseholds,
    recordResidentDeath,
    recordResidentMovedOut,
    splitHousehold,
    updateResident,
    // The 6789 elder services delivered (issue 16, item 3).
    recordElderDelivery,
    // Buildings on the living map's plan (issue 17).
    placeBuilding,
  },
  Community,
  Grid,
  Household,
  Resident,
  StaffMember,
  Visit,
  VisitStat,
  HalfDay,
  ScheduleEntry,
  PublicPost,
  DutyShift,
  Facility,
  HouseholdMove,
  ImportJob,
  PiiAccess,
  ChangeRecord,
  Notification,
  FacilityInspection,
  WorkItem,
  ElderDelivery,
  ElderServiceReport,
  ElderServiceCount,
  Building,
};
