import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as rosterService from '../../services/roster.service.js';

export const inspectFacility: NonNullable<MutationResolvers['inspectFacility']> = (_, args, ctx) =>
  rosterService.inspectFacility(ctx, args.input);
