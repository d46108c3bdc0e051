import { subgraphCodegen } from '../../scripts/codegen-config.mjs';

// Parents of this subgraph's resolvers: the documents and read models its services return.
export default subgraphCodegen({
  references: [],
  mappers: {
    Community: '../models/community.model.js#CommunityDoc',
    Grid: '../models/grid.model.js#GridDoc',
    Household: '../models/household.model.js#HouseholdDoc',
    Resident: '../models/resident.model.js#ResidentDoc',
    StaffMember: '../models/staff-member.model.js#StaffMemberDoc',
    Visit: '../models/visit.model.js#VisitDoc',
    HalfDay: '../models/half-day.model.js#HalfDayDoc',
    ScheduleEntry: '../models/schedule-entry.model.js#ScheduleEntryDoc',
    PublicPost: '../models/public-post.model.js#PublicPostDoc',
    DutyShift: '../models/duty-shift.model.js#DutyShiftDoc',
    Facility: '../models/facility.model.js#FacilityDoc',
    HouseholdMove: '../models/household-move.model.js#HouseholdMoveDoc',
    ImportJob: '../models/import-job.model.js#ImportJobDoc',
    ImportError: '../models/import-job.model.js#ImportErrorDoc',
    PiiAccess: '../models/pii-access.model.js#PiiAccessDoc',
    Notification: '../models/notification.model.js#NotificationDoc',
    VisitStat: '../services/visit.service.js#VisitStatRow',
  },
});
