import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as gridService from '../../services/grid.service.js';

export const moveHousehold: NonNullable<MutationResolvers['moveHousehold']> = (_, args, ctx) => gridService.moveHousehold(ctx, args.input);
