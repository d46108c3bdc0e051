import type { Connection } from 'mongoose';
import { communitySchema } from './community.model.js';
import { gridSchema } from './grid.model.js';
import { householdSchema } from './household.model.js';
import { piiAccessSchema } from './pii-access.model.js';
import { residentSchema } from './resident.model.js';
import { staffMemberSchema } from './staff-member.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    Community: conn.model('Community', communitySchema),
    Grid: conn.model('Grid', gridSchema),
    Household: conn.model('Household', householdSchema),
    Resident: conn.model('Resident', residentSchema),
    StaffMember: conn.model('StaffMember', staffMemberSchema),
    PiiAccess: conn.model('PiiAccess', piiAccessSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;

export type { CommunityDoc } from './community.model.js';
export type { GridDoc } from './grid.model.js';
export type { HouseholdDoc } from './household.model.js';
export type { PiiAccessDoc } from './pii-access.model.js';
export type { ResidentDoc } from './resident.model.js';
export type { StaffMemberDoc } from './staff-member.model.js';
