import { documentId as id } from '@jwh/platform';
import type { OrganizationResolvers } from '../__generated__/resolvers-types.js';
import { organizationActivities } from '../services/activity.service.js';
import { contactName, contactPhone, organizationRooms, roomIdsOf } from '../services/organization.service.js';

export const Organization: OrganizationResolvers = {
  id,
  roomId: (o) => roomIdsOf(o)[0] ?? null,
  rooms: (o, _, ctx) => organizationRooms(ctx, o),
  communityIds: (o) => o.communityIds.map(String),
  contactName: (o, _, ctx) => contactName(ctx.viewer, o),
  contactPhone: (o, _, ctx) => contactPhone(ctx.viewer, o),
  status: (o) => o.status ?? 'ACTIVE',
  activities: (o, _, ctx) => organizationActivities(ctx, o),
};
