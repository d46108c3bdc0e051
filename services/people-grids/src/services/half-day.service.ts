import {
  addDays,
  allOf,
  atLocal,
  ForbiddenError,
  BadUserInputError,
  dateRange,
  isoWeekday,
  localDate,
  mapReads,
  mondayOf,
  rowScope,
  type Filter,
  type LocalDate,
} from '@jwh/platform';
import type { QueryOffDeskSummaryArgs, RecordHalfDayInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { DESK_MODES, HALF_DAY_PARTS, halfDayMonthKey, type HalfDayMonthDoc } from '../models/half-day.model.js';
import { inCommunityScope } from '../policy.js';
import { staffForWrite } from './staff-access.js';
import { requireDate, requireId } from './validate.js';

/** A week has 10 half-days (Monday–Friday, AM and PM). */
export const HALF_DAYS_PER_WEEK = 10;

/**
 * Records how a half-day was spent; the same worker, date and part again replaces it (idempotent).
 * Only half-days that have begun: a Friday filled in on Thursday would count toward the week's share
 * before it happened (the plan of a day is its published schedule, not a half-day).
 */
export async function recordHalfDay(ctx: Context, input: RecordHalfDayInput) {
  const date = requireDate(input.date, 'input.date');
  if (!(HALF_DAY_PARTS as readonly string[]).includes(input.part)) throw new BadUserInputError('input.part', 'AM or PM');
  if (hasNotBegun(date, input.part, new Date()))
    throw new BadUserInputError('input.date', '不能登记尚未到来的半天 (a half-day in the future cannot be recorded)');
  if (!(DESK_MODES as readonly string[]).includes(input.mode)) throw new BadUserInputError('input.mode', 'ON_DESK or OFF_DESK');
  const place = (input.place ?? '').trim();
  if (place.length > 100) throw new BadUserInputError('input.place', '最多 100 个字符 (at most 100 characters)');
  if (input.mode === 'OFF_DESK' && !place) throw new BadUserInputError('input.place', '离案须写明地点 (off-desk half-days name the place)');
  const staff = await staffForWrite(ctx, input.staffId, 'input.staffId');
  const recorded = await ctx.models.HalfDay.findOneAndUpdate(
    { staffId: staff._id, date, part: input.part },
    { $set: { mode: input.mode, place, communityId: staff.communityId } },
    { upsert: true, new: true },
  )
    .lean()
    .exec();
  // The month's read model after the row: a failure here is repaired by a retry (idempotent) or the recount.
  const { _id, key } = halfDayMonthKey({ communityId: staff.communityId, staffId: staff._id, date, part: input.part });
  await ctx.models.HalfDayMonth.updateOne(
    { _id },
    { $set: { [`parts.${key}`]: input.mode, staffId: staff._id, communityId: staff.communityId, month: date.slice(0, 7) } },
    { upsert: true },
  ).exec();
  return recorded;
}

/** Whether a half-day is still ahead at `now` (Asia/Shanghai): a later date, or this afternoon before noon. */
export function hasNotBegun(date: LocalDate, part: string, now: Date): boolean {
  const today = localDate(now);
  return date > today || (date === today && part === 'PM' && now < atLocal(today, '12:00'));
}

/**
 * The workers whose figures a viewer sees: a grid worker its own row only (its own share and visits,
 * issue 16), managers every worker of the community.
 */
export function ownRowOnly(ctx: Context): Filter {
  if (ctx.viewer.role !== 'GRID_WORKER') return {};
  if (!ctx.viewer.staffId) throw new ForbiddenError();
  return { _id: ctx.viewer.staffId };
}

/** A community's committee members and grid workers (whose half-days count), in id order. */
function deskStaff(ctx: Context, scope: Filter, communityId: string) {
  return ctx.models.StaffMember.find(allOf(scope, ownRowOnly(ctx), { communityId, role: { $in: ['COMMITTEE_MEMBER', 'GRID_WORKER'] } }))
    .sort({ _id: 1 })
    .lean()
    .exec();
}

/** Each committee member's and grid worker's off-desk half-days in the week containing `weekOf`. */
export async function offDeskShares(ctx: Context, communityId: string, weekOf: LocalDate, target: number) {
  requireId(communityId, 'communityId');
  const weekStart = mondayOf(requireDate(weekOf, 'weekOf'));
  // The working week: Monday to Friday, 10 half-days (weekend half-days do not count); days still
  // ahead are not read (half-days recorded ahead before issue 16 do not count either).
  const today = localDate();
  const dates = dateRange(weekStart, 5).filter((d) => d <= today);
  const scope = rowScope(ctx.viewer, inCommunityScope);
  const own = ctx.viewer.role === 'GRID_WORKER' ? { staffId: ctx.viewer.staffId } : {};
  const [staff, rows] = await Promise.all([
    deskStaff(ctx, scope, communityId),
    // One pushed-down equality read per day of the week (a community's half-days of one day; a grid
    // worker's own of one day).
    Promise.all(
      dates.map((date) =>
        ctx.models.HalfDay.find(allOf(scope, own, { communityId, date }), { staffId: 1, mode: 1 })
          .lean()
          .exec(),
      ),
    ),
  ]);
  const counts = new Map<string, number>();
  for (const r of rows.flat()) counts.set(`${String(r.staffId)}|${r.mode}`, (counts.get(`${String(r.staffId)}|${r.mode}`) ?? 0) + 1);
  const count = (staffId: unknown, mode: string) => counts.get(`${String(staffId)}|${mode}`) ?? 0;
  return staff.map((s) => {
    const offDesk = count(s._id, 'OFF_DESK');
    return {
      staff: s,
      weekStart,
      offDesk,
      onDesk: count(s._id, 'ON_DESK'),
      share: offDesk / HALF_DAYS_PER_WEEK,
      target,
      meetsTarget: offDesk >= target,
    };
  });
}

/**
 * Each committee member's and grid worker's recorded weekday half-days between two dates
 * (inclusive): off-desk, on-desk and the off-desk share of those recorded (evaluation scores).
 */
export async function offDeskSummary(ctx: Context, args: QueryOffDeskSummaryArgs) {
  const communityId = requireId(args.communityId, 'communityId');
  const from = requireDate(args.from, 'from');
  const to = requireDate(args.to, 'to');
  if (to < from) throw new BadUserInputError('to', '须不早于 from (must not be before from)');
  if (to > addDays(from, 400)) throw new BadUserInputError('to', '最长 400 天 (at most 400 days)');
  const scope = rowScope(ctx.viewer, inCommunityScope);
  const [staff, months] = await Promise.all([
    deskStaff(ctx, scope, communityId),
    // One pushed-down equality read per month of the range (the month read model, one document per worker).
    mapReads(monthsBetween(from, to), (month) =>
      ctx.models.HalfDayMonth.find(allOf(scope, { communityId, month })).lean<HalfDayMonthDoc[]>().exec(),
    ),
  ]);
  const counts = new Map<string, { offDesk: number; onDesk: number }>();
  for (const m of months.flat()) {
    for (const [key, mode] of Object.entries(m.parts)) {
      const date = key.slice(0, 10);
      // Weekend half-days do not count (the working week is Monday to Friday).
      if (date < from || date > to || isoWeekday(date) > 5) continue;
      const c = counts.get(String(m.staffId)) ?? { offDesk: 0, onDesk: 0 };
      if (mode === 'OFF_DESK') c.offDesk++;
      else c.onDesk++;
      counts.set(String(m.staffId), c);
    }
  }
  return staff.map((s) => {
    const c = counts.get(String(s._id)) ?? { offDesk: 0, onDesk: 0 };
    const recorded = c.offDesk + c.onDesk;
    return { staff: s, from, to, offDesk: c.offDesk, onDesk: c.onDesk, share: recorded ? c.offDesk / recorded : null };
  });
}

/** The months (`YYYY-MM`) from the month of `from` to the month of `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return months;
    months.push(month);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}
