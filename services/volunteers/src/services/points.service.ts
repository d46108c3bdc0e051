import { BadUserInputError, NotFoundError, isObjectId, withLock, existing, isDuplicateKeyError } from '@jwh/platform';
import type { Context } from '../context.js';
import type { ConfirmHoursInput } from '../__generated__/resolvers-types.js';
import { earning } from './leaderboard-tally.js';
import { LEDGER_KINDS, POINTS_PER_HOUR } from './points-ledger.js';

/**
 * Adds `delta` points to a volunteer's balance, exactly once per `idempotencyKey`, never below
 * zero. The balance check and write run under a per-volunteer Redis lock (FerretDB does not
 * serialise guarded updates); the ledger's unique key makes a retry a no-op.
 * @returns the ledger entry, or null when the balance would go below zero.
 */
export async function applyPoints(ctx: Context, volunteerId: string, delta: number, reason: string, idempotencyKey: string, hours = 0) {
  return withLock(ctx.redis, `${ctx.queuePrefix}:lock:points:${volunteerId}`, async () => {
    const done = await ctx.models.PointsEntry.findOne({ idempotencyKey }).lean().exec();
    if (done) return done;
    const volunteer = await ctx.models.Volunteer.findById(volunteerId).lean().exec();
    if (!volunteer) throw new NotFoundError('volunteer', volunteerId);
    const balanceAfter = volunteer.pointsBalance + delta;
    if (balanceAfter < 0) return null;
    try {
      const entry = (
        await ctx.models.PointsEntry.create({ idempotencyKey, volunteerId, delta, reason, balanceAfter, hours, at: new Date() })
      ).toObject();
      await ctx.models.Volunteer.updateOne(
        { _id: volunteerId },
        { $set: { pointsBalance: balanceAfter }, $inc: { hoursServed: hours } },
      ).exec();
      return entry;
    } catch (err) {
      if (isDuplicateKeyError(err)) return ctx.models.PointsEntry.findOne({ idempotencyKey }).lean().exec();
      throw err;
    }
  });
}

/**
 * Confirms verified hours of a volunteer, crediting POINTS_PER_HOUR points an hour (idempotent), and
 * places the volunteer on its community's points leaderboards (a retry places it again, counting nothing twice).
 */
export async function confirmHours(ctx: Context, input: ConfirmHoursInput) {
  const key = (input.idempotencyKey ?? '').trim();
  if (key.length < 8 || key.length > 100) throw new BadUserInputError('input.idempotencyKey', '8–100 characters');
  if (!isObjectId(input.volunteerId)) throw new BadUserInputError('input.volunteerId', '无效的编号 (invalid id)');
  if (!(input.hours > 0 && input.hours <= 24 && Math.round(input.hours * 2) === input.hours * 2))
    throw new BadUserInputError('input.hours', '0.5–24 小时,以半小时计 (0.5 to 24, in half hours)');
  const volunteer = await ctx.models.Volunteer.findOne({ _id: input.volunteerId, communityId: { $in: ctx.viewer.communityIds } })
    .lean()
    .exec();
  if (!volunteer) throw new NotFoundError('volunteer', input.volunteerId);
  const idempotencyKey = `${LEDGER_KINDS.EARNED}${key}`;
  const entry = await earning(
    ctx,
    volunteer,
    () =>
      applyPoints(
        ctx,
        input.volunteerId,
        Math.round(input.hours * POINTS_PER_HOUR),
        `服务 ${input.hours} 小时${input.note ? `: ${input.note}` : ''}`,
        idempotencyKey,
        input.hours,
      ),
    (e) => e?.at ?? null,
  );
  // A credit never takes the balance below zero: an entry is always made (or found).
  return existing(entry, 'points entry', idempotencyKey);
}
