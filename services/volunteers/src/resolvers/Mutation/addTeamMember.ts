import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import * as teamService from '../../services/team.service.js';

export const addTeamMember: NonNullable<MutationResolvers['addTeamMember']> = (_, args, ctx) => teamService.addTeamMember(ctx, args.input);
