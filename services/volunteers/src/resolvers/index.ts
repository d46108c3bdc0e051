import { scalarResolvers } from '@jwh/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { volunteers } from './Query/volunteers.js';
import { organizations } from './Query/organizations.js';
import { alliances } from './Query/alliances.js';
import { volunteerTeams } from './Query/volunteerTeams.js';
import { purchasedServiceProjects } from './Query/purchasedServiceProjects.js';
import { activity } from './Query/activity.js';
import { activities } from './Query/activities.js';
import { canteenMonth } from './Query/canteenMonth.js';
import { streetCanteenSettlement } from './Query/streetCanteenSettlement.js';
import { canteenCardHolders } from './Query/canteenCardHolders.js';
import { rooms } from './Query/rooms.js';
import { activitySignUps } from './Query/activitySignUps.js';
import { pointsLeaderboard } from './Query/pointsLeaderboard.js';
import { createActivity } from './Mutation/createActivity.js';
import { cancelActivity } from './Mutation/cancelActivity.js';
import { signUp } from './Mutation/signUp.js';
import { cancelSignUp } from './Mutation/cancelSignUp.js';
import { checkIn } from './Mutation/checkIn.js';
import { confirmHours } from './Mutation/confirmHours.js';
import { redeemMealCard } from './Mutation/redeemMealCard.js';
import { issueMealCard } from './Mutation/issueMealCard.js';
import { issueMealCards } from './Mutation/issueMealCards.js';
import { suspendMealCard } from './Mutation/suspendMealCard.js';
import { resumeMealCard } from './Mutation/resumeMealCard.js';
import { replaceMealCard } from './Mutation/replaceMealCard.js';
import { registerVolunteer } from './Mutation/registerVolunteer.js';
import { createVolunteerTeam } from './Mutation/createVolunteerTeam.js';
import { addTeamMember } from './Mutation/addTeamMember.js';
import { createPurchasedServiceProject } from './Mutation/createPurchasedServiceProject.js';
import { evaluatePurchasedServiceProject } from './Mutation/evaluatePurchasedServiceProject.js';
import { payPurchasedServiceProject } from './Mutation/payPurchasedServiceProject.js';
import { bookRoom } from './Mutation/bookRoom.js';
import { cancelRoomBooking } from './Mutation/cancelRoomBooking.js';
import { organization } from './Query/organization.js';
import { meetingUnits } from './Query/meetingUnits.js';
import { registerOrganization } from './Mutation/registerOrganization.js';
import { updateOrganization } from './Mutation/updateOrganization.js';
import { retireOrganization } from './Mutation/retireOrganization.js';
import { registerCanteen } from './Mutation/registerCanteen.js';
import { updateCanteen } from './Mutation/updateCanteen.js';
import { createRoom } from './Mutation/createRoom.js';
import { updateRoom } from './Mutation/updateRoom.js';
import { retireRoom } from './Mutation/retireRoom.js';
import { createAlliance } from './Mutation/createAlliance.js';
import { addAllianceMember } from './Mutation/addAllianceMember.js';
import { removeAllianceMember } from './Mutation/removeAllianceMember.js';
import { MeetingUnitRecord } from './MeetingUnitRecord.js';
import { Volunteer } from './Volunteer.js';
import { VolunteerTeam } from './VolunteerTeam.js';
import { Activity } from './Activity.js';
import { SignUp } from './SignUp.js';
import { PointsEntry } from './PointsEntry.js';
import { MealCard } from './MealCard.js';
import { MealRedemption } from './MealRedemption.js';
import { CanteenMonth } from './CanteenMonth.js';
import { Room } from './Room.js';
import { RoomBooking } from './RoomBooking.js';
import { Organization } from './Organization.js';
import { Alliance } from './Alliance.js';
import { PurchasedServiceProject } from './PurchasedServiceProject.js';
import { Resident } from './Resident.js';
import { LeaderboardEntry } from './LeaderboardEntry.js';

/** Every resolver of this subgraph: `Query/<field>.ts`, `Mutation/<field>.ts` and `<Type>.ts`, each calling a service. */
export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    volunteers,
    organizations,
    alliances,
    volunteerTeams,
    purchasedServiceProjects,
    activity,
    activities,
    canteenMonth,
    streetCanteenSettlement,
    canteenCardHolders,
    rooms,
    activitySignUps,
    organization,
    meetingUnits,
    pointsLeaderboard,
  },
  Mutation: {
    createActivity,
    cancelActivity,
    signUp,
    cancelSignUp,
    checkIn,
    confirmHours,
    redeemMealCard,
    issueMealCard,
    issueMealCards,
    suspendMealCard,
    resumeMealCard,
    replaceMealCard,
    registerVolunteer,
    createVolunteerTeam,
    addTeamMember,
    createPurchasedServiceProject,
    evaluatePurchasedServiceProject,
    payPurchasedServiceProject,
    bookRoom,
    cancelRoomBooking,
    registerOrganization,
    updateOrganization,
    retireOrganization,
    registerCanteen,
    updateCanteen,
    createRoom,
    updateRoom,
    retireRoom,
    createAlliance,
    addAllianceMember,
    removeAllianceMember,
  },
  Volunteer,
  VolunteerTeam,
  Activity,
  SignUp,
  PointsEntry,
  MealCard,
  MealRedemption,
  CanteenMonth,
  Room,
  RoomBooking,
  Organization,
  Alliance,
  PurchasedServiceProject,
  Resident,
  MeetingUnitRecord,
  LeaderboardEntry,
};
