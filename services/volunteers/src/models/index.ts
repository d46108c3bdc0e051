import type { Connection } from 'mongoose';
import { activitySchema, pointsEntrySchema, seatSchema, signUpSchema } from './activity.model.js';
import { bookingSchema, roomBlockSchema, roomSchema, teamSchema } from './room.model.js';
import { allianceSchema, canteenMonthSchema, mealCardSchema, mealRedemptionSchema, organizationSchema } from './canteen.model.js';
import { projectSchema } from './project.model.js';
import { volunteerSchema } from './volunteer.model.js';
import { leaderboardSchema } from './leaderboard.model.js';

/** This service's models, registered on its own connection (database per service). */
export function registerModels(conn: Connection) {
  return {
    Volunteer: conn.model('Volunteer', volunteerSchema),
    Activity: conn.model('Activity', activitySchema),
    SignUp: conn.model('SignUp', signUpSchema),
    Seat: conn.model('Seat', seatSchema),
    PointsEntry: conn.model('PointsEntry', pointsEntrySchema),
    Room: conn.model('Room', roomSchema),
    Booking: conn.model('Booking', bookingSchema),
    RoomBlock: conn.model('RoomBlock', roomBlockSchema),
    Organization: conn.model('Organization', organizationSchema),
    Alliance: conn.model('Alliance', allianceSchema),
    MealCard: conn.model('MealCard', mealCardSchema),
    MealRedemption: conn.model('MealRedemption', mealRedemptionSchema),
    CanteenMonth: conn.model('CanteenMonth', canteenMonthSchema),
    Project: conn.model('Project', projectSchema),
    Team: conn.model('Team', teamSchema),
    Leaderboard: conn.model('Leaderboard', leaderboardSchema),
  };
}
export type Models = ReturnType<typeof registerModels>;
export type { ActivityDoc, SignUpDoc } from './activity.model.js';
export type { VolunteerDoc } from './volunteer.model.js';
export type { BookingDoc, RoomDoc, TeamDoc } from './room.model.js';
export type { AllianceDoc, MealCardDoc, MealRedemptionDoc, OrganizationDoc } from './canteen.model.js';
export type { ProjectDoc } from './project.model.js';
export type { LeaderboardRow } from './leaderboard.model.js';
