import type { ResidentResolvers } from '../__generated__/resolvers-types.js';
import { residentRequests } from '../services/request.service.js';

export const Resident: ResidentResolvers = {
  __resolveReference: (r) => r,
  serviceRequests: (r, args, ctx) => residentRequests(ctx, r.id, args.first),
  suggestions: (r, _, ctx) => ctx.loaders.suggestionsByResident.load(r.id),
};
