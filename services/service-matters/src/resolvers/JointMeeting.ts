import { documentId as id } from '@jwh/platform';
import type { JointMeetingResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { visibleItems } from '../services/suggestion.service.js';

const meetingOf = (id: unknown, ctx: Context) => (id ? ctx.loaders.jointMeeting.load(String(id)) : null);

export const JointMeeting: JointMeetingResolvers = {
  id,
  // Each item knows its meeting: a part names its unit from the meeting's units.
  items: (m, _, ctx) => visibleItems(ctx, m.items).map((i) => ({ ...i, meeting: m })),
  previousMeeting: (m, _, ctx) => meetingOf(m.previousMeetingId, ctx),
  nextMeeting: (m, _, ctx) => meetingOf(m.nextMeetingId, ctx),
};
