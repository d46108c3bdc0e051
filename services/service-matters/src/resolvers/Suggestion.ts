import { documentId as id, maybeEntityRef } from '@jwh/platform';
import type { SuggestionResolvers } from '../__generated__/resolvers-types.js';
import { finalReply } from '../services/suggestion.service.js';

export const Suggestion: SuggestionResolvers = {
  id,
  resident: (s) => maybeEntityRef(s.residentId),
  finalReply: (s) => finalReply(s),
  jointMeeting: (s, _, ctx) => (s.jointMeetingId ? ctx.loaders.jointMeeting.load(String(s.jointMeetingId)) : null),
};
