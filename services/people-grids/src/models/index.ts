import { notificationSchema } from './notification.model.js';
import { declareBounded } from '@jwh/platform';
import type { Connection } from 'mongoose';
import { buildingSchema } from './building.model.js';
import { communitySchema } from './community.model.js';
import { dutyShiftSchema } from './duty-shift.model.js';
import { facilityInspectionSchema, facilitySchema, workItemSchema } from './facility.model.js';
import { halfDayMonthSchema, halfDaySchema } from './half-day.model.js';
import { householdMoveSchema } from './household-move.model.js';
import { importErrorSchema, importJobSchema } from './import-job.model.js';
import { publicPostSchema } from './public-post.model.js';
import { scheduleEntrySchema } from './schedule-entry.model.js';
import { visitSchema } from './visit.model.js';
import { elderDeliveryMonthSchema, elderDeliverySchema, elderDeliveryTallySchema } from './elder-delivery.model.js';
import { gridSchema } from './grid.model.js';
import { householdSchema } from './household.model.js';
import { piiAccessDaySchema, piiAccessSchema, piiExportMemberSchema } from './pii-access.model.js';
import { residentSchema } from './resident.model.js';
import { staffMemberSchema } from './staff-member.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  const models = {
    Community: conn.model('Community', communitySchema),
    Grid: conn.model('Grid', gridSchema),
    Household: conn.model('Household', householdSchema),
    Resident: conn.model('Resident', residentSchema),
    StaffMember: conn.model('StaffMember', staffMemberSchema),
    PiiAccess: conn.model('PiiAccess', piiAccessSchema),
    PiiAccessDay: conn.model('PiiAccessDay', piiAccessDaySchema),
    PiiExportMember: conn.model('PiiExportMember', piiExportMemberSchema),
    Visit: conn.model('Visit', visitSchema),
    HalfDay: conn.model('HalfDay', halfDaySchema),
    HalfDayMonth: conn.model('HalfDayMonth', halfDayMonthSchema),
    ScheduleEntry: conn.model('ScheduleEntry', scheduleEntrySchema),
    PublicPost: conn.model('PublicPost', publicPostSchema),
    DutyShift: conn.model('DutyShift', dutyShiftSchema),
    Facility: conn.model('Facility', facilitySchema),
    HouseholdMove: conn.model('HouseholdMove', householdMoveSchema),
    ImportJob: conn.model('ImportJob', importJobSchema),
    ImportError: conn.model('ImportError', importErrorSchema),
    Notification: conn.model('Notification', notificationSchema),
    // The living map's inspections and the work they open (issue 15, item 4).
    FacilityInspection: conn.model('FacilityInspection', facilityInspectionSchema),
    WorkItem: conn.model('WorkItem', workItemSchema),
    // The 6789 elder services delivered, and each worker's deliveries per month (issue 16, item 3).
    ElderDelivery: conn.model('ElderDelivery', elderDeliverySchema),
    ElderDeliveryMonth: conn.model('ElderDeliveryMonth', elderDeliveryMonthSchema),
    // An occasion's deliveries per grid and tier, for the owed counts (issue 17).
    ElderDeliveryTally: conn.model('ElderDeliveryTally', elderDeliveryTallySchema),
    // Buildings on the living map's plan (issue 17).
    Building: conn.model('Building', buildingSchema),
  };
  // The street's structure: a batch of their rows is one read on every engine.
  declareBounded(models.Community, models.Grid, models.StaffMember);
  return models;
}
export type Models = ReturnType<typeof registerModels>;
export type { NotificationDoc } from './notification.model.js';

export type { BuildingDoc } from './building.model.js';
export type { CommunityDoc } from './community.model.js';
export type { GridDoc } from './grid.model.js';
export type { HouseholdDoc } from './household.model.js';
export type { PiiAccessDoc } from './pii-access.model.js';
export type { ResidentDoc } from './resident.model.js';
export type { StaffMemberDoc } from './staff-member.model.js';
export type { DutyShiftDoc } from './duty-shift.model.js';
export type { FacilityDoc, FacilityInspectionDoc, WorkItemDoc } from './facility.model.js';
export type { HalfDayDoc } from './half-day.model.js';
export type { HouseholdMoveDoc } from './household-move.model.js';
export type { PublicPostDoc } from './public-post.model.js';
export type { ScheduleEntryDoc } from './schedule-entry.model.js';
export type { VisitDoc } from './visit.model.js';
export type { ImportErrorDoc, ImportJobDoc } from './import-job.model.js';
export type { ElderDeliveryDoc } from './elder-delivery.model.js';
