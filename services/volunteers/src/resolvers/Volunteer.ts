import { documentId as id, maybeEntityRef } from '@jwh/platform';
import type { VolunteerResolvers } from '../__generated__/resolvers-types.js';
import { shownContact, volunteerTeams } from '../services/team.service.js';
import { pointsHistory } from '../services/volunteer.service.js';

export const Volunteer: VolunteerResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.volunteer.load(ref.id),
  id,
  resident: (v) => maybeEntityRef(v.residentId),
  contact: (v) => shownContact(v.contact),
  teams: (v, _, ctx) => volunteerTeams(ctx, v),
  gridId: (v) => (v.gridId ? String(v.gridId) : null),
  pointsHistory: (v, args, ctx) => pointsHistory(ctx, v, args.first),
};
