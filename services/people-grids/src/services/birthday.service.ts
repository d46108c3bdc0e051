import {
  addDays,
  allOf,
  BadUserInputError,
  dateRange,
  decodeCursor,
  localDate,
  mapReads,
  pageSize,
  rowScope,
  type LocalDate,
} from '@jwh/platform';
import type { QueryUpcomingBirthdaysArgs } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { ACTIVE_RESIDENT } from '../models/resident.model.js';
import { residentScope } from '../policy.js';
import { elderTier, isLeap, yearsBefore } from './age.js';
import { requireId, requireIntInRange } from './validate.js';

/**
 * The birthdays (month-day) in the `days` days from `today`, each with its date. A 29 February
 * birthday is kept on 28 February in other years.
 */
export function birthdayWindow(today: LocalDate, days: number): Map<string, LocalDate> {
  const window = new Map<string, LocalDate>();
  for (const date of dateRange(today, days)) {
    const md = date.slice(5);
    if (!window.has(md)) window.set(md, date);
    if (md === '02-28' && !isLeap(Number(date.slice(0, 4))) && !window.has('02-29')) window.set('02-29', date);
  }
  return window;
}

const encode = (date: string, id: string) => Buffer.from(`c:${date}|${id}`).toString('base64url');

/** Birthdays of a community's active population in the next `days` days, soonest first, optionally of one elder tier (by the age turned). */
export async function upcomingBirthdays(ctx: Context, args: QueryUpcomingBirthdaysArgs) {
  requireId(args.communityId, 'communityId');
  const days = requireIntInRange(args.days, 'days', 1, 366);
  const limit = pageSize(args.first);
  const today = localDate();
  const window = birthdayWindow(today, days);
  const scope = rowScope(ctx.viewer, residentScope);
  const oldest = args.tier ? yearsBefore(addDays(today, days), 60) : null;
  // Up to a month: one pushed-down equality read per day of the window (community and month-day:
  // a few dozen rows each). A longer window (planning, not the everyday list) reads the community once.
  // The per-day reads take whole documents and prime the resident loader: the page's residents
  // then cost no further reads.
  const perDay =
    window.size <= 31
      ? await mapReads([...window.keys()], async (birthMonthDay) => {
          const rows = await ctx.models.Resident.find(allOf(scope, { communityId: args.communityId, birthMonthDay }, ACTIVE_RESIDENT))
            .lean()
            .exec();
          for (const r of rows) ctx.loaders.resident.prime(String(r._id), r);
          return rows;
        })
      : [
          (
            await ctx.models.Resident.find(allOf(scope, { communityId: args.communityId }, ACTIVE_RESIDENT), {
              _id: 1,
              birthDate: 1,
              birthMonthDay: 1,
            })
              .lean()
              .exec()
          ).filter((r) => window.has(r.birthMonthDay)),
        ];
  const rows = perDay.flat().filter((r) => !oldest || r.birthDate <= oldest);
  const entries = rows
    .map((r) => {
      const date = window.get(r.birthMonthDay)!;
      const turningAge = Number(date.slice(0, 4)) - Number(r.birthDate.slice(0, 4));
      return { id: String(r._id), date, turningAge, tier: elderTier(turningAge) };
    })
    .filter((e) => e.turningAge > 0 && (!args.tier || e.tier === args.tier))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  let start = 0;
  if (args.after) {
    const raw = Buffer.from(args.after, 'base64url').toString();
    const [date, id] = raw.startsWith('c:') ? raw.slice(2).split('|') : [];
    if (!date || !id) throw new BadUserInputError('after', '无效的分页游标 (invalid cursor)');
    decodeCursor(Buffer.from(`c:${id}`).toString('base64url'));
    start = entries.findIndex((e) => e.date > date || (e.date === date && e.id > id));
    if (start < 0) start = entries.length;
  }
  const page = entries.slice(start, start + limit);
  const residents = await ctx.loaders.resident.loadMany(page.map((e) => e.id));
  const edges = page.flatMap((e, i) => {
    const resident = residents[i];
    if (resident instanceof Error) throw resident;
    // A resident removed since the window was read drops out of the page.
    return resident ? [{ cursor: encode(e.date, e.id), node: { resident, date: e.date, turningAge: e.turningAge, tier: e.tier } }] : [];
  });
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: start + limit < entries.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: entries.length,
  };
}
