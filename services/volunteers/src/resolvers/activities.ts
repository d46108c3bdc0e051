import type { PageArgs } from '@jwh/platform';
import type { Context } from '../context.js';
import type { ActivityDoc, BookingDoc, PointsEntryDoc, RoomDoc, SignUpDoc } from '../models/index.js';
import * as act from '../services/activity.service.js';
import { confirmHours } from '../services/points.service.js';
import { bookRoom, cancelBooking, rooms } from '../services/room.service.js';
import { cancelSignUp, signUp, waitlistPosition } from '../services/signup.service.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const activityQueries = {
  activity: (_: unknown, args: { id: string }, ctx: Context) => act.activity(ctx, args.id),
  activities: (_: unknown, args: { communityId: string }, ctx: Context) => act.activities(ctx, args.communityId),
  activitySignUps: (_: unknown, args: PageArgs & { activityId: string }, ctx: Context) => act.activitySignUps(ctx, args.activityId, args),
  rooms: (_: unknown, args: { communityId: string }, ctx: Context) => rooms(ctx, args.communityId),
};

export const activityMutations = {
  createActivity: (_: unknown, args: { input: Parameters<typeof act.createActivity>[1] }, ctx: Context) =>
    act.createActivity(ctx, args.input),
  cancelActivity: (_: unknown, args: { id: string; reason: string }, ctx: Context) => act.cancelActivity(ctx, args),
  signUp: (_: unknown, args: { input: { clientRequestId: string; activityId: string } }, ctx: Context) => signUp(ctx, args.input),
  cancelSignUp: (_: unknown, args: { id: string }, ctx: Context) => cancelSignUp(ctx, args.id),
  checkIn: (_: unknown, args: { signUpId: string }, ctx: Context) => act.checkIn(ctx, args.signUpId),
  confirmHours: (_: unknown, args: { input: Parameters<typeof confirmHours>[1] }, ctx: Context) => confirmHours(ctx, args.input),
  bookRoom: (_: unknown, args: { input: Parameters<typeof bookRoom>[1] }, ctx: Context) => bookRoom(ctx, args.input),
  cancelRoomBooking: (_: unknown, args: { id: string }, ctx: Context) => cancelBooking(ctx, args.id),
};

export const Activity = {
  id: (a: ActivityDoc) => String(a._id),
  startsAt: (a: ActivityDoc) => iso(a.startsAt),
  status: (a: ActivityDoc) => a.status ?? 'SCHEDULED',
  signupOpensAt: (a: ActivityDoc) => iso(a.signupOpensAt),
  priorityOpensAt: (a: ActivityDoc) => iso(a.priorityOpensAt),
  confirmed: async (a: ActivityDoc, _: unknown, ctx: Context) => (await ctx.loaders.activityCounts.load(a)).confirmed,
  waitlisted: async (a: ActivityDoc, _: unknown, ctx: Context) => (await ctx.loaders.activityCounts.load(a)).waitlisted,
  attended: async (a: ActivityDoc, _: unknown, ctx: Context) => (await ctx.loaders.activityCounts.load(a)).attended,
  room: (a: ActivityDoc, _: unknown, ctx: Context) => (a.roomId ? ctx.loaders.room.load(String(a.roomId)) : null),
  organization: (a: ActivityDoc, _: unknown, ctx: Context) =>
    a.organizationId ? ctx.loaders.organization.load(String(a.organizationId)) : null,
};

export const SignUp = {
  id: (s: SignUpDoc) => String(s._id),
  activity: (s: SignUpDoc, _: unknown, ctx: Context) => ctx.loaders.activity.load(String(s.activityId)),
  resident: (s: SignUpDoc) => ({ id: String(s.residentId) }),
  waitlistPosition: (s: SignUpDoc, _: unknown, ctx: Context) => waitlistPosition(ctx, s),
};

export const PointsEntry = {
  id: (e: PointsEntryDoc) => String(e._id),
  at: (e: PointsEntryDoc) => e.at.toISOString(),
};

export const Room = {
  id: (r: RoomDoc) => String(r._id),
  bookings: (r: RoomDoc, args: { date: string }, ctx: Context) =>
    ctx.models.Booking.find({ roomId: r._id, status: 'BOOKED', occurrences: args.date }).sort({ start: 1 }).lean().exec(),
};
export const RoomBooking = { id: (b: BookingDoc) => String(b._id) };
