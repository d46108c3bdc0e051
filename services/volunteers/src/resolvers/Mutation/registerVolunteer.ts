import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as teamService from '../../services/team.service.js';

export const registerVolunteer: NonNullable<MutationResolvers['registerVolunteer']> = (_, args, ctx) =>
  teamService.registerVolunteer(ctx, args.input);
