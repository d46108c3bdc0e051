import { maybeEntityRef } from '@jwh/platform';
import type { LeaderboardEntryResolvers } from '../__generated__/resolvers-types.js';

export const LeaderboardEntry: LeaderboardEntryResolvers = {
  resident: (p) => maybeEntityRef(p.residentId),
  // Through the scoped loader: null for a volunteer the viewer may not see.
  volunteer: (p, _, ctx) => ctx.loaders.volunteer.load(String(p.volunteerId)),
  isViewer: (p, _, ctx) => p.residentId != null && String(p.residentId) === ctx.viewer.residentId,
  activitiesAttended: (p) => p.activities,
};
