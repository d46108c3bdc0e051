import type { ResidentResolvers } from '../__generated__/resolvers-types.js';
import { residentMealCard } from '../services/canteen.service.js';
import { residentVolunteer } from '../services/volunteer.service.js';

export const Resident: ResidentResolvers = {
  __resolveReference: (ref) => ref,
  signUps: (r, _, ctx) => ctx.loaders.signUpsByResident.load(r.id),
  mealCard: (r, _, ctx) => residentMealCard(ctx, r.id),
  volunteer: (r, _, ctx) => residentVolunteer(ctx, r.id),
};
