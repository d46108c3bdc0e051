import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, isObjectId, ownRetry, isDuplicateKeyError } from '@jwh/platform';
import { type Types } from 'mongoose';
import type { Context } from '../context.js';
import type { SignUpInput, SignUpOutcome } from '../__generated__/resolvers-types.js';
import type { ActivityDoc, SignUpDoc } from '../models/index.js';
import { canSeeActivity } from './activity.service.js';
import { changingSignUps } from './activity-counts.js';
import { residentPlacement } from './resident-placement.js';
import { applyPoints } from './points.service.js';
import { LEDGER_KINDS } from './points-ledger.js';
import { signUpReminders } from './reminders.service.js';

/** Reminds the resident of the activity, or withdraws the reminder (ids and times only). */
async function signUpChanged(ctx: Context, s: { activityId: unknown; residentId?: unknown; status: string }, promoted = false) {
  const activity = await ctx.models.Activity.findById(s.activityId, { startsAt: 1, status: 1 }).lean().exec();
  // A cancelled activity reminds nobody (its reminders were withdrawn when it was cancelled).
  if (!activity || activity.status === 'CANCELLED') return;
  await signUpReminders(ctx, {
    activityId: String(s.activityId),
    residentId: s.residentId ? String(s.residentId) : null,
    status: s.status,
    startsAt: activity.startsAt.toISOString(),
    promoted,
  });
}

/**
 * The sign-up a clientRequestId made, once it has settled: a retry that arrives while the first
 * call is still being processed (a client gave up waiting under a burst) waits for its outcome
 * instead of answering ALREADY_SIGNED_UP. Null when the key is unknown.
 */
async function settled(ctx: Context, key: string) {
  for (let waited = 0; ; waited += 200) {
    const s = ownRetry(await ctx.models.SignUp.findOne({ clientRequestId: key }).lean().exec(), ctx.viewer.sub, 'input.clientRequestId');
    if (!s || s.status !== 'PENDING') return s;
    if (waited >= 30_000) throw new ConflictError('报名仍在处理中,请稍后重试 (still being processed: retry shortly)');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What a sign-up attempt came to (the schema's SignUpResult). */
export interface SignUpAttempt {
  outcome: SignUpOutcome;
  signUp: SignUpDoc | null;
}

/**
 * What a retried call answers: the outcome of the sign-up it made. A sign-up cancelled since was
 * made all the same: the retry says so (ALREADY_SIGNED_UP) and shows it, cancelled.
 */
function retried(s: SignUpDoc): SignUpAttempt {
  return { outcome: s.status === 'CONFIRMED' || s.status === 'WAITLISTED' ? s.status : 'ALREADY_SIGNED_UP', signUp: s };
}

/** Takes seat `seatNo` of an activity for a sign-up; false when someone holds it. */
async function takeSeat(ctx: Context, activityId: unknown, seatNo: number, signUpId: unknown): Promise<boolean> {
  try {
    await ctx.models.Seat.create({ key: `${String(activityId)}#${seatNo}`, signUpId });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

async function freeSeatNumbers(ctx: Context, activity: { _id: unknown; capacity: number }): Promise<number[]> {
  const taken = new Set(
    (await ctx.models.SignUp.find({ activityId: activity._id, status: 'CONFIRMED' }, { seatNo: 1 }).lean().exec()).map((s) => s.seatNo),
  );
  return Array.from({ length: activity.capacity }, (_, i) => i + 1).filter((n) => !taken.has(n));
}

/**
 * Signs a resident up, fairly under a burst: every sign-up gets an arrival number from one atomic
 * Redis counter; arrival n ≤ capacity takes seat n, later ones join the waitlist in arrival order
 * (or take a freed seat when nobody waits). Seats are unique keys, so no seat is ever given twice
 * and no resident signs up twice. In the earlier priority window only volunteers with enough
 * points sign up, and the points are deducted exactly once (ledger key per sign-up).
 */
export async function signUp(ctx: Context, input: SignUpInput): Promise<SignUpAttempt> {
  const key = (input.clientRequestId ?? '').trim();
  if (key.length < 8 || key.length > 100) throw new BadUserInputError('input.clientRequestId', '8–100 characters');
  const retry = await settled(ctx, key);
  if (retry) return retried(retry);
  if (!isObjectId(input.activityId)) throw new BadUserInputError('input.activityId', '无效的编号 (invalid id)');
  const who = await whoSignsUp(ctx, input.residentId);
  const { residentId } = who;
  const activity = await ctx.models.Activity.findById(input.activityId).lean().exec();
  // Another community's activity is not found, as `activity(id)` answers null for it.
  if (!activity || !(await canSeeActivity(ctx, activity))) throw new NotFoundError('activity', input.activityId);
  const now = new Date();
  const priority = now < activity.signupOpensAt;
  let volunteer = null;
  if (priority) {
    if (!activity.priorityOpensAt || now < activity.priorityOpensAt)
      throw new BadUserInputError('input.activityId', '报名尚未开始 (sign-up has not opened)');
    // A priority place spends the resident's own points: only the resident decides that.
    if (who.signedUpBy)
      throw new BadUserInputError(
        'input.activityId',
        '优先报名须由居民本人操作,代报名请在正常报名开始后进行 (a priority sign-up spends the resident’s points: staff sign up from general sign-up on)',
      );
    volunteer = await ctx.models.Volunteer.findOne({ residentId }).lean().exec();
    if (!volunteer || volunteer.pointsBalance < Math.max(activity.priorityMinPoints, activity.priorityCost))
      return { outcome: 'INSUFFICIENT_POINTS', signUp: null };
  }
  if (now > activity.startsAt) throw new BadUserInputError('input.activityId', '活动已开始 (the activity has started)');
  if (activity.status === 'CANCELLED') throw new BadUserInputError('input.activityId', '活动已取消 (the activity is cancelled)');
  if (activity.volunteersOnly && !(volunteer ?? (await ctx.models.Volunteer.findOne({ residentId }).lean().exec()))) {
    throw new BadUserInputError('input.activityId', '志愿者招募仅限已登记的志愿者 (a volunteer call is for registered volunteers)');
  }

  let doc;
  try {
    doc = (
      await ctx.models.SignUp.create({
        clientRequestId: key,
        createdBy: ctx.viewer.sub,
        activityId: activity._id,
        communityId: activity.communityId,
        residentId,
        householdId: who.householdId,
        gridId: who.gridId,
        signedUpBy: who.signedUpBy,
        activeKey: `${activity._id}:${residentId}`,
        priority,
        status: 'PENDING',
      })
    ).toObject();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const same = await settled(ctx, key);
    if (same) return retried(same);
    return { outcome: 'ALREADY_SIGNED_UP', signUp: null };
  }
  const arrival = await ctx.redis.incr(`${ctx.queuePrefix}:activity:${String(activity._id)}:arrivals`);
  let seatNo: number | null = null;
  if (arrival <= activity.capacity && (await takeSeat(ctx, activity._id, arrival, doc._id))) seatNo = arrival;
  if (seatNo === null && !(await ctx.models.SignUp.exists({ activityId: activity._id, status: 'WAITLISTED' }))) {
    for (const n of await freeSeatNumbers(ctx, activity)) {
      if (await takeSeat(ctx, activity._id, n, doc._id)) {
        seatNo = n;
        break;
      }
    }
  }
  if (priority) {
    const charged =
      seatNo !== null &&
      (await applyPoints(
        ctx,
        String(volunteer!._id),
        -activity.priorityCost,
        `优先报名: ${activity.title}`,
        `${LEDGER_KINDS.SPENT}${String(doc._id)}`,
      ));
    if (!charged) {
      if (seatNo !== null) await ctx.models.Seat.deleteOne({ key: `${String(activity._id)}#${seatNo}`, signUpId: doc._id }).exec();
      await ctx.models.SignUp.deleteOne({ _id: doc._id }).exec();
      return { outcome: seatNo === null ? 'FULL' : 'INSUFFICIENT_POINTS', signUp: null };
    }
  }
  const status = seatNo === null ? 'WAITLISTED' : 'CONFIRMED';
  const saved = await changingSignUps(ctx, activity._id, () =>
    ctx.models.SignUp.findOneAndUpdate({ _id: doc._id }, { $set: { status, seatNo, arrival } }, { new: true }).lean().exec(),
  );
  if (saved) await signUpChanged(ctx, saved);
  return { outcome: status, signUp: saved };
}

/** Who a sign-up is for: the resident, its household and small grid (the sign-up's row scope), and the staff member signing it up. */
interface SignUpFor {
  residentId: string;
  householdId: string | null;
  gridId: string | null;
  signedUpBy: string | null;
}

/**
 * Who a sign-up is for. A resident signs up for itself (naming anyone else is refused). Staff sign
 * up a named resident (an elder without a phone login, at the door): one people-grids shows them
 * (their scope, read with their own identity), recorded with the staff member.
 */
async function whoSignsUp(ctx: Context, named: string | null | undefined): Promise<SignUpFor> {
  const { viewer } = ctx;
  if (viewer.role === 'RESIDENT') {
    if (!viewer.residentId) throw new ForbiddenError('只有居民本人可以报名 (residents sign up for themselves)');
    if (named != null && named !== viewer.residentId)
      throw new BadUserInputError('input.residentId', '居民只能为本人报名 (a resident signs up for itself)');
    return { residentId: viewer.residentId, householdId: viewer.householdId ?? null, gridId: await ownGrid(ctx), signedUpBy: null };
  }
  if (named == null) throw new BadUserInputError('input.residentId', '请指定报名的居民 (name the resident signed up)');
  if (!isObjectId(named)) throw new BadUserInputError('input.residentId', '无效的编号 (invalid id)');
  const placement = await residentPlacement(ctx, named);
  if (!placement) throw new BadUserInputError('input.residentId', '居民不存在或不在您的范围 (no such resident in your scope)');
  return { residentId: named, householdId: placement.householdId, gridId: placement.gridId, signedUpBy: viewer.sub };
}

/**
 * The signing-up resident's small grid, for its grid worker's view of the sign-up: read from
 * people-grids with the resident's own identity (its own household). Null when the token names no
 * household (people-grids would show it nothing) or people-grids does not answer: a sign-up never
 * waits on another subgraph's outage, it is then seen by the resident and staff only.
 */
async function ownGrid(ctx: Context): Promise<string | null> {
  const { residentId, householdId } = ctx.viewer;
  if (!residentId || !householdId) return null;
  try {
    return (await residentPlacement(ctx, residentId))?.gridId ?? null;
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, 'sign-up without its grid: people-grids did not answer');
    return null;
  }
}

/** Gives a freed seat to the earliest waiting sign-up (by arrival), if any. */
async function promote(ctx: Context, activityId: Types.ObjectId, seatNo: number) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = await ctx.models.SignUp.findOne({ activityId, status: 'WAITLISTED' }).sort({ arrival: 1 }).lean().exec();
    if (!next) return null;
    if (!(await takeSeat(ctx, activityId, seatNo, next._id))) return null;
    const promoted = await ctx.models.SignUp.findOneAndUpdate(
      { _id: next._id, status: 'WAITLISTED' },
      { $set: { status: 'CONFIRMED', seatNo } },
      { new: true },
    )
      .lean()
      .exec();
    if (promoted) {
      await signUpChanged(ctx, promoted, true);
      return promoted;
    }
    await ctx.models.Seat.deleteOne({ key: `${String(activityId)}#${seatNo}`, signUpId: next._id }).exec();
  }
  return null;
}

/**
 * Whether the viewer may cancel a sign-up: a resident its own; community staff those of their
 * communities' activities (as `checkIn`); a grid worker those of its grids' residents or made by itself.
 */
function mayCancel(ctx: Context, s: SignUpDoc, activity: ActivityDoc | null): boolean {
  const { viewer } = ctx;
  if (viewer.role === 'RESIDENT') return viewer.residentId != null && String(s.residentId) === viewer.residentId;
  if (!activity || !viewer.communityIds.includes(String(activity.communityId))) return false;
  if (viewer.role !== 'GRID_WORKER') return true;
  return s.signedUpBy === viewer.sub || (s.gridId != null && viewer.gridIds.includes(String(s.gridId)));
}

/**
 * Gives back the points a priority sign-up paid when it was cancelled before the activity started
 * (one ledger key per sign-up: a retry never refunds twice). A cancellation after the start keeps them.
 */
async function refundPriority(ctx: Context, s: SignUpDoc, activity: ActivityDoc): Promise<SignUpDoc> {
  if (!s.priority || !s.cancelledAt || s.cancelledAt >= activity.startsAt) return s;
  const paid = await ctx.models.PointsEntry.findOne({ idempotencyKey: `${LEDGER_KINDS.SPENT}${String(s._id)}` })
    .lean()
    .exec();
  if (!paid || paid.delta >= 0) return s;
  const refund = await applyPoints(
    ctx,
    String(paid.volunteerId),
    -paid.delta,
    `取消优先报名退还: ${activity.title}`,
    `${LEDGER_KINDS.REFUNDED}${String(s._id)}`,
  );
  if (!refund) return s;
  return (
    (await ctx.models.SignUp.findOneAndUpdate({ _id: s._id }, { $set: { pointsRefunded: refund.delta } }, { new: true })
      .lean()
      .exec()) ?? s
  );
}

/** Cancels a sign-up; a freed seat goes to the first on the waitlist at once; a priority sign-up's points come back before the start. */
export async function cancelSignUp(ctx: Context, id: string) {
  if (!isObjectId(id)) throw new BadUserInputError('id', '无效的编号 (invalid id)');
  const current = await ctx.models.SignUp.findById(id).lean().exec();
  const activity = current ? await ctx.loaders.activity.load(String(current.activityId)) : null;
  if (!current || !mayCancel(ctx, current, activity)) throw new NotFoundError('sign-up', id);
  if (!['CONFIRMED', 'WAITLISTED'].includes(current.status)) {
    // A retry after a cancellation whose refund did not get written finishes it (once, by its key).
    if (current.status === 'CANCELLED' && activity) await refundPriority(ctx, current, activity);
    throw new ConflictError('报名已取消 (already cancelled)');
  }
  // The cancellation and a promotion change the activity's counts (activity-counts.ts).
  const cancelled = await changingSignUps(ctx, current.activityId, async () => {
    const done = await ctx.models.SignUp.findOneAndUpdate(
      { _id: id, status: current.status },
      { $set: { status: 'CANCELLED', activeKey: `cancelled:${id}`, cancelledBy: ctx.viewer.sub, cancelledAt: new Date() } },
      { new: true },
    )
      .lean()
      .exec();
    if (!done) throw new ConflictError('报名刚被更新 (the sign-up just changed)');
    await signUpChanged(ctx, done);
    if (current.status === 'CONFIRMED' && current.seatNo) {
      await ctx.models.Seat.deleteOne({ key: `${String(current.activityId)}#${current.seatNo}`, signUpId: current._id }).exec();
      await promote(ctx, current.activityId, current.seatNo);
    }
    return done;
  });
  return activity ? refundPriority(ctx, cancelled, activity) : cancelled;
}

/** The position on the waitlist (1 = next), or null when not waiting: from the activity's waitlist (one equality read). */
export async function waitlistPosition(ctx: Context, s: { status: string; activityId: unknown; arrival?: number | null }) {
  if (s.status !== 'WAITLISTED' || s.arrival == null) return null;
  const waiting = await ctx.models.SignUp.find({ activityId: s.activityId, status: 'WAITLISTED' }, { arrival: 1 }).lean().exec();
  return waiting.filter((w) => w.arrival != null && w.arrival < s.arrival!).length + 1;
}
