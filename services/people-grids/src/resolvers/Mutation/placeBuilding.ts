import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as buildingService from '../../services/building.service.js';

export const placeBuilding: NonNullable<MutationResolvers['placeBuilding']> = (_, args, ctx) =>
  buildingService.placeBuilding(ctx, args.input);
