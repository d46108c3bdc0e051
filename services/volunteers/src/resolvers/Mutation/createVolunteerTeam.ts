import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as teamService from '../../services/team.service.js';

export const createVolunteerTeam: NonNullable<MutationResolvers['createVolunteerTeam']> = (_, args, ctx) =>
  teamService.createTeam(ctx, args.input);
