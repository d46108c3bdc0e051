import { allOf, BadUserInputError, isoWeekday, localDate, NotFoundError, rowScope, type LocalDate } from '@jwh/platform';
import type { PublishScheduleInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { CommunityDoc } from '../models/index.js';
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

/** What the community's public board shows for a date: everyone's day, the posts held that weekday, the desks. */
export async function publicBoard(ctx: Context, communityId: string, date: LocalDate | null | undefined) {
  requireId(communityId, 'communityId');
  const day = date == null ? localDate() : requireDate(date, 'date');
  const community = await ctx.models.Community.findOne(allOf(rowScope(ctx.viewer, communityScope), { _id: communityId }))
    .lean<CommunityDoc>()
    .exec();
  if (!community) throw new NotFoundError('community', communityId);
  const [schedule, posts, duty] = await Promise.all([
    ctx.models.ScheduleEntry.find({ communityId, date: day }).sort({ start: 1, staffId: 1 }).lean().exec(),
    ctx.models.PublicPost.find({ communityId, weekdays: isoWeekday(day) })
      .sort({ start: 1 })
      .lean()
      .exec(),
    ctx.models.DutyShift.find({ communityId, date: day }).sort({ part: 1, desk: 1 }).lean().exec(),
  ]);
  return { community, date: day, schedule, posts, duty };
}
