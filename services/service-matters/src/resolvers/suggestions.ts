import type { PageArgs } from '@jwh/platform';
import type { Context } from '../context.js';
import type { JointMeetingDoc, SuggestionDoc } from '../models/index.js';
import * as svc from '../services/suggestion.service.js';

/** Root fields and types of suggestions and joint meetings (thin: the rules are in the service). */
export const suggestionQueries = {
  suggestions: (_: unknown, args: PageArgs & { filter?: svc.SuggestionFilter | null }, ctx: Context) => svc.listSuggestions(ctx, args.filter ?? {}, args),
  jointMeetings: (_: unknown, args: { communityId?: string | null }, ctx: Context) => svc.listJointMeetings(ctx, args.communityId),
  openFollowUps: (_: unknown, args: { communityId?: string | null }, ctx: Context) => svc.openFollowUps(ctx, args.communityId),
};

export const suggestionMutations = {
  createSuggestion: (_: unknown, args: { input: svc.CreateSuggestionInput }, ctx: Context) => svc.createSuggestion(ctx, args.input),
  advanceSuggestion: (_: unknown, args: { id: string; to: string }, ctx: Context) => svc.advanceSuggestion(ctx, args),
  replyToSuggestion: (_: unknown, args: { id: string; text: string; final?: boolean | null }, ctx: Context) => svc.replyToSuggestion(ctx, args),
  rateSuggestion: (_: unknown, args: { id: string; satisfaction: string }, ctx: Context) => svc.rateSuggestion(ctx, args),
  escalateSuggestion: (_: unknown, args: { id: string; title: string }, ctx: Context) => svc.escalateSuggestion(ctx, args),
  scheduleJointMeeting: (_: unknown, args: { input: Parameters<typeof svc.scheduleJointMeeting>[1] }, ctx: Context) => svc.scheduleJointMeeting(ctx, args.input),
  decideAgendaItem: (_: unknown, args: { input: Parameters<typeof svc.decideAgendaItem>[1] }, ctx: Context) => svc.decideAgendaItem(ctx, args.input),
  completeFollowUp: (_: unknown, args: { meetingId: string; itemId: string }, ctx: Context) => svc.completeFollowUp(ctx, args),
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const Suggestion = {
  id: (s: SuggestionDoc) => String(s._id),
  resident: (s: SuggestionDoc) => (s.residentId ? { id: String(s.residentId) } : null),
  receivedAt: (s: SuggestionDoc) => s.receivedAt.toISOString(),
  replies: (s: SuggestionDoc) => s.replies.map((r) => ({ ...r, at: iso(r.at) })),
  finalReply: (s: SuggestionDoc) => s.replies.find((r) => r.final)?.text ?? null,
  jointMeeting: (s: SuggestionDoc, _: unknown, ctx: Context) => (s.jointMeetingId ? ctx.loaders.jointMeeting.load(String(s.jointMeetingId)) : null),
};

export const JointMeeting = {
  id: (m: JointMeetingDoc) => String(m._id),
  items: (m: JointMeetingDoc, _: unknown, ctx: Context) => svc.visibleItems(ctx, m.items),
};

export const AgendaItem = {
  id: (i: { _id: unknown }) => String(i._id),
  // Within the viewer's suggestion scope: a partner unit or another resident sees the item, not the suggestion.
  suggestion: (i: { suggestionId?: unknown }, _: unknown, ctx: Context) => (i.suggestionId ? ctx.loaders.suggestion.load(String(i.suggestionId)) : null),
};
