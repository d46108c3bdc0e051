import {
  BadUserInputError,
  ConflictError,
  NotFoundError,
  addWorkingDays,
  allOf,
  existing,
  isLocalDate,
  isObjectId,
  localDate,
  ownRetry,
  rowScope,
  requireText,
  isDuplicateKeyError,
  recordChanges,
} from '@jwh/platform';
import type {
  CreateSuggestionInput,
  DecideAgendaItemInput,
  MutationAdvanceSuggestionArgs,
  MutationCompleteFollowUpArgs,
  MutationEscalateSuggestionArgs,
  MutationRateSuggestionArgs,
  MutationReplyToSuggestionArgs,
  QuerySuggestionsArgs,
  ScheduleJointMeetingInput,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { AgendaItemView } from '../models/joint-meeting.model.js';
import { SATISFACTION, SUGGESTION_SOURCES, SUGGESTION_STATUSES, type SuggestionDoc } from '../models/suggestion.model.js';
import { meetingScope, requestScope } from '../policy.js';
import { followUpChanged, suggestionChanged } from './reminders.service.js';
import { residentForRequest } from './people-grids.client.js';
import { registeredUnits } from './volunteers.client.js';
import { equalityBuckets, idEqualities, pageOf } from '@jwh/platform';
import { claimStep } from './step-claim.js';
import { actorOf } from './actor.js';

/** Working days within which a suggestion gets its final reply. */
export const REPLY_WORKING_DAYS = 5;

/** The states a suggestion may go to by `advanceSuggestion` (ANSWERED needs a final reply, ESCALATED a meeting). */
export const SUGGESTION_TRANSITIONS: Record<string, readonly string[]> = {
  OPEN: ['ACKNOWLEDGED'],
  ACKNOWLEDGED: ['IN_PROGRESS'],
  IN_PROGRESS: [],
  ESCALATED: [],
  ANSWERED: ['CLOSED'],
  CLOSED: [],
};

const text = requireText;

async function changed(ctx: Context, s: { _id: unknown; status: string; replyDueDate: string; communityId: unknown }) {
  const open = !['ANSWERED', 'CLOSED'].includes(s.status);
  await suggestionChanged(ctx, { _id: s._id, replyDueDate: open ? s.replyDueDate : null, communityId: s.communityId });
}

async function load(ctx: Context, id: string) {
  if (!isObjectId(id)) throw new BadUserInputError('input.id', '无效的编号 (invalid id)');
  const s = await ctx.models.Suggestion.findOne(allOf(rowScope(ctx.viewer, requestScope), { _id: id }))
    .lean()
    .exec();
  if (!s) throw new NotFoundError('suggestion', id);
  return s;
}

/** A guarded state change: the update applies only if the suggestion is still in `from`. */
async function move(
  ctx: Context,
  id: unknown,
  from: string,
  to: string,
  extra: Record<string, unknown> = {},
  push: Record<string, unknown> = {},
) {
  await claimStep(ctx, 'suggestion', id, from);
  const updated = await ctx.models.Suggestion.findOneAndUpdate(
    { _id: id, status: from },
    { $set: { status: to, ...extra }, $push: { transitions: { from, to, at: new Date(), by: ctx.viewer.sub }, ...push } },
    { new: true },
  )
    .lean()
    .exec();
  if (!updated) throw new ConflictError('该建议刚被他人更新,请刷新后重试 (the suggestion just changed)');
  await changed(ctx, updated);
  return updated;
}

/** Records a suggestion (idempotent on clientRequestId); the final reply is owed in 5 working days. */
export async function createSuggestion(ctx: Context, input: CreateSuggestionInput) {
  const clientRequestId = text(input.clientRequestId, 'input.clientRequestId', 8, 100);
  const existing = ownRetry(
    await ctx.models.Suggestion.findOne({ clientRequestId }).lean().exec(),
    ctx.viewer.sub,
    'input.clientRequestId',
  );
  if (existing) return existing;
  if (!(SUGGESTION_SOURCES as readonly string[]).includes(input.source)) throw new BadUserInputError('input.source', 'unknown source');
  const category = text(input.category, 'input.category', 1, 30);
  const body = text(input.text, 'input.text', 2, 2000);
  let communityId: string | null = ctx.viewer.communityIds[0] ?? null;
  let gridId: string | null = ctx.viewer.gridIds[0] ?? null;
  if (ctx.viewer.role === 'RESIDENT' && input.residentId !== ctx.viewer.residentId)
    throw new BadUserInputError('input.residentId', '只能以本人名义提出 (residents speak for themselves)');
  if (input.residentId != null) {
    if (!isObjectId(input.residentId)) throw new BadUserInputError('input.residentId', '无效的编号 (invalid id)');
    const resident = await residentForRequest(ctx.peopleGridsUrl, input.residentId, ctx.identity('people-grids'), ctx.requestId);
    if (!resident) throw new BadUserInputError('input.residentId', '居民不存在或不在您的网格内 (no such resident in your scope)');
    communityId = resident.household.community.id;
    gridId = resident.household.grid?.id ?? null;
  }
  if (!communityId) throw new BadUserInputError('input.residentId', '请指明居民 (name the resident)');
  const now = new Date();
  try {
    const created = (
      await ctx.models.Suggestion.create({
        clientRequestId,
        createdBy: ctx.viewer.sub,
        residentId: input.residentId ?? null,
        communityId,
        gridId,
        source: input.source,
        category,
        text: body,
        receivedAt: now,
        replyDueDate: addWorkingDays(localDate(now), REPLY_WORKING_DAYS),
        transitions: [{ from: 'NEW', to: 'OPEN', at: now, by: ctx.viewer.sub }],
      })
    ).toObject();
    await changed(ctx, created);
    return created;
  } catch (err) {
    // A concurrent retry created it first; a duplicate of anything else is not ours to answer.
    if (isDuplicateKeyError(err)) {
      const first = ownRetry(
        await ctx.models.Suggestion.findOne({ clientRequestId }).lean().exec(),
        ctx.viewer.sub,
        'input.clientRequestId',
      );
      if (first) return first;
    }
    throw err;
  }
}

/** ACKNOWLEDGED, IN_PROGRESS or CLOSED; other states have their own mutations. */
export async function advanceSuggestion(ctx: Context, input: MutationAdvanceSuggestionArgs) {
  if (!(SUGGESTION_STATUSES as readonly string[]).includes(input.to)) throw new BadUserInputError('input.to', 'unknown status');
  const s = await load(ctx, input.id);
  if (!SUGGESTION_TRANSITIONS[s.status]!.includes(input.to)) {
    const hint =
      input.to === 'ANSWERED'
        ? ' — 请用 replyToSuggestion 给出最终答复 (answer with a final reply)'
        : input.to === 'ESCALATED'
          ? ' — 请用 escalateSuggestion'
          : '';
    throw new BadUserInputError('input.to', `不能从 ${s.status} 转为 ${input.to} (cannot go from ${s.status} to ${input.to})${hint}`);
  }
  return move(ctx, s._id, s.status, input.to);
}

/** A reply; a final one answers the suggestion (the answer the resident gets: required before closing). */
export async function replyToSuggestion(ctx: Context, input: MutationReplyToSuggestionArgs) {
  const reply = text(input.text, 'input.text', 2, 2000);
  const s = await load(ctx, input.id);
  const entry = { at: new Date(), by: ctx.viewer.sub, text: reply, final: Boolean(input.final) };
  if (!input.final) {
    if (['ANSWERED', 'CLOSED'].includes(s.status)) throw new BadUserInputError('input.id', '已答复 (already answered)');
    const updated = await ctx.models.Suggestion.findOneAndUpdate(
      { _id: s._id, status: s.status },
      { $push: { replies: entry } },
      { new: true },
    )
      .lean()
      .exec();
    if (!updated) throw new ConflictError('该建议刚被他人更新,请刷新后重试 (the suggestion just changed)');
    return updated;
  }
  if (!['ACKNOWLEDGED', 'IN_PROGRESS', 'ESCALATED'].includes(s.status)) {
    throw new BadUserInputError('input.id', `不能从 ${s.status} 转为 ANSWERED (cannot go from ${s.status} to ANSWERED)`);
  }
  return move(ctx, s._id, s.status, 'ANSWERED', {}, { replies: entry });
}

/** The resident's satisfaction with the final answer. */
export async function rateSuggestion(ctx: Context, input: MutationRateSuggestionArgs) {
  if (!(SATISFACTION as readonly string[]).includes(input.satisfaction)) throw new BadUserInputError('input.satisfaction', 'unknown value');
  const s = await load(ctx, input.id);
  if (!['ANSWERED', 'CLOSED'].includes(s.status)) throw new BadUserInputError('input.id', '尚未答复 (not answered yet)');
  const rated = await ctx.models.Suggestion.findOneAndUpdate({ _id: s._id }, { $set: { satisfaction: input.satisfaction } }, { new: true })
    .lean()
    .exec();
  return existing(rated, 'suggestion', input.id);
}

/** Escalates to the community's next joint meeting (吹哨): the suggestion becomes one of its agenda items. */
export async function escalateSuggestion(ctx: Context, input: MutationEscalateSuggestionArgs) {
  const title = text(input.title, 'input.title', 2, 100);
  const s = await load(ctx, input.id);
  if (!['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'].includes(s.status))
    throw new BadUserInputError('input.id', `不能从 ${s.status} 转为 ESCALATED (cannot go from ${s.status} to ESCALATED)`);
  const today = localDate();
  const meeting = await ctx.models.JointMeeting.findOne({ communityId: s.communityId, date: { $gte: today } })
    .sort({ date: 1 })
    .lean()
    .exec();
  if (!meeting) throw new BadUserInputError('input.id', '尚未安排下一次联席会,请先安排 (schedule the next joint meeting first)');
  await changeItems(ctx, meeting._id, (items) =>
    items.some((i) => String(i.suggestionId) === String(s._id)) ? items : [...items, { title, suggestionId: s._id, status: 'OPEN' }],
  );
  return move(ctx, s._id, s.status, 'ESCALATED', { jointMeetingId: meeting._id });
}

/** Suggestions the viewer may see, by community, grid and state; `replyOverdue`: final replies owed and late as of today. */
export function listSuggestions(ctx: Context, args: QuerySuggestionsArgs) {
  const filter = args.filter ?? {};
  const q = idEqualities(filter, ['communityId', 'gridId']);
  if (filter.status != null) q.status = filter.status;
  if (filter.replyOverdue) {
    q.status = { $in: ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ESCALATED'] };
    q.replyDueDate = { $lt: localDate() };
  }
  const full = allOf(rowScope(ctx.viewer, requestScope), q);
  return pageOf(ctx.models.Suggestion, full, suggestionBuckets(full), args);
}

/**
 * Equality reads that together hold every suggestion `filter` can match: a resident's, a grid's
 * or a community's (the narrowest the filter names, one read per value its scope allows), in each
 * state it names; the reply date and the rest are checked on the rows.
 */
function suggestionBuckets(filter: Record<string, unknown>) {
  return equalityBuckets(filter, ['residentId', 'gridId', 'communityId']);
}

// ——— joint meetings ———

/** One owner's part of a decision, as an item stores it. */
export interface Part {
  unitId: string;
  task?: string | null;
  status: string;
  doneAt?: Date | null;
  doneBy?: string | null;
  doneByStaffId?: string | null;
}

/** A part as the graph shows it: with its unit's name. */
export type PartView = Part & { unitName: string };

interface Item {
  _id?: unknown;
  title: string;
  suggestionId?: unknown;
  decision?: string | null;
  ownerOrgId?: string | null;
  ownerUnitIds?: string[];
  parts?: Part[];
  followUpDate?: string | null;
  status: string;
  doneAt?: Date | null;
}

async function loadMeeting(ctx: Context, meetingId: unknown) {
  return ctx.models.JointMeeting.findOne(allOf(rowScope(ctx.viewer, meetingScope), { _id: meetingId }))
    .lean()
    .exec();
}

/**
 * Changes a meeting's agenda by read-modify-write guarded on its revision (no multi-document
 * transactions, no positional `$` on FerretDB); a lost race is retried on fresh data, twice.
 */
async function changeItems(ctx: Context, meetingId: unknown, change: (items: Item[], meeting: { unitOrgIds: string[] }) => Item[]) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const meeting = await loadMeeting(ctx, meetingId);
    if (!meeting) throw new NotFoundError('joint meeting', String(meetingId));
    const items = change(
      meeting.items.map((i) => ({ ...i })),
      meeting,
    );
    const updated = await ctx.models.JointMeeting.findOneAndUpdate(
      { _id: meeting._id, revision: meeting.revision },
      { $set: { items }, $inc: { revision: 1 } },
      { new: true },
    )
      .lean()
      .exec();
    if (updated) return updated;
  }
  throw new ConflictError('联席会议程刚被他人更新,请重试 (the agenda just changed)');
}

/**
 * Schedules a community's joint meeting with registered units only: each unit (by `unitIds`, or the
 * older `units[i].orgId`) must be an active organisation of the volunteers registry serving the
 * community; its name and kind come from the registry.
 */
export async function scheduleJointMeeting(ctx: Context, input: ScheduleJointMeetingInput) {
  if (!isObjectId(input.communityId) || !ctx.viewer.communityIds.includes(input.communityId))
    throw new BadUserInputError('input.communityId', '不在您的管辖范围 (not one of your communities)');
  if (!isLocalDate(input.date) || input.date < localDate())
    throw new BadUserInputError('input.date', '须为今天或以后的日期 YYYY-MM-DD (today or later)');
  const asked = [
    ...(input.unitIds ?? []).map((id, i) => ({ id, field: `input.unitIds[${i}]` })),
    ...(input.units ?? []).map((u, i) => ({ id: u.orgId, field: `input.units[${i}].orgId` })),
  ].filter((u, i, all) => all.findIndex((x) => x.id === u.id) === i);
  if (!asked.length || asked.length > 20) throw new BadUserInputError('input.unitIds', '1–20 个单位 (1 to 20 units)');
  const units = (await registeredUnits(ctx, asked, input.communityId)).map((u) => ({ orgId: u.id, name: u.name, kind: u.kind }));
  const meeting = await createMeeting(ctx, { communityId: input.communityId, date: input.date, units });
  if (!meeting) throw new ConflictError('该日已有联席会 (a meeting is already set for that day)');
  return meeting;
}

/** A new meeting, recorded in the change log; null when the community has one that day already. */
async function createMeeting(
  ctx: Context,
  fields: { communityId: unknown; date: string; units: { orgId: string; name: string; kind: string }[]; previousMeetingId?: unknown },
) {
  let meeting;
  try {
    meeting = (await ctx.models.JointMeeting.create({ ...fields, unitOrgIds: fields.units.map((u) => u.orgId) })).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) return null;
    throw err;
  }
  await recordChanges(ctx, {
    entityType: 'JointMeeting',
    entityId: meeting._id,
    communityId: fields.communityId,
    action: 'CREATE',
    after: { date: fields.date, units: fields.units.map((u) => u.name).join('、') },
  });
  return meeting;
}

/** Months between two meetings of the series (党组织联席会 every two months). */
export const MEETING_EVERY_MONTHS = 2;

/** The date `months` months after `date`, the same day of the month (the month's last day when it has no such day). */
function monthsAfter(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Schedules the next meeting of the series from this one (the bi-monthly rhythm): the same units,
 * re-checked with the registry, on `date` or two months on (the next working day when that is a rest
 * day). Once: the meeting keeps the next one's id, and a retry or a racing call finds it by its date
 * and `previousMeetingId`.
 */
export async function scheduleNextJointMeeting(ctx: Context, meetingId: string, date?: string | null) {
  if (!isObjectId(meetingId)) throw new BadUserInputError('meetingId', '无效的编号 (invalid id)');
  const meeting = await loadMeeting(ctx, meetingId);
  if (!meeting) throw new NotFoundError('joint meeting', meetingId);
  const linked = meeting.nextMeetingId ? await loadMeeting(ctx, meeting.nextMeetingId) : null;
  if (linked) return linked;
  const next = date ?? addWorkingDays(monthsAfter(meeting.date, MEETING_EVERY_MONTHS), 0);
  if (!isLocalDate(next) || next <= meeting.date || next < localDate())
    throw new BadUserInputError('date', `须在本次会议(${meeting.date})之后且不早于今天 (after this meeting, today or later)`);
  const units = (
    await registeredUnits(
      ctx,
      meeting.units.map((u) => ({ id: u.orgId, field: 'meetingId' })),
      String(meeting.communityId),
    )
  ).map((u) => ({ orgId: u.id, name: u.name, kind: u.kind }));
  const created =
    (await createMeeting(ctx, { communityId: meeting.communityId, date: next, units, previousMeetingId: meeting._id })) ??
    (await ctx.models.JointMeeting.findOne({ communityId: meeting.communityId, date: next, previousMeetingId: meeting._id }).lean().exec());
  if (!created) throw new ConflictError(`${next} 已有联席会 (a meeting is already set for that day)`);
  await ctx.models.JointMeeting.updateOne({ _id: meeting._id, nextMeetingId: null }, { $set: { nextMeetingId: created._id } }).exec();
  return created;
}

/** At most a year of bi-monthly meetings is scheduled ahead at once. */
const MAX_SERIES = 6;

/**
 * Schedules the year's meetings ahead (联席会 every two months): `count` meetings, each the next of
 * the one before (the same units, two months on, moved to a working day). A retry follows the links
 * already made and schedules nothing twice.
 */
export async function scheduleJointMeetingSeries(ctx: Context, meetingId: string, count: number) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SERIES)
    throw new BadUserInputError('count', `一次最多排 ${MAX_SERIES} 次会议 (1–${MAX_SERIES} meetings: a year, every two months)`);
  const series = [];
  for (let from = meetingId; series.length < count;) {
    const next = await scheduleNextJointMeeting(ctx, from);
    series.push(next);
    from = String(next._id);
  }
  return series;
}

/** The units that own an item: its registered owners, or (items decided before them) the one free-text owner. */
export function ownerUnitIds(i: Pick<Item, 'ownerUnitIds' | 'ownerOrgId'>): string[] {
  return i.ownerUnitIds?.length ? i.ownerUnitIds : i.ownerOrgId ? [i.ownerOrgId] : [];
}

/**
 * Records the decision on an agenda item and the units that own its follow-up: one or several
 * units of the meeting, each a registered organisation serving the community (checked with
 * volunteers before anything is written).
 */
export async function decideAgendaItem(ctx: Context, input: DecideAgendaItemInput) {
  if (!isObjectId(input.meetingId)) throw new BadUserInputError('input.meetingId', '无效的编号 (invalid id)');
  if (!isLocalDate(input.followUpDate)) throw new BadUserInputError('input.followUpDate', 'YYYY-MM-DD');
  // "In the future" as staff count days: after today in Asia/Shanghai.
  if (input.followUpDate <= localDate())
    throw new BadUserInputError('input.followUpDate', `跟进日期须在今天(${localDate()})之后 (a date after today, Asia/Shanghai)`);
  const decision = text(input.decision, 'input.decision', 2, 500);
  const asked = askedOwners(input);
  if (!asked.length || asked.length > 5)
    throw new BadUserInputError(input.parts ? 'input.parts' : 'input.ownerUnitIds', '1–5 个责任单位 (1 to 5 owner units)');
  const current = await loadMeeting(ctx, input.meetingId);
  if (!current) throw new NotFoundError('joint meeting', input.meetingId);
  if (!current.items.some((i) => String(i._id) === input.itemId))
    throw new BadUserInputError('input.itemId', '没有这个议题 (no such agenda item)');
  // The community itself may own a part; every other owner is a registered unit of the meeting.
  const communityId = String(current.communityId);
  const units = asked.filter((u) => u.id !== communityId);
  const registered = new Set((await registeredUnits(ctx, units, communityId)).map((u) => u.id));
  units.forEach((u) => {
    if (!registered.has(u.id) || !current.unitOrgIds.includes(u.id))
      throw new BadUserInputError(u.field, '须为参会单位 (must be a participating unit)');
  });
  const owners = asked.map((u) => u.id);
  const before = current.items.find((i) => String(i._id) === input.itemId)!;
  const meeting = await changeItems(ctx, input.meetingId, (items) => {
    if (!items.some((i) => String(i._id) === input.itemId))
      throw new BadUserInputError('input.itemId', '没有这个议题 (no such agenda item)');
    return items.map((i) => {
      if (String(i._id) !== input.itemId) return i;
      // A part already done by a unit that still owns one stays done.
      const was = partsOf(i);
      const parts = asked.map((u) => ({
        ...(was.find((p) => p.unitId === u.id && p.status === 'DONE') ?? { unitId: u.id, status: 'OPEN' }),
        task: u.task,
      }));
      return {
        ...i,
        decision,
        ownerOrgId: owners[0]!,
        ownerUnitIds: owners,
        parts,
        followUpDate: input.followUpDate,
        ...itemStatus(parts),
      };
    });
  });
  await followUpChanged(ctx, {
    meetingId: input.meetingId,
    itemId: input.itemId,
    followUpDate: input.followUpDate,
    done: false,
    communityId: String(meeting!.communityId),
  });
  await recordChanges(ctx, {
    entityType: 'JointMeeting',
    entityId: current._id,
    communityId: current.communityId,
    action: 'UPDATE',
    before: { decision: before.decision, owners: ownerUnitIds(before), followUpDate: before.followUpDate },
    after: { decision, owners, followUpDate: input.followUpDate },
    extra: [{ field: 'item', before: null, after: before.title }],
  });
  return meeting;
}

/** The owners a decision names, each with the field it came from and its task (no repeats). */
function askedOwners(input: DecideAgendaItemInput): { id: string; field: string; task: string | null }[] {
  return [
    ...(input.parts ?? []).map((p, i) => ({
      id: p.unitId,
      field: `input.parts[${i}].unitId`,
      task: p.task == null ? null : text(p.task, `input.parts[${i}].task`, 2, 200),
    })),
    ...(input.ownerUnitIds ?? []).map((id, i) => ({ id, field: `input.ownerUnitIds[${i}]`, task: null })),
    ...(input.ownerOrgId != null ? [{ id: input.ownerOrgId, field: 'input.ownerOrgId', task: null }] : []),
  ].filter((u, i, all) => all.findIndex((x) => x.id === u.id) === i);
}

/**
 * Each owner's part of an item: as stored, or (items decided before parts) one per owner following
 * the item's own status.
 */
export function partsOf(i: Pick<Item, 'parts' | 'ownerUnitIds' | 'ownerOrgId' | 'status' | 'doneAt'>): Part[] {
  if (i.parts?.length) return i.parts;
  return ownerUnitIds(i).map((unitId) => ({ unitId, task: null, status: i.status, doneAt: i.doneAt ?? null }));
}

/** An item's status from its parts: DONE (with the last part's time) once every part is. */
function itemStatus(parts: Part[]): { status: string; doneAt: Date | null } {
  if (!parts.length || parts.some((p) => p.status !== 'DONE')) return { status: 'OPEN', doneAt: null };
  return { status: 'DONE', doneAt: new Date(Math.max(...parts.map((p) => p.doneAt?.getTime() ?? 0))) };
}

/**
 * Marks one owner's part of a follow-up done: community staff name the unit (or leave it out when
 * one part is open), a unit completes its own. The item is done when every part is; a part done
 * already is no change (a retry).
 */
export async function completeFollowUp(ctx: Context, input: MutationCompleteFollowUpArgs) {
  if (!isObjectId(input.meetingId)) throw new BadUserInputError('input.meetingId', '无效的编号 (invalid id)');
  const partner = ctx.viewer.role === 'PARTNER';
  if (partner && input.unitId != null && input.unitId !== ctx.viewer.orgId)
    throw new BadUserInputError('unitId', '只能完成本单位的部分 (a unit completes its own part)');
  let closed = false;
  const meeting = await changeItems(ctx, input.meetingId, (items) => {
    closed = false;
    const item = items.find((i) => String(i._id) === input.itemId && (!partner || ownerUnitIds(i).includes(ctx.viewer.orgId ?? '')));
    if (!item) throw new NotFoundError('agenda item', input.itemId);
    const parts = partsOf(item).map((p) => ({ ...p }));
    // Undecided items have no parts: the item itself is closed, as before parts.
    if (!parts.length) {
      closed = item.status !== 'DONE';
      return items.map((i) => (i === item ? { ...i, status: 'DONE', doneAt: i.doneAt ?? new Date() } : i));
    }
    const part = partToComplete(ctx, parts, input.unitId ?? (partner ? ctx.viewer.orgId : null));
    if (part.status === 'DONE') return items;
    const actor = actorOf(ctx.viewer);
    Object.assign(part, { status: 'DONE', doneAt: new Date(), doneBy: actor.by, doneByStaffId: actor.byStaffId });
    const status = itemStatus(parts);
    closed = status.status === 'DONE';
    return items.map((i) => (i === item ? { ...i, parts, ...status } : i));
  });
  if (closed)
    await followUpChanged(ctx, {
      meetingId: input.meetingId,
      itemId: input.itemId,
      followUpDate: null,
      done: true,
      communityId: String(meeting!.communityId),
    });
  return meeting;
}

/** The part a completion is for: the unit named, or the one part still open. */
function partToComplete(ctx: Context, parts: Part[], unitId: string | null | undefined): Part {
  if (unitId != null) {
    const part = parts.find((p) => p.unitId === unitId);
    if (!part) throw new BadUserInputError('unitId', '该单位不负责这个议题 (the unit owns no part of this item)');
    return part;
  }
  const open = parts.filter((p) => p.status !== 'DONE');
  if (open.length > 1)
    throw new BadUserInputError('unitId', '该议题有多个单位在跟进,请指明完成的是哪个单位的部分 (several units own parts: name the unit)');
  return open[0] ?? parts[0]!;
}

/** Meetings in scope, latest first: `limit` of them (the follow-up view reads up to 1,000 to miss no open item). */
export async function listJointMeetings(ctx: Context, communityId?: string | null, limit = 50) {
  const q: Record<string, unknown> = {};
  if (communityId != null) {
    if (!isObjectId(communityId)) throw new BadUserInputError('communityId', '无效的编号 (invalid id)');
    q.communityId = communityId;
  }
  return ctx.models.JointMeeting.find(allOf(rowScope(ctx.viewer, meetingScope), q))
    .sort({ date: -1 })
    .limit(limit)
    .lean()
    .exec();
}

/** Agenda items a viewer may see: all for staff, the items a partner unit owns (alone or with others) only. */
export function visibleItems<T extends Pick<Item, 'ownerUnitIds' | 'ownerOrgId'>>(ctx: Context, items: T[]): T[] {
  return ctx.viewer.role === 'PARTNER' ? items.filter((i) => ownerUnitIds(i).includes(ctx.viewer.orgId ?? '')) : items;
}

/** A unit's open follow-ups. */
interface UnitFollowUps {
  orgId: string;
  name: string;
  items: AgendaItemView[];
}

/** Open follow-ups grouped by owning unit (an item owned by several units is under each; a partner sees only its own group). */
export async function openFollowUps(ctx: Context, communityId?: string | null) {
  const meetings = await listJointMeetings(ctx, communityId, 1_000);
  const byUnit = new Map<string, UnitFollowUps>();
  for (const m of meetings) {
    for (const item of visibleItems(ctx, m.items)) {
      if (item.status !== 'OPEN') continue;
      // Under each unit whose own part is still open.
      for (const { unitId: owner } of partsOf(item).filter((p) => p.status === 'OPEN')) {
        if (ctx.viewer.role === 'PARTNER' && owner !== ctx.viewer.orgId) continue;
        const group: UnitFollowUps = byUnit.get(owner) ?? { orgId: owner, name: unitName(m, owner), items: [] };
        group.items.push({ ...item, meeting: m });
        byUnit.set(owner, group);
      }
    }
  }
  return [...byUnit.values()];
}

/** What the community itself is called as an owner of a part. */
export const COMMUNITY_UNIT_NAME = '社区居委会';

/** A unit's name as a meeting lists it (the community itself as 社区居委会). */
export function unitName(m: { communityId: unknown; units: { orgId?: string | null; name?: string | null }[] }, unitId: string): string {
  if (unitId === String(m.communityId)) return COMMUNITY_UNIT_NAME;
  return m.units.find((u) => u.orgId === unitId)?.name ?? unitId;
}

/** The final answer given to the resident (null until there is one). */
export function finalReply(s: Pick<SuggestionDoc, 'replies'>): string | null {
  return s.replies.find((r) => r.final)?.text ?? null;
}
