import { addDays, allOf, BadUserInputError, isoWeekday, localDate, NotFoundError, rowScope, scrubPii, type LocalDate } from '@jwh/platform';
import type { NoticeBoard, NoticeBoardCommunity, PublishScheduleInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { CommunityDoc, StaffMemberDoc } from '../models/index.js';
import { communityScope } from '../policy.js';
import { staffForWrite } from './staff-access.js';
import { requireDate, requireId, requireText, requireTime } from './validate.js';

/** Publishes a worker's day (日程公示): the slots replace what was published for that date. */
export async function publishSchedule(ctx: Context, input: PublishScheduleInput) {
  const date = requireDate(input.date, 'input.date');
  if (input.slots.length > 24) throw new BadUserInputError('input.slots', '最多 24 段 (at most 24 slots)');
  const slots = input.slots
    .map((s, i) => ({
      start: requireTime(s.start, `input.slots[${i}].start`),
      end: requireTime(s.end, `input.slots[${i}].end`),
      place: requireText(s.place, `input.slots[${i}].place`, 1, 60),
      task: requireText(s.task, `input.slots[${i}].task`, 1, 60),
      i,
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
  for (const [k, s] of slots.entries()) {
    if (s.end <= s.start) throw new BadUserInputError(`input.slots[${s.i}].end`, '结束须晚于开始 (end must be after start)');
    const next = slots[k + 1];
    if (next && next.start < s.end)
      throw new BadUserInputError(`input.slots[${next.i}].start`, '与前一段重叠 (overlaps the previous slot)');
  }
  const staff = await staffForWrite(ctx, input.staffId, 'input.staffId');
  await ctx.models.ScheduleEntry.deleteMany({ staffId: staff._id, date }).exec();
  if (slots.length) {
    await ctx.models.ScheduleEntry.insertMany(
      slots.map(({ i: _i, ...s }) => ({ ...s, staffId: staff._id, communityId: staff.communityId, date })),
    );
  }
  return ctx.models.ScheduleEntry.find({ staffId: staff._id, date }).sort({ start: 1 }).lean().exec();
}

/** The day of a community on its board: everyone's slots, the posts held that weekday, the desks (three equality reads). */
async function dayOnTheBoard(ctx: Context, communityId: string, day: LocalDate) {
  const [schedule, posts, duty] = await Promise.all([
    ctx.models.ScheduleEntry.find({ communityId, date: day }).sort({ start: 1, staffId: 1 }).lean().exec(),
    ctx.models.PublicPost.find({ communityId, weekdays: isoWeekday(day) })
      .sort({ start: 1 })
      .lean()
      .exec(),
    ctx.models.DutyShift.find({ communityId, date: day }).sort({ part: 1, desk: 1 }).lean().exec(),
  ]);
  return { schedule, posts, duty };
}

/** What the community's public board shows for a date: everyone's day, the posts held that weekday, the desks. */
export async function publicBoard(ctx: Context, communityId: string, date: LocalDate | null | undefined) {
  requireId(communityId, 'communityId');
  const day = date == null ? localDate() : requireDate(date, 'date');
  const community = await ctx.models.Community.findOne(allOf(rowScope(ctx.viewer, communityScope), { _id: communityId }))
    .lean<CommunityDoc>()
    .exec();
  if (!community) throw new NotFoundError('community', communityId);
  return { community, date: day, ...(await dayOnTheBoard(ctx, communityId, day)) };
}

/** Days either side of today the public board answers. */
const PUBLIC_DAYS = 7;

/**
 * The same board as anyone sees it without signing in (`noticeBoard`): the same reads as
 * `publicBoard` plus one read of the community's staff (`{ communityId }`, its index) for the names
 * and post titles, and nothing that leads further: no ids, no phones. Any community of the
 * register, whoever asks.
 */
export async function noticeBoard(ctx: Context, communityId: string, date: LocalDate | null | undefined): Promise<NoticeBoard> {
  requireId(communityId, 'communityId');
  const today = localDate();
  const day = date == null ? today : requireDate(date, 'date');
  // Who is where is published for the days around today, not as a history (or a plan) of everyone's movements.
  if (day < addDays(today, -PUBLIC_DAYS) || day > addDays(today, PUBLIC_DAYS))
    throw new BadUserInputError(
      'date',
      `公示栏只公开今天前后 ${PUBLIC_DAYS} 天 (the public board shows ${PUBLIC_DAYS} days either side of today)`,
    );
  // A point read first: an unknown id costs one read, not five.
  const community = await ctx.loaders.community.load(communityId);
  if (!community) throw new NotFoundError('community', communityId);
  const [{ schedule, posts, duty }, staff] = await Promise.all([
    dayOnTheBoard(ctx, communityId, day),
    ctx.models.StaffMember.find({ communityId }, { name: 1, role: 1 }).lean<Pick<StaffMemberDoc, '_id' | 'name' | 'role'>[]>().exec(),
  ]);
  const people = new Map(staff.map((m) => [String(m._id), { name: m.name, role: m.role }]));
  // Every row names its worker; one whose record is gone has nothing to show on the board.
  const named = <T extends { staffId: unknown }>(rows: T[]) =>
    rows.flatMap((r) => {
      const person = people.get(String(r.staffId));
      return person ? [{ row: r, staff: person }] : [];
    });
  return {
    communityName: community.name,
    street: community.street,
    date: day,
    // Places and tasks are staff's free text: a phone or ID number typed into one is not published.
    schedule: named(schedule).map(({ row, staff }) => ({
      start: row.start,
      end: row.end,
      place: scrubPii(row.place),
      task: scrubPii(row.task),
      staff,
    })),
    posts: named(posts).map(({ row, staff }) => ({ place: scrubPii(row.place), start: row.start, end: row.end, staff })),
    desks: named(duty).map(({ row, staff }) => ({ part: row.part, desk: row.desk, staff })),
  };
}

/**
 * The communities whose board anyone may open, by street and name (`noticeBoardCommunities`): the
 * register's communities, a bounded collection (a district's fifty; `declareBounded`), read whole
 * with only their names.
 */
export async function noticeBoardCommunities(ctx: Context): Promise<NoticeBoardCommunity[]> {
  const rows = await ctx.models.Community.find({}, { name: 1, street: 1 }).lean<Pick<CommunityDoc, '_id' | 'name' | 'street'>[]>().exec();
  return rows
    .map((c) => ({ id: String(c._id), name: c.name, street: c.street }))
    .sort((a, b) => a.street.localeCompare(b.street, 'zh') || a.name.localeCompare(b.name, 'zh'));
}
