import { subgraphCodegen } from '../../scripts/codegen-config.mjs';

// Parents of this subgraph's resolvers: the documents its services return.
export default subgraphCodegen({
  dir: import.meta.dirname,
  operations: true,
  references: ['Resident'],
  mappers: {
    Volunteer: '../models/volunteer.model.js#VolunteerDoc',
    VolunteerTeam: '../models/room.model.js#TeamDoc',
    Activity: '../models/activity.model.js#ActivityDoc',
    SignUp: '../models/activity.model.js#SignUpDoc',
    PointsEntry: '../models/activity.model.js#PointsEntryDoc',
    MealCard: '../models/canteen.model.js#MealCardDoc',
    MealRedemption: '../models/canteen.model.js#MealRedemptionDoc',
    CanteenMonth: '../services/canteen.service.js#CanteenMonthView',
    Room: '../models/room.model.js#RoomDoc',
    RoomBooking: '../models/room.model.js#BookingDoc',
    Organization: '../models/canteen.model.js#OrganizationDoc',
    MeetingUnitRecord: '../models/canteen.model.js#OrganizationDoc',
    Alliance: '../models/canteen.model.js#AllianceDoc',
    PurchasedServiceProject: '../models/project.model.js#ProjectDoc',
    LeaderboardEntry: '../services/leaderboard.service.js#LeaderboardPlace',
  },
});
