import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  addDays,
  allOf,
  dateRange,
  isDuplicateKeyError,
  recordChanges,
  requireText,
  rowScope,
  stableObjectId,
  type ChangeSpec,
} from '@jwh/platform';
import type {
  CreatePublicPostInput,
  SetReceptionRotaInput,
  SwapDutyShiftsInput,
  UpdatePublicPostInput,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { DutyShiftDoc, PublicPostDoc, StaffMemberDoc } from '../models/index.js';
import { inCommunityScope } from '../policy.js';
import { checkPostHours, checkRotaEntries, checkWeekdays, MAX_ROTA_DAYS, postsOverlap, WORKING_WEEKDAYS } from './roster-rules.js';
import { requireDate, requireId } from './validate.js';
import { activeStaffOf, communityForWrite, inViewerCommunities } from './write-scope.js';

/**
 * Swaps the workers of two reception-desk shifts of one community (轮流当班 换班). No transaction:
 * each shift changes with a guard on its current worker; if the second change loses a race, the
 * first is put back and the caller gets CONFLICT.
 */
export async function swapDutyShifts(ctx: Context, input: SwapDutyShiftsInput) {
  const a = requireId(input.firstShiftId, 'input.firstShiftId');
  const b = requireId(input.secondShiftId, 'input.secondShiftId');
  if (a === b) throw new BadUserInputError('input.secondShiftId', '须为另一个班次 (a different shift)');
  const { DutyShift } = ctx.models;
  const [first, second] = await Promise.all(
    [a, b].map((id) =>
      DutyShift.findOne(allOf(rowScope(ctx.viewer, inCommunityScope), { _id: id }))
        .lean()
        .exec(),
    ),
  );
  if (!first) throw new NotFoundError('duty shift', a);
  if (!second) throw new NotFoundError('duty shift', b);
  if (String(first.communityId) !== String(second.communityId))
    throw new BadUserInputError('input.secondShiftId', '须为同一社区的班次 (a shift of the same community)');
  if (String(first.staffId) === String(second.staffId)) return [first, second];
  const moved = await DutyShift.findOneAndUpdate({ _id: a, staffId: first.staffId }, { $set: { staffId: second.staffId } }, { new: true })
    .lean()
    .exec();
  if (!moved) throw new ConflictError('班次刚被调整,请刷新后重试 (the shift just changed)');
  const other = await DutyShift.findOneAndUpdate({ _id: b, staffId: second.staffId }, { $set: { staffId: first.staffId } }, { new: true })
    .lean()
    .exec();
  if (!other) {
    await DutyShift.updateOne({ _id: a, staffId: second.staffId }, { $set: { staffId: first.staffId } }).exec();
    throw new ConflictError('班次刚被调整,请刷新后重试 (the shift just changed)');
  }
  return [moved, other];
}

// ─── Fixed public posts and the reception rota: administration (issue 15, item 5) ───

const POST_SHOWN = ['place', 'weekdays', 'start', 'end', 'staffId'] as const;
const postShown = (p: Partial<PublicPostDoc>) => Object.fromEntries(POST_SHOWN.map((k) => [k, p[k] ?? null]));
const postChange = (p: PublicPostDoc, staff: Pick<StaffMemberDoc, 'gridIds'>[]) => ({
  entityType: 'PublicPost',
  entityId: p._id,
  communityId: p.communityId,
  gridIds: [...new Set(staff.flatMap((s) => s.gridIds.map(String)))],
});

/** The post's staff member holds no other post at overlapping hours on a shared weekday. */
async function checkNoOverlap(
  ctx: Context,
  post: Pick<PublicPostDoc, 'staffId' | 'weekdays' | 'start' | 'end'>,
  self: unknown,
  field: string,
) {
  const others = await ctx.models.PublicPost.find({ staffId: post.staffId }).lean<PublicPostDoc[]>().exec();
  const clash = others.find((o) => String(o._id) !== String(self) && postsOverlap(o, post));
  if (clash)
    throw new BadUserInputError(
      field,
      `与该工作人员在${clash.place}的固定场所时间重叠 (overlaps the same staff member's post at ${clash.place}, ${clash.start}–${clash.end})`,
    );
}

/**
 * Creates a fixed public post (固定场所): a place, weekdays and hours within the working day, held by
 * an active staff member of the community. Retrying with the same key returns the first.
 */
export async function createPublicPost(ctx: Context, input: CreatePublicPostInput): Promise<PublicPostDoc> {
  const key = requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  const _id = stableObjectId(`public-post:${ctx.viewer.sub}:${key}`);
  const earlier = await ctx.models.PublicPost.findById(_id).lean<PublicPostDoc>().exec();
  if (earlier) return earlier;
  const community = await communityForWrite(ctx, input.communityId, 'input.communityId');
  const place = requireText(input.place, 'input.place', 1, 60);
  const { start, end } = checkPostHours(input.start, input.end, 'input');
  const weekdays = checkWeekdays(input.weekdays ?? WORKING_WEEKDAYS, 'input.weekdays');
  const staff = await activeStaffOf(ctx, input.staffId, community._id, 'input.staffId');
  const doc = { _id, communityId: community._id, staffId: staff._id, place, weekdays, start, end };
  await checkNoOverlap(ctx, doc, _id, 'input.start');
  let post: PublicPostDoc;
  try {
    post = (await ctx.models.PublicPost.create({ ...doc, createdBy: ctx.viewer.sub, idempotencyKey: key })).toObject() as PublicPostDoc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return (await ctx.models.PublicPost.findById(_id).lean<PublicPostDoc>().exec())!;
  }
  await recordChanges(ctx, { ...postChange(post, [staff]), action: 'CREATE', after: postShown(post) });
  return post;
}

async function postInScope(ctx: Context, id: string, field: string): Promise<PublicPostDoc> {
  requireId(id, field);
  const post = await ctx.models.PublicPost.findById(id).lean<PublicPostDoc>().exec();
  if (!post || !inViewerCommunities(ctx, post.communityId)) throw new NotFoundError('public post', id);
  return post;
}

/** Edits a fixed post: its place, hours, weekdays or holder, under the rules of a new one. */
export async function updatePublicPost(ctx: Context, input: UpdatePublicPostInput): Promise<PublicPostDoc> {
  const old = await postInScope(ctx, input.id, 'input.id');
  const place = input.place == null ? old.place : requireText(input.place, 'input.place', 1, 60);
  const { start, end } = checkPostHours(input.start ?? old.start, input.end ?? old.end, 'input');
  const weekdays = input.weekdays == null ? old.weekdays : checkWeekdays(input.weekdays, 'input.weekdays');
  const staff = await activeStaffOf(ctx, input.staffId ?? String(old.staffId), old.communityId, 'input.staffId');
  const reason = input.reason == null ? null : requireText(input.reason, 'input.reason', 1, 200);
  const next = { place, start, end, weekdays, staffId: staff._id };
  await checkNoOverlap(ctx, next, old._id, 'input.start');
  const post = await ctx.models.PublicPost.findOneAndUpdate({ _id: old._id }, { $set: next }, { new: true }).lean<PublicPostDoc>().exec();
  if (!post) throw new NotFoundError('public post', input.id);
  const before = postShown(old);
  const after = postShown(post);
  if (JSON.stringify(before) === JSON.stringify(after)) return post;
  const formerHolder =
    String(old.staffId) === String(staff._id) ? [] : [(await ctx.loaders.staffMember.load(String(old.staffId))) ?? { gridIds: [] }];
  await recordChanges(ctx, { ...postChange(post, [staff, ...formerHolder]), action: 'UPDATE', reason, before, after });
  return post;
}

/** Removes a fixed post (its record stays in the change log); returns it as it was. */
export async function removePublicPost(ctx: Context, id: string, reasonText: string | null | undefined): Promise<PublicPostDoc> {
  const post = await postInScope(ctx, id, 'id');
  const reason = reasonText == null ? null : requireText(reasonText, 'reason', 1, 200);
  const { deletedCount } = await ctx.models.PublicPost.deleteOne({ _id: post._id }).exec();
  if (!deletedCount) throw new NotFoundError('public post', id);
  const holder = (await ctx.loaders.staffMember.load(String(post.staffId))) ?? { gridIds: [] };
  await recordChanges(ctx, { ...postChange(post, [holder]), action: 'REMOVE', reason, before: postShown(post), after: null });
  return post;
}

const shiftKey = (s: { date: string; part: string; desk: number }) => `${s.date}|${s.part}|${s.desk}`;

/**
 * Sets the reception rota (接待工位轮流当班) of a community for `from`–`to`: afterwards the period
 * holds exactly `entries`. A desk kept keeps its shift (and its id: a reminder already scheduled
 * follows the new holder), a desk left out is unstaffed. Setting the same rota again writes nothing.
 */
export async function setReceptionRota(ctx: Context, input: SetReceptionRotaInput): Promise<DutyShiftDoc[]> {
  const community = await communityForWrite(ctx, input.communityId, 'input.communityId');
  const from = requireDate(input.from, 'input.from');
  const to = requireDate(input.to, 'input.to');
  if (to < from) throw new BadUserInputError('input.to', '不能早于开始日期 (must not be before from)');
  if (to > addDays(from, MAX_ROTA_DAYS - 1))
    throw new BadUserInputError('input.to', `一次最多 ${MAX_ROTA_DAYS} 天 (at most ${MAX_ROTA_DAYS} days at a time)`);
  if (input.entries.length > MAX_ROTA_DAYS * 4) throw new BadUserInputError('input.entries', '条目过多 (too many entries)');
  for (const [i, e] of input.entries.entries()) requireId(e.staffId, `input.entries[${i}].staffId`);
  checkRotaEntries(input.entries, from, to, 'input.entries');
  const staff = new Map<string, StaffMemberDoc>();
  for (const [i, e] of input.entries.entries())
    if (!staff.has(e.staffId)) staff.set(e.staffId, await activeStaffOf(ctx, e.staffId, community._id, `input.entries[${i}].staffId`));

  const { DutyShift } = ctx.models;
  const days = dateRange(from, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1);
  // One pushed-down equality per day (the board's read): the period's shifts as they are.
  const current = new Map(
    (await Promise.all(days.map((date) => DutyShift.find({ communityId: community._id, date }).lean<DutyShiftDoc[]>().exec())))
      .flat()
      .map((s) => [shiftKey(s), s]),
  );
  const wanted = new Map(input.entries.map((e) => [shiftKey(e), e]));
  const changes: ChangeSpec[] = [];
  const record = (
    s: { _id: unknown; staffId: unknown } & Parameters<typeof shiftKey>[0],
    action: string,
    before: unknown,
    after: unknown,
  ) =>
    changes.push({
      entityType: 'DutyShift',
      entityId: s._id,
      communityId: community._id,
      action,
      before: before === null ? null : { date: s.date, part: s.part, desk: s.desk, staffId: before },
      after: after === null ? null : { date: s.date, part: s.part, desk: s.desk, staffId: after },
    });
  for (const [key, e] of wanted) {
    const had = current.get(key);
    if (had && String(had.staffId) === e.staffId) continue;
    const upsert = () =>
      DutyShift.findOneAndUpdate(
        { communityId: community._id, date: e.date, part: e.part, desk: e.desk },
        { $set: { staffId: staff.get(e.staffId)!._id } },
        { new: true, upsert: true },
      )
        .lean<DutyShiftDoc>()
        .exec();
    // Two calls creating the same desk at once: one insert wins the unique key, the other updates it.
    const shift = await upsert().catch((err: unknown) => {
      if (isDuplicateKeyError(err)) return upsert();
      throw err;
    });
    record(shift!, had ? 'UPDATE' : 'CREATE', had ? had.staffId : null, e.staffId);
  }
  for (const [key, had] of current) {
    if (wanted.has(key)) continue;
    await DutyShift.deleteOne({ _id: had._id }).exec();
    record(had, 'REMOVE', had.staffId, null);
  }
  await recordChanges(ctx, ...changes);
  const after = await Promise.all(days.map((date) => DutyShift.find({ communityId: community._id, date }).lean<DutyShiftDoc[]>().exec()));
  return after.flat().sort((a, b) => shiftKey(a).localeCompare(shiftKey(b)));
}
