import { BadUserInputError, ConflictError, NotFoundError, isDuplicateKeyError, stableObjectId, withLock, existing } from '@jwh/platform';
import type { Context } from '../context.js';
import { VOTE_SCORES, type MeetingDoc } from '../models/vote.model.js';
import { requireCommunity, requireId } from './access.js';

export async function openRepresentativeMeeting(
  ctx: Context,
  input: { clientRequestId: string; communityId: string; year: number; title: string; staffIds: string[]; representativeIds: string[] },
) {
  const clientRequestId = (input.clientRequestId ?? '').trim();
  if (clientRequestId.length < 8 || clientRequestId.length > 100)
    throw new BadUserInputError('input.clientRequestId', '长度须为 8–100 个字符 (8–100 characters)');
  const earlier = await ctx.models.RepresentativeMeeting.findOne({ clientRequestId }).lean().exec();
  if (earlier) {
    if (earlier.createdBy !== ctx.viewer.sub) throw new ConflictError('clientRequestId 已被使用 (this clientRequestId is taken)');
    return earlier;
  }
  const communityId = requireId(input.communityId, 'input.communityId');
  requireCommunity(ctx.viewer, communityId, 'input.communityId');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    throw new BadUserInputError('input.year', '年份须为 2000–2100 (2000–2100)');
  const title = (input.title ?? '').trim();
  if (title.length < 2 || title.length > 100) throw new BadUserInputError('input.title', '长度须为 2–100 个字符 (2–100 characters)');
  const staffIds = [...new Set(input.staffIds.map((s, i) => requireId(s, `input.staffIds[${i}]`)))];
  if (staffIds.length < 1 || staffIds.length > 50) throw new BadUserInputError('input.staffIds', '须为 1–50 (1–50)');
  const representativeIds = [...new Set(input.representativeIds.map((r, i) => requireId(r, `input.representativeIds[${i}]`)))];
  if (representativeIds.length < 1 || representativeIds.length > 500)
    throw new BadUserInputError('input.representativeIds', '须为 1–500 (1–500)');
  try {
    return (
      await ctx.models.RepresentativeMeeting.create({
        clientRequestId,
        communityId,
        year: input.year,
        title,
        staffIds,
        representativeIds,
        createdBy: ctx.viewer.sub,
      })
    ).toObject();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return existing(
      await ctx.models.RepresentativeMeeting.findOne({ clientRequestId }).lean().exec(),
      'representative meeting',
      clientRequestId,
    );
  }
}

/** Runs `fn` under the meeting's ballot-box lock (FerretDB does not serialise concurrent updates of one document). */
export function withBallotBox<T>(ctx: Context, meetingId: unknown, fn: () => Promise<T>): Promise<T> {
  return withLock(ctx.redis, `${ctx.queuePrefix}:lock:evaluations:ballot-box:${String(meetingId)}`, fn, { ttlMs: 10_000, waitMs: 30_000 });
}

/**
 * A ballot's counters (`overall.<score>`, `staff.<staffId>.<score>`), checked against the meeting's
 * reporting workers: one score for each, each error naming its field under `at`.
 */
export function ballotIncrements(
  m: MeetingDoc,
  ballot: { scores: { staffId: string; score: string }[]; overall: string },
  at: string,
): Record<string, number> {
  const expected = new Set(m.staffIds.map(String));
  const given = new Map<string, string>();
  ballot.scores.forEach((s, i) => {
    if (!expected.has(s.staffId)) throw new BadUserInputError(`${at}.scores[${i}].staffId`, '不是述职的工作者 (not a reporting worker)');
    if (given.has(s.staffId)) throw new BadUserInputError(`${at}.scores[${i}].staffId`, '重复 (twice)');
    if (!(VOTE_SCORES as readonly string[]).includes(s.score))
      throw new BadUserInputError(`${at}.scores[${i}].score`, '未知评分 (unknown score)');
    given.set(s.staffId, s.score);
  });
  if (given.size !== expected.size) throw new BadUserInputError(`${at}.scores`, '请为每位述职者打分 (score every reporting worker)');
  if (!(VOTE_SCORES as readonly string[]).includes(ballot.overall))
    throw new BadUserInputError(`${at}.overall`, '未知评分 (unknown score)');
  const inc: Record<string, number> = { [`overall.${ballot.overall}`]: 1 };
  for (const [staffId, score] of given) inc[`staff.${staffId}.${score}`] = 1;
  return inc;
}

export async function meetingFor(ctx: Context, id: string, field: string) {
  const m = await ctx.models.RepresentativeMeeting.findById(requireId(id, field)).lean().exec();
  if (!m || !ctx.viewer.communityIds.includes(String(m.communityId))) throw new NotFoundError('meeting', id);
  return m;
}

/**
 * A representative's one ballot. First the claim (its id derives from meeting and representative:
 * a second claim fails on the unique id), then the ballot is added to the box's counters under the
 * meeting's lock; no ballot document exists. If the process dies between the two, the vote is lost
 * rather than counted twice.
 */
export async function castBallot(
  ctx: Context,
  input: { meetingId: string; scores: { staffId: string; score: string }[]; overall: string },
) {
  const m = await meetingFor(ctx, input.meetingId, 'input.meetingId');
  if (m.status !== 'OPEN') throw new ConflictError('投票已结束 (voting is closed)');
  const voter = ctx.viewer.residentId;
  if (!voter || !m.representativeIds.some((r) => String(r) === voter))
    throw new BadUserInputError('input.meetingId', '您不在居民代表名单中 (you are not on the representatives’ roll)');
  const inc = ballotIncrements(m, input, 'input');
  const claimId = stableObjectId(`ballot-claim:${String(m._id)}:${voter}`);
  // Paper ballots are anonymous, so a representative who voted at the sitting is not known: the box
  // takes no more ballots than the roll. Checked before the claim, and again under the lock, where a
  // refusal withdraws the claim: a representative refused for a full box has not voted.
  const full = async () => ((await ctx.models.BallotBox.findById(m._id).lean().exec())?.cast ?? 0) >= m.representativeIds.length;
  const boxFull = () => new ConflictError('票箱已满:选票数已等于代表人数 (the box holds as many ballots as there are representatives)');
  if (await full()) throw boxFull();
  try {
    await ctx.models.BallotClaim.create({ _id: claimId, meetingId: m._id });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    throw new ConflictError('您已投过票 (you have voted)');
  }
  await withBallotBox(ctx, m._id, async () => {
    if (await full()) {
      await ctx.models.BallotClaim.collection.deleteOne({ _id: claimId });
      throw boxFull();
    }
    await ctx.models.BallotBox.updateOne({ _id: m._id }, { $inc: { cast: 1, ...inc } }, { upsert: true }).exec();
  });
  return { meetingId: String(m._id), accepted: true };
}

export async function closeRepresentativeMeeting(ctx: Context, id: string) {
  const m = await meetingFor(ctx, id, 'id');
  if (m.status === 'CLOSED') return m;
  const closed = await ctx.models.RepresentativeMeeting.findOneAndUpdate({ _id: m._id }, { $set: { status: 'CLOSED' } }, { new: true })
    .lean()
    .exec();
  return existing(closed, 'representative meeting', id);
}

export function listMeetings(ctx: Context, communityId: string) {
  requireCommunity(ctx.viewer, requireId(communityId, 'communityId'));
  const filter: Record<string, unknown> = { communityId };
  // A resident sees the meetings it is a representative of.
  if (ctx.viewer.role === 'RESIDENT') filter.representativeIds = ctx.viewer.residentId ?? null;
  return ctx.models.RepresentativeMeeting.find(filter).sort({ year: -1 }).lean().exec();
}

type Counters = Record<string, number | undefined> | undefined;
const counts = (c: Counters) => ({
  notSatisfied: c?.NOT_SATISFIED ?? 0,
  satisfied: c?.SATISFIED ?? 0,
  verySatisfied: c?.VERY_SATISFIED ?? 0,
});

/** A meeting's ballot box: cast and the counts per worker and overall. */
export async function tally(ctx: Context, m: MeetingDoc) {
  const box = await ctx.loaders.ballotBox.load(String(m._id));
  const staff = (box?.staff ?? {}) as Record<string, Counters>;
  return {
    cast: box?.cast ?? 0,
    paper: (box as { paper?: number } | undefined)?.paper ?? 0,
    present: (box as { present?: number } | undefined)?.present ?? null,
    overall: counts(box?.overall as Counters),
    results: m.staffIds.map((staffId) => ({ worker: { id: String(staffId) }, counts: counts(staff[String(staffId)]) })),
  };
}
