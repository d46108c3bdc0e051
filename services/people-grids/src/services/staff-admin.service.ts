import {
  BadUserInputError,
  ConflictError,
  existing,
  isDuplicateKeyError,
  localDate,
  NotFoundError,
  ownRetry,
  querySubgraph,
  recordChanges,
  requireText,
  stableObjectId,
} from '@jwh/platform';
import type { AddStaffMemberInput, StaffLeavesInput, UpdateStaffMemberInput } from '../__generated__/resolvers-types.js';
import { HandOverRequestsDocument, OpenRequestsOfDocument } from '../__generated__/operations.js';
import type { Context } from '../context.js';
import type { GridDoc, StaffMemberDoc } from '../models/index.js';
import {
  checkDutyPhone,
  checkPostKinds,
  checkReason,
  checkStaffGrids,
  checkStaffName,
  checkStaffRole,
  GRID_LEVEL_OF_ROLE,
} from './structure-rules.js';
import { gridNamer } from './grid-admin.service.js';
import { requireId } from './validate.js';

/**
 * Hiring, changing and leaving of community staff. Street admins and community staff, each in its
 * communities (policy.ts); every write validated whole first and recorded in the change log, the
 * duty phone masked there.
 */

const PHONE_MASK = { dutyPhone: 'phone' } as const;

/** The grids `ids` as stored (bounded collection: one batch), in order, null for an unknown id. */
async function gridsById(ctx: Context, ids: readonly string[]): Promise<(GridDoc | null)[]> {
  if (!ids.length) return [];
  const found = await ctx.models.Grid.find({ _id: { $in: ids } })
    .lean<GridDoc[]>()
    .exec();
  const byId = new Map(found.map((g) => [String(g._id), g]));
  return ids.map((id) => byId.get(id) ?? null);
}

type GridNamer = Awaited<ReturnType<typeof gridNamer>>;

/** The fields of a member the change log shows. */
function shown(names: GridNamer, s: Pick<StaffMemberDoc, 'name' | 'role' | 'dutyPhone' | 'gridIds' | 'postKinds'>) {
  return { name: s.name, role: s.role, dutyPhone: s.dutyPhone, grids: names(s.gridIds), postKinds: [...s.postKinds] };
}

function checkGridIdList(ids: readonly string[] | null | undefined, field: string): string[] {
  return (ids ?? []).map((id, i) => requireId(id, `${field}[${i}]`));
}

/**
 * Adds a staff member to a community: name, role, a valid duty phone, its grids (of the level its
 * role works in) and the posts it may hold. Idempotent on `idempotencyKey` (the member's id derives
 * from it): a retry by its creator returns the member, anyone else's use of the key is CONFLICT.
 */
export async function addStaffMember(ctx: Context, input: AddStaffMemberInput): Promise<StaffMemberDoc> {
  const key = requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  const _id = stableObjectId(`staff-member:${key}`);
  const earlier = () => ctx.models.StaffMember.findById(_id).lean<StaffMemberDoc>().exec();
  const retried = ownRetry(await earlier(), ctx.viewer.sub, 'input.idempotencyKey');
  if (retried) return retried;
  const communityId = requireId(input.communityId, 'input.communityId');
  const name = checkStaffName(input.name, 'input.name');
  const role = checkStaffRole(input.role, 'input.role');
  const dutyPhone = checkDutyPhone(input.dutyPhone, 'input.dutyPhone');
  const postKinds = checkPostKinds(input.postKinds, 'input.postKinds');
  const ids = checkGridIdList(input.gridIds, 'input.gridIds');
  const community = await ctx.scoped.community().load(communityId);
  if (!community) throw new NotFoundError('community', communityId);
  const gridIds = checkStaffGrids(role, community._id, ids, await gridsById(ctx, ids), 'input.gridIds');
  const names = await gridNamer(ctx, community._id);
  const doc = { _id, communityId: community._id, name, role, gridIds, dutyPhone, postKinds, createdBy: ctx.viewer.sub };
  let staff: StaffMemberDoc;
  try {
    staff = (await ctx.models.StaffMember.create(doc)).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) return ownRetry(existing(await earlier(), 'staff member', key), ctx.viewer.sub, 'input.idempotencyKey');
    throw err;
  }
  await recordChanges(ctx, {
    entityType: 'StaffMember',
    entityId: staff._id,
    communityId: staff.communityId,
    gridIds,
    action: 'CREATE',
    after: shown(names, staff),
    masks: PHONE_MASK,
  });
  return staff;
}

/** An active member of the viewer's communities, or NOT_FOUND (one who left: BAD_USER_INPUT naming `field`). */
async function activeStaff(ctx: Context, id: string, field: string): Promise<StaffMemberDoc> {
  requireId(id, field);
  const staff = await ctx.scoped.staffMember().load(id);
  if (!staff) throw new NotFoundError('staff member', id);
  if (staff.leftAt) throw new BadUserInputError(field, '该工作人员已离职 (the staff member has left)');
  return staff;
}

/** Changes a member's role, grids, duty phone or the posts it may hold; the grids must suit the role it ends with. */
export async function updateStaffMember(ctx: Context, input: UpdateStaffMemberInput): Promise<StaffMemberDoc> {
  const role = input.role == null ? null : checkStaffRole(input.role, 'input.role');
  const dutyPhone = input.dutyPhone == null ? null : checkDutyPhone(input.dutyPhone, 'input.dutyPhone');
  const postKinds = input.postKinds == null ? null : checkPostKinds(input.postKinds, 'input.postKinds');
  const ids = input.gridIds == null ? null : checkGridIdList(input.gridIds, 'input.gridIds');
  if (role === null && dutyPhone === null && postKinds === null && ids === null)
    throw new BadUserInputError('input', '没有要修改的内容 (nothing to change)');
  const staff = await activeStaff(ctx, input.id, 'input.id');
  const nextRole = role ?? checkStaffRole(staff.role, 'input.role');
  const nextIds = ids ?? staff.gridIds.map(String);
  const grids = await gridsById(ctx, nextIds);
  // Grids kept from before must still suit a new role: the error then names the role.
  if (!ids && grids.some((g) => g && g.level !== GRID_LEVEL_OF_ROLE[nextRole]))
    throw new BadUserInputError('input.role', '现有网格与新岗位不符,请一并调整网格 (its grids do not suit the new role: change them too)');
  const gridIds = checkStaffGrids(nextRole, staff.communityId, nextIds, grids, 'input.gridIds');
  const names = await gridNamer(ctx, staff.communityId);
  const set = { role: nextRole, gridIds, dutyPhone: dutyPhone ?? staff.dutyPhone, postKinds: postKinds ?? staff.postKinds };
  const updated = await ctx.models.StaffMember.findOneAndUpdate({ _id: staff._id, leftAt: null }, { $set: set }, { new: true })
    .lean<StaffMemberDoc>()
    .exec();
  if (!updated) throw new ConflictError('该工作人员刚离职 (the staff member just left)');
  await recordChanges(ctx, {
    entityType: 'StaffMember',
    entityId: staff._id,
    communityId: staff.communityId,
    gridIds: [...new Set([...staff.gridIds.map(String), ...gridIds])],
    action: 'UPDATE',
    before: shown(names, staff),
    after: shown(names, updated),
    masks: PHONE_MASK,
  });
  return updated;
}

/**
 * Open service requests a member took (service matters, read with this service's identity narrowed
 * to the caller); null when service matters is not configured (SERVICE_MATTERS_URL unset).
 */
async function openRequestsOf(ctx: Context, staffId: string): Promise<number | null> {
  if (!ctx.serviceMattersUrl) return null;
  const data = await querySubgraph(
    ctx.serviceMattersUrl,
    OpenRequestsOfDocument,
    { staffId },
    ctx.identity('service-matters'),
    ctx.requestId,
  );
  return data.serviceRequests.totalCount;
}

/** Hands a member's open requests to `to` in service matters (with this service's identity narrowed to the caller). */
async function handOverRequests(ctx: Context, staff: StaffMemberDoc, to: StaffMemberDoc, reason: string): Promise<void> {
  if (!ctx.serviceMattersUrl) return;
  await querySubgraph(
    ctx.serviceMattersUrl,
    HandOverRequestsDocument,
    { input: { fromStaffId: String(staff._id), toStaffId: String(to._id), communityId: String(staff.communityId), reason } },
    ctx.identity('service-matters'),
    ctx.requestId,
  );
}

/** What a member still holds: grids, open requests, future schedule entries, fixed posts, future duty shifts. */
async function holdings(ctx: Context, staff: StaffMemberDoc) {
  const today = localDate();
  const { ScheduleEntry, PublicPost, DutyShift } = ctx.models;
  const [openRequests, schedule, posts, duty] = await Promise.all([
    openRequestsOf(ctx, String(staff._id)),
    ScheduleEntry.find({ staffId: staff._id, date: { $gte: today } }, { date: 1, start: 1 })
      .lean()
      .exec(),
    PublicPost.find({ staffId: staff._id }, { _id: 1 }).lean().exec(),
    DutyShift.find({ staffId: staff._id, date: { $gte: today } }, { date: 1, part: 1 })
      .lean()
      .exec(),
  ]);
  return { today, grids: staff.gridIds.length, openRequests: openRequests ?? 0, schedule, posts, duty };
}

/** 尚有 2 个网格、3 件未办结事项… (still holds 2 grids, 3 open requests …): what is left, or '' when nothing. */
export function leftOver(h: { grids: number; openRequests: number; schedule: number; posts: number; duty: number }): string {
  const parts = [
    [h.grids, '个网格', 'grids'],
    [h.openRequests, '件未办结事项', 'open requests'],
    [h.schedule, '条日程', 'schedule entries'],
    [h.posts, '个固定岗', 'fixed posts'],
    [h.duty, '个接待班次', 'duty shifts'],
  ] as const;
  const held = parts.filter(([n]) => n > 0);
  if (!held.length) return '';
  return `尚有 ${held.map(([n, zh]) => `${n} ${zh}`).join('、')} (still holds ${held.map(([n, , en]) => `${n} ${en}`).join(', ')})`;
}

/**
 * A member leaves: it is marked (`leftAt`), kept, and no longer listed among the active staff.
 * It may not leave while it holds grids, open requests, future schedule entries, fixed posts or
 * future duty shifts, unless `handoverTo` (an active member of the same community whose role suits
 * the grids, who may hold those posts and is free at those times) takes them over. Open requests
 * are handed over first, in service matters (which owns them); then the rest here. Leaving again
 * is a no-op.
 */
export async function staffLeaves(ctx: Context, input: StaffLeavesInput): Promise<StaffMemberDoc> {
  const reason = checkReason(input.reason, 'input.reason');
  const handoverId = input.handoverTo == null ? null : requireId(input.handoverTo, 'input.handoverTo');
  requireId(input.id, 'input.id');
  const staff = await ctx.scoped.staffMember().load(input.id);
  if (!staff) throw new NotFoundError('staff member', input.id);
  if (staff.leftAt) return staff;
  const held = await holdings(ctx, staff);
  const counts = {
    grids: held.grids,
    openRequests: held.openRequests,
    schedule: held.schedule.length,
    posts: held.posts.length,
    duty: held.duty.length,
  };
  const left = leftOver(counts);
  const names = await gridNamer(ctx, staff.communityId);
  if (!handoverId) {
    if (left) throw new BadUserInputError('input.handoverTo', `${left};请指定交接人 (name who takes them over)`);
  } else {
    if (handoverId === String(staff._id)) throw new BadUserInputError('input.handoverTo', '不能交接给本人 (not to the member itself)');
    const to = await ctx.scoped.staffMember().load(handoverId);
    if (!to || to.leftAt || String(to.communityId) !== String(staff.communityId))
      throw new BadUserInputError('input.handoverTo', '须为本社区在职的工作人员 (must be an active staff member of the same community)');
    await checkHandover(ctx, staff, to, held);
    if (held.openRequests) await handOverRequests(ctx, staff, to, reason);
    await handOver(ctx, staff, to, held, reason, names);
  }
  const leftAt = new Date();
  const after = await ctx.models.StaffMember.findOneAndUpdate(
    { _id: staff._id, leftAt: null },
    { $set: { leftAt, leaveReason: reason, gridIds: [] } },
    { new: true },
  )
    .lean<StaffMemberDoc>()
    .exec();
  if (!after) return existing(await ctx.models.StaffMember.findById(staff._id).lean<StaffMemberDoc>().exec(), 'staff member', input.id);
  await recordChanges(ctx, {
    entityType: 'StaffMember',
    entityId: staff._id,
    communityId: staff.communityId,
    gridIds: staff.gridIds,
    action: 'LEAVE',
    reason,
    before: { grids: names(staff.gridIds), leftAt: null, handoverTo: null },
    after: { grids: [], leftAt, handoverTo: handoverId },
  });
  return after;
}

type Holdings = Awaited<ReturnType<typeof holdings>>;

/** The member taking over must suit the grids, may hold the posts, and be free at the schedule's and the desks' times. */
async function checkHandover(ctx: Context, staff: StaffMemberDoc, to: StaffMemberDoc, held: Holdings): Promise<void> {
  const grids = await gridsById(ctx, staff.gridIds.map(String));
  const level = GRID_LEVEL_OF_ROLE[checkStaffRole(to.role, 'input.handoverTo')];
  if (grids.some((g) => g && g.level !== level))
    throw new BadUserInputError('input.handoverTo', '交接人的岗位不能接手这些网格 (the role of that member does not take these grids)');
  if (held.posts.length && !to.postKinds.includes('PUBLIC_POST'))
    throw new BadUserInputError('input.handoverTo', '交接人不能担任固定岗 (that member may not hold fixed posts)');
  if (held.duty.length && !to.postKinds.includes('RECEPTION_DESK'))
    throw new BadUserInputError('input.handoverTo', '交接人不能担任接待工位 (that member may not hold a reception desk)');
  const [schedule, duty] = await Promise.all([
    ctx.models.ScheduleEntry.find({ staffId: to._id, date: { $gte: held.today } }, { date: 1, start: 1 })
      .lean()
      .exec(),
    ctx.models.DutyShift.find({ staffId: to._id, date: { $gte: held.today } }, { date: 1, part: 1 })
      .lean()
      .exec(),
  ]);
  const slots = new Set(schedule.map((e) => `${e.date} ${e.start}`));
  const clash = held.schedule.find((e) => slots.has(`${e.date} ${e.start}`));
  if (clash) throw new BadUserInputError('input.handoverTo', `交接人 ${clash.date} ${clash.start} 已有日程 (that member is busy then)`);
  const shifts = new Set(duty.map((d) => `${d.date} ${d.part}`));
  const busy = held.duty.find((d) => shifts.has(`${d.date} ${d.part}`));
  if (busy)
    throw new BadUserInputError('input.handoverTo', `交接人 ${busy.date} ${busy.part} 已在接待值班 (that member is on desk duty then)`);
}

/** Moves grids, future schedule entries, fixed posts and future duty shifts to `to`, and records it on `to`. */
async function handOver(ctx: Context, staff: StaffMemberDoc, to: StaffMemberDoc, held: Holdings, reason: string, names: GridNamer) {
  const { StaffMember, ScheduleEntry, PublicPost, DutyShift } = ctx.models;
  const gridIds = [...new Set([...to.gridIds.map(String), ...staff.gridIds.map(String)])];
  await StaffMember.updateOne({ _id: to._id }, { $set: { gridIds } }).exec();
  await ScheduleEntry.updateMany({ staffId: staff._id, date: { $gte: held.today } }, { $set: { staffId: to._id } }).exec();
  await PublicPost.updateMany({ staffId: staff._id }, { $set: { staffId: to._id } }).exec();
  await DutyShift.updateMany({ staffId: staff._id, date: { $gte: held.today } }, { $set: { staffId: to._id } }).exec();
  await recordChanges(ctx, {
    entityType: 'StaffMember',
    entityId: to._id,
    communityId: to.communityId,
    gridIds,
    action: 'UPDATE',
    reason,
    before: { grids: names(to.gridIds) },
    after: { grids: names(gridIds) },
    extra: [
      { field: 'handoverFrom', before: null, after: staff.name },
      ...(held.schedule.length ? [{ field: 'scheduleEntries', before: null, after: `+${held.schedule.length}` }] : []),
      ...(held.posts.length ? [{ field: 'posts', before: null, after: `+${held.posts.length}` }] : []),
      ...(held.duty.length ? [{ field: 'dutyShifts', before: null, after: `+${held.duty.length}` }] : []),
    ],
  });
}
