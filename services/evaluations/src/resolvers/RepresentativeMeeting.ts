import { documentId as id, entityRef as ref } from '@jwh/platform';
import type { RepresentativeMeetingResolvers } from '../__generated__/resolvers-types.js';
import { paperBatches } from '../services/paper-ballot.service.js';
import { tally } from '../services/vote.service.js';

export const RepresentativeMeeting: RepresentativeMeetingResolvers = {
  id,
  community: (m) => ref(m.communityId),
  workers: (m) => m.staffIds.map(ref),
  representatives: (m) => m.representativeIds.length,
  ballotsCast: async (m, _, ctx) => (await tally(ctx, m)).cast,
  paperBallots: async (m, _, ctx) => (await tally(ctx, m)).paper,
  present: async (m, _, ctx) => (await tally(ctx, m)).present,
  paperBatches: (m, _, ctx) => paperBatches(ctx, m._id),
  results: async (m, _, ctx) => (m.status === 'CLOSED' ? (await tally(ctx, m)).results : null),
  overall: async (m, _, ctx) => (m.status === 'CLOSED' ? (await tally(ctx, m)).overall : null),
};
