import { addDays, isDuplicateKeyError, type LocalDate } from '@jwh/platform';
import { isLeap } from './age.js';
import type { Types } from 'mongoose';
import type { Context } from '../context.js';
import type { Models } from '../models/index.js';
import { buildingIdFor } from '../models/building.model.js';
import { ACTIVE_RESIDENT } from '../models/resident.model.js';
import { ELDER_AGE, householdSummary, householdTags, sameTags } from './derived-tags.js';

/** Where a household lies: its community, small grid and big grid (either grid may be null), its building. */
export interface Place {
  communityId: unknown;
  gridId?: unknown;
  bigGridId?: unknown;
  building?: string | null;
}

/**
 * Moves the read models of the active population (community `householdCount`, `residentCount`,
 * `birthYears`; the small and big grid's `householdCount`, `residentCount`, the small grid's
 * `birthYears`) by a change at `place`:
 * `households` added (or removed, negative) and residents added or removed by birth year
 * (`{ 1944: -1 }`). One `$inc` per document, in the write path of every single edit; the recount
 * (jobs/grid-stats.job.ts) computes the same from the rows and finds nothing to change.
 */
export async function shiftCounts(
  m: Models,
  place: Place,
  change: { households?: number; residentsByYear?: Record<string, number>; community?: boolean },
): Promise<void> {
  const households = change.households ?? 0;
  const byYear = Object.entries(change.residentsByYear ?? {}).filter(([, n]) => n !== 0);
  const residents = byYear.reduce((sum, [, n]) => sum + n, 0);
  const gridInc: Record<string, number> = {};
  if (households) gridInc.householdCount = households;
  if (residents) gridInc.residentCount = residents;
  // The small grid keeps its residents' birth years too (the 6789 counts), in the same `$inc`.
  const smallInc: Record<string, number> = { ...gridInc };
  for (const [year, n] of byYear) smallInc[`birthYears.${year}`] = n;
  const grids = [
    [place.gridId, smallInc],
    [place.bigGridId, gridInc],
  ] as const;
  await Promise.all(grids.map(([g, inc]) => (g && Object.keys(inc).length ? m.Grid.updateOne({ _id: g }, { $inc: inc }).exec() : null)));
  if (households && place.building) await shiftBuilding(m, place, households);
  if (change.community === false) return;
  const communityInc: Record<string, number> = { ...gridInc };
  for (const [year, n] of byYear) communityInc[`birthYears.${year}`] = n;
  if (Object.keys(communityInc).length) await m.Community.updateOne({ _id: place.communityId }, { $inc: communityInc }).exec();
}

/**
 * Moves a building's `householdCount` by `n` (issue 17). A household in a building that has no row
 * yet brings it in, without a point (listed on the map, not drawn), in the household's grid; a
 * building placed before it had households takes that grid. One upsert by `_id` (the id derives from
 * community and name); the recount computes the same from the households.
 */
async function shiftBuilding(m: Models, place: Place, n: number): Promise<void> {
  const _id = buildingIdFor(place.communityId, place.building!);
  if (n < 0) {
    await m.Building.updateOne({ _id }, { $inc: { householdCount: n } }).exec();
    return;
  }
  const upsert = () =>
    m.Building.findOneAndUpdate(
      { _id },
      { $inc: { householdCount: n }, $setOnInsert: { communityId: place.communityId, name: place.building, gridId: place.gridId ?? null } },
      { upsert: true, new: true },
    )
      .lean()
      .exec();
  // Two first households of one building at once: one insert wins, the other's retry increments it.
  const building = await upsert().catch((err: unknown) => {
    if (isDuplicateKeyError(err)) return upsert();
    throw err;
  });
  if (building && !building.gridId && place.gridId)
    await m.Building.updateOne({ _id, gridId: null }, { $set: { gridId: place.gridId } }).exec();
}

/** Residents by birth year, `by` each (for {@link shiftCounts}). */
export function byBirthYear(residents: readonly { birthDate: string }[], by: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of residents) out[r.birthDate.slice(0, 4)] = (out[r.birthDate.slice(0, 4)] ?? 0) + by;
  return out;
}

/** A resident whose derived tags changed, before and after (for the change log). */
export interface TagChange {
  residentId: Types.ObjectId;
  communityId: Types.ObjectId;
  gridId: Types.ObjectId | null;
  before: string[];
  after: string[];
}

/**
 * Recomputes the derived tags (空巢, 独居: derived-tags.ts) of the active members of some households
 * on `today` and stores those that changed, and each household's read model (member count, the
 * union of the members' tags). One pushed-down equality read per household (its members), one
 * update per changed resident and one per household. Every write that changes who lives in a household
 * calls it for the households it touched.
 */
export async function refreshHouseholdTags(m: Models, householdIds: readonly unknown[], today: LocalDate): Promise<TagChange[]> {
  const changes: TagChange[] = [];
  const summaries: { householdId: string; memberCount: number; tags: string[] }[] = [];
  for (const householdId of [...new Set(householdIds.filter(Boolean).map(String))]) {
    const members = await m.Resident.find({ householdId, ...ACTIVE_RESIDENT }, { birthDate: 1, tags: 1, communityId: 1, gridId: 1 })
      .sort({ _id: 1 })
      .lean()
      .exec();
    const tags = householdTags(members, today);
    members.forEach((r, i) => {
      if (!sameTags(r.tags, tags[i]))
        changes.push({ residentId: r._id, communityId: r.communityId, gridId: r.gridId ?? null, before: [...r.tags], after: tags[i]! });
    });
    summaries.push({ householdId, ...householdSummary(tags) });
  }
  await Promise.all([
    ...changes.map((c) => m.Resident.updateOne({ _id: c.residentId }, { $set: { tags: c.after } }).exec()),
    // The household's read model (member count, the union of the members' tags): Grid.households reads it.
    ...summaries.map(({ householdId, ...summary }) => m.Household.updateOne({ _id: householdId }, { $set: summary }).exec()),
  ]);
  return changes;
}

/**
 * Forgets what this request's loaders read before a write (counts, members, tags), so the mutation's
 * answer is read after it.
 */
export function freshReads(ctx: Context): void {
  for (const loader of Object.values(ctx.loaders)) loader.clearAll();
}

/**
 * Recomputes the derived tags of the households whose member turned 60 (ELDER_AGE) on one of the
 * `days` days up to `today` (a missed day is caught up): one pushed-down equality read per day
 * (`{ communityId, birthYear, birthMonthDay }`), one read per household found. A 29 February birthday
 * turns on 1 March in a common year. Run by the daily calendar; the recount repairs the rest.
 */
export async function refreshTurnedElder(m: Models, communityId: unknown, today: LocalDate, days: number): Promise<TagChange[]> {
  const households: unknown[] = [];
  for (let back = 0; back <= days; back++) {
    const date = addDays(today, -back);
    const year = Number(date.slice(0, 4)) - ELDER_AGE;
    const monthDays = [date.slice(5)];
    if (date.slice(5) === '03-01' && !isLeap(Number(date.slice(0, 4)))) monthDays.push('02-29');
    for (const birthMonthDay of monthDays) {
      const rows = await m.Resident.find({ communityId, birthYear: year, birthMonthDay, ...ACTIVE_RESIDENT }, { householdId: 1 })
        .lean()
        .exec();
      households.push(...rows.map((r) => r.householdId));
    }
  }
  return refreshHouseholdTags(m, households, today);
}
