import { subgraphCodegen } from '../../scripts/codegen-config.mjs';

// Parents of this subgraph's resolvers: the documents and read models its services return.
export default subgraphCodegen({
  dir: import.meta.dirname,
  references: [],
  operations: true,
  mappers: {
    Community: '../models/index.js#CommunityDoc',
    Grid: '../models/index.js#GridDoc',
    Household: '../models/index.js#HouseholdDoc',
    Resident: '../models/index.js#ResidentDoc',
    StaffMember: '../models/index.js#StaffMemberDoc',
    Visit: '../models/index.js#VisitDoc',
    HalfDay: '../models/index.js#HalfDayDoc',
    ScheduleEntry: '../models/index.js#ScheduleEntryDoc',
    PublicPost: '../models/index.js#PublicPostDoc',
    DutyShift: '../models/index.js#DutyShiftDoc',
    Facility: '../models/index.js#FacilityDoc',
    Building: '../models/index.js#BuildingDoc',
    FacilityInspection: '../models/index.js#FacilityInspectionDoc',
    WorkItem: '../models/index.js#WorkItemDoc',
    HouseholdMove: '../models/index.js#HouseholdMoveDoc',
    ImportJob: '../models/index.js#ImportJobDoc',
    ImportError: '../models/index.js#ImportErrorDoc',
    PiiAccess: '../models/index.js#PiiAccessDoc',
    ChangeRecord: '@jwh/platform#ChangeRecordDoc',
    Notification: '../models/index.js#NotificationDoc',
    VisitStat: '../services/visit.service.js#VisitStatRow',
    // The 6789 elder services delivered (issue 16, item 3).
    ElderDelivery: '../models/index.js#ElderDeliveryDoc',
    ElderServiceReport: '../services/elder-service.service.js#ElderServiceReportRow',
    ElderServiceCount: '../services/elder-service.service.js#ElderServiceCountRow',
  },
});
