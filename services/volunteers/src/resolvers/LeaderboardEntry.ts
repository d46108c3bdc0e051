import { maybeEntityRef } from '@jwh/platform';
import type { LeaderboardEntryResolvers } from '../__generated__/resolvers-types.js';

export const LeaderboardEntry: LeaderboardEntryResolvers = {
  // Even an id is the viewer's only where it may see the resident: the gateway answers `resident { id }`
  // from this subgraph alone, so the scope is decided here. Staff of the community: everyone on the
  // board; a grid worker: its grids' volunteers (the scoped loader); a resident: itself.
  resident: async (p, _, ctx) => {
    if (p.residentId == null) return null;
    const { role, residentId } = ctx.viewer;
    if (role === 'STREET_ADMIN' || role === 'COMMUNITY_STAFF') return maybeEntityRef(p.residentId);
    if (role === 'GRID_WORKER') return (await ctx.loaders.volunteer.load(String(p.volunteerId))) ? maybeEntityRef(p.residentId) : null;
    return String(p.residentId) === residentId ? maybeEntityRef(p.residentId) : null;
  },
  // Through the scoped loader: null for a volunteer the viewer may not see.
  volunteer: (p, _, ctx) => ctx.loaders.volunteer.load(String(p.volunteerId)),
  isViewer: (p, _, ctx) => p.residentId != null && String(p.residentId) === ctx.viewer.residentId,
  activitiesAttended: (p) => p.activities,
};
