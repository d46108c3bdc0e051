import { documentId as id } from '@jwh/platform';
import type { JointMeetingResolvers } from '../__generated__/resolvers-types.js';
import { visibleItems } from '../services/suggestion.service.js';

export const JointMeeting: JointMeetingResolvers = {
  id,
  items: (m, _, ctx) => visibleItems(ctx, m.items),
};
