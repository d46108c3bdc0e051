import { documentId as id } from '@jwh/platform';
import type { OrganizationResolvers } from '../__generated__/resolvers-types.js';
import { organizationActivities } from '../services/activity.service.js';

export const Organization: OrganizationResolvers = {
  id,
  roomId: (o) => (o.roomId ? String(o.roomId) : null),
  communityIds: (o) => o.communityIds.map(String),
  activities: (o, _, ctx) => organizationActivities(ctx, o),
};
