import { BadUserInputError, NotFoundError, existing, isObjectId, localDate, localDateTime, type PageArgs } from '@jwh/platform';
import { Types } from 'mongoose';
import type { Context } from '../context.js';
import type { CreateActivityInput } from '../__generated__/resolvers-types.js';
import type { ActivityDoc, OrganizationDoc, RoomDoc } from '../models/index.js';
import { changingSignUps } from './activity-counts.js';
import { earning } from './leaderboard-tally.js';
import { activityCancelled } from './reminders.service.js';
import { holdRoom, releaseActivityRoom, releaseRoom, type RoomHold } from './room.service.js';
import { pageOf } from '@jwh/platform';

export async function createActivity(ctx: Context, input: CreateActivityInput) {
  if (!isObjectId(input.communityId) || !ctx.viewer.communityIds.includes(input.communityId))
    throw new BadUserInputError('input.communityId', '不在您的社区 (not your community)');
  const title = (input.title ?? '').trim();
  if (title.length < 2 || title.length > 60) throw new BadUserInputError('input.title', '2–60 个字符');
  const organiser = (input.organiser ?? '').trim();
  if (organiser.length < 2 || organiser.length > 60) throw new BadUserInputError('input.organiser', '2–60 个字符');
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000)
    throw new BadUserInputError('input.capacity', '1–1000');
  const { startsAt, signupOpensAt } = input;
  const endsAt = input.endsAt ?? new Date(startsAt.getTime() + DEFAULT_LENGTH_MS);
  if (endsAt <= startsAt) throw new BadUserInputError('input.endsAt', '须晚于活动开始 (after the activity starts)');
  if (signupOpensAt >= startsAt) throw new BadUserInputError('input.signupOpensAt', '须早于活动开始 (before the activity starts)');
  const priorityOpensAt = input.priorityOpensAt ?? null;
  if (priorityOpensAt && priorityOpensAt >= signupOpensAt)
    throw new BadUserInputError('input.priorityOpensAt', '须早于普通报名 (before the regular window)');
  const priorityMinPoints = input.priorityMinPoints ?? 0;
  const priorityCost = input.priorityCost ?? 0;
  if (!Number.isInteger(priorityMinPoints) || priorityMinPoints < 0) throw new BadUserInputError('input.priorityMinPoints', '≥ 0');
  if (!Number.isInteger(priorityCost) || priorityCost < 0) throw new BadUserInputError('input.priorityCost', '≥ 0');
  if (
    input.organizationId != null &&
    !(isObjectId(input.organizationId) && (await ctx.models.Organization.exists({ _id: input.organizationId })))
  ) {
    throw new BadUserInputError('input.organizationId', '没有这个组织 (no such organisation)');
  }
  if (
    input.roomId != null &&
    !(isObjectId(input.roomId) && (await ctx.models.Room.exists({ _id: input.roomId, communityId: input.communityId })))
  ) {
    throw new BadUserInputError('input.roomId', '须为本社区的活动室 (one of the community’s rooms)');
  }
  const activityId = new Types.ObjectId();
  const hold = input.roomId != null ? await holdRoom(ctx, roomHold(input.roomId, activityId, title, startsAt, endsAt)) : null;
  try {
    return (
      await ctx.models.Activity.create({
        _id: activityId,
        communityId: input.communityId,
        roomId: input.roomId ?? null,
        title,
        organiser,
        organizationId: input.organizationId ?? null,
        volunteersOnly: Boolean(input.volunteersOnly),
        place: input.place ?? '',
        startsAt,
        endsAt,
        capacity: input.capacity,
        signupOpensAt,
        priorityOpensAt,
        priorityMinPoints,
        priorityCost,
      })
    ).toObject();
  } catch (err) {
    // An activity not written holds no room.
    if (hold) await releaseRoom(ctx, hold._id);
    throw err;
  }
}

/** When an activity ends (rows from before the end was kept: two hours after the start). */
export const activityEnd = (a: Pick<ActivityDoc, 'startsAt' | 'endsAt'>): Date =>
  a.endsAt ?? new Date(a.startsAt.getTime() + DEFAULT_LENGTH_MS);

/** How long an activity runs when its end is not given. */
const DEFAULT_LENGTH_MS = 2 * 3_600_000;
const HALF_HOUR_MS = 30 * 60_000;

/** `HH:mm` of an instant in local time, rounded down (or up) to the half-hour. */
function halfHourOf(instant: Date, up: boolean): string {
  const t = new Date((up ? Math.ceil : Math.floor)(instant.getTime() / HALF_HOUR_MS) * HALF_HOUR_MS);
  return localDateTime(t).slice(11, 16);
}

/**
 * The half-hours an activity holds its room: from its start (rounded down) to its end (rounded up),
 * on its local date. An activity in a room ends the same day (refused otherwise, on `input.endsAt`).
 */
function roomHold(roomId: string, activityId: Types.ObjectId, title: string, startsAt: Date, endsAt: Date): RoomHold {
  const date = localDate(startsAt);
  const end = halfHourOf(endsAt, true);
  const lastMoment = new Date(endsAt.getTime() - 1);
  if (localDate(lastMoment) !== date)
    throw new BadUserInputError('input.endsAt', '在活动室的活动须当天结束 (an activity in a room ends the same day)');
  return { roomId, activityId, title, date, start: halfHourOf(startsAt, false), end: end === '00:00' ? '24:00' : end };
}

/** Cancels an activity (with the reason residents are told); its reminders are withdrawn. */
export async function cancelActivity(ctx: Context, args: { id: string; reason: string }) {
  if (!isObjectId(args.id)) throw new BadUserInputError('id', '无效的编号 (invalid id)');
  const reason = (args.reason ?? '').trim();
  if (reason.length < 2 || reason.length > 200) throw new BadUserInputError('reason', '2–200 个字符 (2–200 characters)');
  const activity = await ctx.models.Activity.findOne({ _id: args.id, communityId: { $in: ctx.viewer.communityIds } })
    .lean()
    .exec();
  if (!activity) throw new NotFoundError('activity', args.id);
  const updated = await ctx.models.Activity.findOneAndUpdate(
    { _id: activity._id },
    { $set: { status: 'CANCELLED', cancelReason: reason } },
    { new: true },
  )
    .lean()
    .exec();
  await activityCancelled(ctx, args.id);
  await releaseActivityRoom(ctx, activity._id);
  return existing(updated, 'activity', args.id);
}

/**
 * The communities whose activities, rooms and volunteer teams a viewer sees: its own (a street
 * admin's, its street's); a partner's, those its organisation serves.
 */
export async function viewerCommunities(ctx: Context): Promise<Set<string>> {
  if (ctx.viewer.role !== 'PARTNER') return new Set(ctx.viewer.communityIds);
  const orgId = ctx.viewer.orgId;
  const org = orgId && isObjectId(orgId) ? await ctx.loaders.organization.load(orgId) : null;
  return new Set((org?.communityIds ?? []).map(String));
}

/** True when the viewer may see the activity: one of its communities', or (a partner) one its organisation runs. */
export async function canSeeActivity(ctx: Context, a: ActivityDoc): Promise<boolean> {
  if (ctx.viewer.role === 'PARTNER' && a.organizationId && String(a.organizationId) === ctx.viewer.orgId) return true;
  return (await viewerCommunities(ctx)).has(String(a.communityId));
}

/** An activity by id, or null when there is none or the viewer may not see it. */
export async function activity(ctx: Context, id: string): Promise<ActivityDoc | null> {
  const a = await ctx.loaders.activity.load(id);
  return a && (await canSeeActivity(ctx, a)) ? a : null;
}

/** The activities of those given the viewer may see, in their order. */
export async function visibleActivities(ctx: Context, rows: ActivityDoc[]): Promise<ActivityDoc[]> {
  const seen = await Promise.all(rows.map((a) => canSeeActivity(ctx, a)));
  return rows.filter((_, i) => seen[i]);
}

/** A community's activities, soonest first; none of a community the viewer does not see. */
export async function activities(ctx: Context, communityId: string) {
  if (!isObjectId(communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
  if (!(await viewerCommunities(ctx)).has(communityId)) return [];
  return ctx.models.Activity.find({ communityId }).sort({ startsAt: 1 }).limit(200).lean().exec();
}

export async function activitySignUps(ctx: Context, activityId: string, args: PageArgs) {
  if (!isObjectId(activityId)) throw new BadUserInputError('activityId', '无效的编号 (invalid id)');
  const activity = await ctx.loaders.activity.load(activityId);
  if (!activity || !ctx.viewer.communityIds.includes(String(activity.communityId))) throw new NotFoundError('activity', activityId);
  const states = ['CONFIRMED', 'WAITLISTED'];
  return pageOf(
    ctx.models.SignUp,
    { activityId, status: { $in: states } },
    states.map((status) => ({ activityId, status })),
    args,
  );
}

export async function checkIn(ctx: Context, signUpId: string) {
  if (!isObjectId(signUpId)) throw new BadUserInputError('signUpId', '无效的编号 (invalid id)');
  const s = await ctx.models.SignUp.findById(signUpId).lean().exec();
  const activity = s && (await ctx.loaders.activity.load(String(s.activityId)));
  if (!s || !activity || !ctx.viewer.communityIds.includes(String(activity.communityId))) throw new NotFoundError('sign-up', signUpId);
  if (s.status !== 'CONFIRMED') throw new BadUserInputError('signUpId', `${s.status} 的报名不能签到 (only confirmed sign-ups check in)`);
  const day = localDate(activity.startsAt);
  if (localDate() !== day)
    throw new BadUserInputError('signUpId', `只能在活动当天(${day})签到 (check-in on the activity's day only, ${day})`);
  const checkIn = () =>
    changingSignUps(ctx, s.activityId, () =>
      ctx.models.SignUp.findOneAndUpdate(
        { _id: signUpId },
        // Checked in on the activity's day; a second check-in keeps the first's time.
        { $set: { attended: true, volunteerCall: activity.volunteersOnly, ...(s.attended ? {} : { attendedAt: new Date() }) } },
        { new: true },
      )
        .lean()
        .exec(),
    );
  // A volunteer checked in at a volunteer call has one more activity on the points leaderboard.
  const volunteer = activity.volunteersOnly ? await ctx.models.Volunteer.findOne({ residentId: s.residentId }).lean().exec() : null;
  const checkedIn = volunteer ? await earning(ctx, volunteer, checkIn, (done) => done?.attendedAt ?? null) : await checkIn();
  return existing(checkedIn, 'sign-up', signUpId);
}

/** The room an activity takes place in, if one of the community's. */
export function activityRoom(ctx: Context, a: ActivityDoc): Promise<RoomDoc | null> | null {
  return a.roomId ? ctx.loaders.room.load(String(a.roomId)) : null;
}

/** The organisation running an activity, if any. */
export function activityOrganization(ctx: Context, a: ActivityDoc): Promise<OrganizationDoc | null> | null {
  return a.organizationId ? ctx.loaders.organization.load(String(a.organizationId)) : null;
}

/** An activity's confirmed, waitlisted and attended sign-ups (its read model, services/activity-counts.ts). */
export function activityCounts(ctx: Context, a: ActivityDoc) {
  return ctx.loaders.activityCounts.load(a);
}

/** An organisation's activities the viewer may see, soonest first. */
export async function organizationActivities(ctx: Context, o: OrganizationDoc): Promise<ActivityDoc[]> {
  return visibleActivities(ctx, await ctx.loaders.activitiesByOrganization.load(String(o._id)));
}
