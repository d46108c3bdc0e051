import { Activity, PointsEntry, Room, RoomBooking, SignUp, activityMutations, activityQueries } from './activities.js';
import { MealCard, MealRedemption, canteenMutations, canteenQueries } from './canteens.js';
import { Alliance, Organization, PurchasedServiceProject, VolunteerTeam, directoryMutations, directoryQueries } from './directory.js';
import { volunteers } from './Query/volunteers.js';
import { Resident } from './Resident.js';
import { Volunteer } from './Volunteer.js';

export const resolvers = {
  Query: { volunteers, ...activityQueries, ...canteenQueries, ...directoryQueries },
  Mutation: { ...activityMutations, ...canteenMutations, ...directoryMutations },
  Organization,
  Alliance,
  PurchasedServiceProject,
  VolunteerTeam,
  MealCard,
  MealRedemption,
  Activity,
  SignUp,
  PointsEntry,
  Room,
  RoomBooking,
  Resident,
  Volunteer,
};
