import { documentId as id } from '@jwh/platform';
import type { ActivityResolvers } from '../__generated__/resolvers-types.js';
import { activityCounts, activityEnd, activityOrganization, activityRoom } from '../services/activity.service.js';

export const Activity: ActivityResolvers = {
  id,
  confirmed: async (a, _, ctx) => (await activityCounts(ctx, a)).confirmed,
  waitlisted: async (a, _, ctx) => (await activityCounts(ctx, a)).waitlisted,
  attended: async (a, _, ctx) => (await activityCounts(ctx, a)).attended,
  room: (a, _, ctx) => activityRoom(ctx, a),
  endsAt: (a) => activityEnd(a),
  organization: (a, _, ctx) => activityOrganization(ctx, a),
};
