import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as materialsService from '../../services/materials.service.js';

export const tickMaterials: NonNullable<MutationResolvers['tickMaterials']> = (_, args, ctx) =>
  materialsService.tickMaterials(ctx, args.input);
