import { documentId as id } from '@jwh/platform';
import type { VolunteerTeamResolvers } from '../__generated__/resolvers-types.js';
import { teamMembers } from '../services/team.service.js';

export const VolunteerTeam: VolunteerTeamResolvers = {
  id,
  members: (t, _, ctx) => teamMembers(ctx, t),
};
