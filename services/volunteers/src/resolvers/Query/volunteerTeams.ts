import type { QueryResolvers } from '../../__generated__/resolvers-types.js';
import * as teamService from '../../services/team.service.js';

export const volunteerTeams: NonNullable<QueryResolvers['volunteerTeams']> = (_, args, ctx) => teamService.teams(ctx, args.communityId);
