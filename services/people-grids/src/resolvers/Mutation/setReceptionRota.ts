import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as rosterService from '../../services/roster.service.js';

export const setReceptionRota: NonNullable<MutationResolvers['setReceptionRota']> = (_, args, ctx) =>
  rosterService.setReceptionRota(ctx, args.input);
