import { Types } from 'mongoose';
import { z } from 'zod';
import type { Models } from '../models/index.js';
import { halfDayMonths } from '../models/half-day.model.js';
import { derivedResidentFields, listBucketOf } from '../models/resident.model.js';
import { buildingIdFor } from '../models/building.model.js';
import { majorityGrid } from '../services/building.service.js';
import { householdSummary, householdTags, sameSummary, sameTags } from '../services/derived-tags.js';
import { tallyCells } from '../services/elder-service.service.js';
import { localDate, type LocalDate } from '@jwh/platform';

export const name = 'recount';

/**
 * Raised whenever the recount learns to keep or repair a new derived field or read model (2: the
 * households' `ungridded`, the residents' `listBucket`, the half-days' months; 3: the active
 * population only, derived tags 空巢/独居; 4: the small grids' `birthYears`, the 6789 delivery
 * tallies, buildings and their household counts, each household's member count and tags).
 * Communities below it are recounted when a people-grids process starts, so data written before an
 * upgrade is repaired.
 */
export const READ_MODEL_VERSION = 4;

/** Payload: the community whose counts to recount (an id, never personal data). */
export const payloadSchema = z.object({ communityId: z.string().regex(/^[0-9a-f]{24}$/) });
export type Payload = z.infer<typeof payloadSchema>;

/** What a recount found wrong and set right (all zero when the write paths kept every read model). */
export interface RecountReport {
  grids: number;
  changed: {
    grids: number;
    households: number;
    residents: number;
    tags: number;
    community: number;
    tallies: number;
    summaries: number;
    buildings: number;
  };
}

const sameYears = (a: Record<string, number>, b: unknown): boolean => {
  const entries = (m: unknown) =>
    Object.entries(m instanceof Map ? Object.fromEntries(m) : ((m ?? {}) as Record<string, number>))
      .filter(([, n]) => n !== 0)
      .sort(([x], [y]) => x.localeCompare(y));
  return JSON.stringify(entries(a)) === JSON.stringify(entries(b));
};

/**
 * Recounts the read models of a community from its rows: households and active residents per grid
 * (small grids directly, big grids through their small grids) and in the whole community with its
 * birth years, stored on the grids and the community so everyday reads never count; repairs the gap
 * flag of households, the residents' derived fields, the derived tags of every household's active
 * members (derived-tags.ts, ages on `today`) and the half-days' months. Writes only what differs and
 * reports it: after the write paths (mutations, imports) it finds nothing to change. Idempotent.
 */
export async function recountGridHouseholds(models: Models, payload: Payload, today: LocalDate = localDate()): Promise<RecountReport> {
  const { communityId } = payloadSchema.parse(payload);
  const community = new Types.ObjectId(communityId);
  const changed = { grids: 0, households: 0, residents: 0, tags: 0, community: 0, tallies: 0, summaries: 0, buildings: 0 };
  // One pass over each collection, narrowed by a pushed-down equality on the community.
  const [households, everyone] = await Promise.all([
    models.Household.find({ communityId: community }, { gridId: 1, bigGridId: 1, ungridded: 1, building: 1, memberCount: 1, tags: 1 })
      .lean()
      .exec(),
    models.Resident.find(
      { communityId: community },
      {
        householdId: 1,
        gridId: 1,
        birthDate: 1,
        name: 1,
        birthMonthDay: 1,
        birthYear: 1,
        nameInitial: 1,
        listBucket: 1,
        tags: 1,
        departed: 1,
      },
    )
      .lean()
      .exec(),
  ]);
  const residents = everyone.filter((r) => !r.departed);
  const gridsOf = new Map(households.map((h) => [String(h._id), [h.gridId, h.bigGridId].filter(Boolean).map(String)]));
  const householdsIn = new Map<string, number>();
  const residentsIn = new Map<string, number>();
  const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const grids of gridsOf.values()) for (const g of grids) bump(householdsIn, g);
  for (const r of residents) for (const g of gridsOf.get(String(r.householdId)) ?? []) bump(residentsIn, g);
  // The small grids' birth years, by the residents' own grid (as the 6789 counts read them).
  const yearsIn = new Map<string, Record<string, number>>();
  for (const r of residents) {
    if (!r.gridId) continue;
    const years = yearsIn.get(String(r.gridId)) ?? {};
    years[r.birthDate.slice(0, 4)] = (years[r.birthDate.slice(0, 4)] ?? 0) + 1;
    yearsIn.set(String(r.gridId), years);
  }
  const grids = await models.Grid.find({ communityId: community }, { _id: 1, householdCount: 1, residentCount: 1, birthYears: 1 })
    .lean()
    .exec();
  const gridUpdates = grids.flatMap((g) => {
    const want = {
      householdCount: householdsIn.get(String(g._id)) ?? 0,
      residentCount: residentsIn.get(String(g._id)) ?? 0,
      birthYears: yearsIn.get(String(g._id)) ?? {},
    };
    return g.householdCount === want.householdCount && g.residentCount === want.residentCount && sameYears(want.birthYears, g.birthYears)
      ? []
      : [{ updateOne: { filter: { _id: g._id }, update: { $set: want } } }];
  });
  changed.grids = gridUpdates.length;
  for (let i = 0; i < gridUpdates.length; i += 16) await models.Grid.bulkWrite(gridUpdates.slice(i, i + 16));
  // Repair the gap flag of households (the gap report's pushed-down equality).
  // Guarded by the grid read: a household moved meanwhile keeps the flag its move set.
  const flags = households.flatMap((h) =>
    h.ungridded === !h.gridId
      ? []
      : [{ updateOne: { filter: { _id: h._id, gridId: h.gridId ?? null }, update: { $set: { ungridded: !h.gridId } } } }],
  );
  changed.households = flags.length;
  for (let i = 0; i < flags.length; i += 16) await models.Household.bulkWrite(flags.slice(i, i + 16), { ordered: false });
  // Derived tags of each household's active members, by the one rule the writers use.
  const members = new Map<string, typeof residents>();
  for (const r of residents) {
    const key = String(r.householdId);
    const list = members.get(key);
    if (list) list.push(r);
    else members.set(key, [r]);
  }
  const tagsOf = new Map<string, string[]>();
  for (const list of members.values()) {
    const tags = householdTags(list, today);
    list.forEach((r, i) => {
      if (!sameTags(r.tags, tags[i])) tagsOf.set(String(r._id), tags[i]!);
    });
  }
  changed.tags = tagsOf.size;
  // Each household's read model (member count, the union of its active members' tags), after the tags above.
  const summaries = households.flatMap((h) => {
    const want = householdSummary((members.get(String(h._id)) ?? []).map((r) => tagsOf.get(String(r._id)) ?? r.tags));
    return sameSummary(h, want) ? [] : [{ updateOne: { filter: { _id: h._id }, update: { $set: want } } }];
  });
  changed.summaries = summaries.length;
  for (let i = 0; i < summaries.length; i += 16) await models.Household.bulkWrite(summaries.slice(i, i + 16), { ordered: false });
  changed.buildings = await recountBuildings(models, community, households);
  // Repair the derived fields of residents a writer left without them (or stale), and their tags.
  const repairs = everyone.flatMap((r) => {
    const want: Record<string, unknown> = { ...derivedResidentFields(r), listBucket: listBucketOf(r._id) };
    const stale =
      r.birthMonthDay !== want.birthMonthDay ||
      r.birthYear !== want.birthYear ||
      r.nameInitial !== want.nameInitial ||
      r.listBucket !== want.listBucket;
    const tags = tagsOf.get(String(r._id));
    if (stale) changed.residents++;
    if (tags) want.tags = tags;
    return stale || tags ? [{ updateOne: { filter: { _id: r._id }, update: { $set: want } } }] : [];
  });
  // At most 16 statements a command: FerretDB on PostgreSQL holds a pooled connection per matched
  // statement until the command ends, and a command of ~50 waits on itself.
  for (let i = 0; i < repairs.length; i += 16) await models.Resident.bulkWrite(repairs.slice(i, i + 16), { ordered: false });
  // Rebuild the half-days' month read model (the off-desk shares of a period read it).
  const halfDays = await models.HalfDay.find({ communityId: community }, { staffId: 1, communityId: 1, date: 1, part: 1, mode: 1 })
    .lean()
    .exec();
  const months = halfDayMonths(halfDays).map((m) => ({ replaceOne: { filter: { _id: m._id }, replacement: m, upsert: true } }));
  for (let i = 0; i < months.length; i += 16) await models.HalfDayMonth.bulkWrite(months.slice(i, i + 16), { ordered: false });
  changed.tallies = await recountElderTallies(models, community, residents);
  const birthYears: Record<string, number> = {};
  for (const r of residents) birthYears[r.birthDate.slice(0, 4)] = (birthYears[r.birthDate.slice(0, 4)] ?? 0) + 1;
  const before = await models.Community.findById(community, { householdCount: 1, residentCount: 1, birthYears: 1 }).lean().exec();
  if (
    before &&
    (before.householdCount !== households.length || before.residentCount !== residents.length || !sameYears(birthYears, before.birthYears))
  )
    changed.community = 1;
  await models.Community.updateOne(
    { _id: community },
    { $set: { householdCount: households.length, residentCount: residents.length, birthYears, readModelVersion: READ_MODEL_VERSION } },
  ).exec();
  return { grids: grids.length, changed };
}

/**
 * Rebuilds the 6789 delivery tallies of a community from its deliveries and its active residents
 * (their grid of today), the same cells `recordElderDelivery` and the movers keep: one pushed-down
 * `{ communityId }` read of each collection; writes only the tallies that differ (a delivery whose
 * tally a crash missed, a move that raced a delivery) and returns how many.
 */
async function recountElderTallies(
  models: Models,
  community: Types.ObjectId,
  residents: readonly { _id: unknown; gridId?: unknown; birthDate: string }[],
): Promise<number> {
  const [deliveries, tallies] = await Promise.all([
    models.ElderDelivery.find({ communityId: community }, { communityId: 1, residentId: 1, service: 1, occasion: 1, tier: 1 })
      .lean()
      .exec(),
    models.ElderDeliveryTally.find({ communityId: community }).lean().exec(),
  ]);
  const want = tallyCells(deliveries, new Map(residents.map((r) => [String(r._id), r])));
  for (const t of tallies)
    if (!want.has(t._id)) want.set(t._id, { communityId: community, service: t.service, occasion: t.occasion, cells: {} });
  const before = new Map(tallies.map((t) => [t._id, sameCells(t.cells as Record<string, Record<string, number>>)]));
  const writes = [...want]
    .filter(([_id, t]) => before.get(_id) !== sameCells(t.cells))
    .map(([_id, t]) => ({ replaceOne: { filter: { _id }, replacement: { _id, ...t, communityId: community }, upsert: true } }));
  for (let i = 0; i < writes.length; i += 16) await models.ElderDeliveryTally.bulkWrite(writes.slice(i, i + 16), { ordered: false });
  return writes.length;
}

/** A tally's cells in one canonical form (sorted, zeros left out), to compare. */
const sameCells = (cells: Record<string, Record<string, number>> | undefined): string =>
  JSON.stringify(
    Object.entries(cells ?? {})
      .flatMap(([grid, tiers]) => Object.entries(tiers ?? {}).map(([tier, n]) => [`${grid}.${tier}`, n] as const))
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/**
 * The buildings of a community from its households: every building name households carry has a row
 * (one the register import brought in has no point yet: listed, not drawn), with its household count
 * and the grid most of them are in; a row no household names keeps its point with a count of 0.
 * Writes only what differs; returns how many rows it set right.
 */
async function recountBuildings(
  models: Models,
  community: Types.ObjectId,
  households: readonly { gridId?: unknown; building?: string | null }[],
): Promise<number> {
  const byName = new Map<string, { gridId?: unknown }[]>();
  for (const h of households) if (h.building) byName.set(h.building, [...(byName.get(h.building) ?? []), h]);
  const rows = await models.Building.find({ communityId: community }, { name: 1, householdCount: 1, gridId: 1 }).lean().exec();
  const known = new Map(rows.map((b) => [b.name, b]));
  const updates = [];
  for (const [name, list] of byName) {
    const want = { householdCount: list.length, gridId: majorityGrid(list) };
    const row = known.get(name);
    if (row && row.householdCount === want.householdCount && String(row.gridId ?? null) === String(want.gridId)) continue;
    const gridId = want.gridId ? new Types.ObjectId(want.gridId) : null;
    updates.push({
      updateOne: {
        filter: { _id: buildingIdFor(community, name) },
        update: { $set: { householdCount: want.householdCount, gridId }, $setOnInsert: { communityId: community, name } },
        upsert: true,
      },
    });
  }
  for (const row of rows) {
    if (!byName.has(row.name) && row.householdCount !== 0)
      updates.push({ updateOne: { filter: { _id: row._id }, update: { $set: { householdCount: 0 } }, upsert: false } });
  }
  for (let i = 0; i < updates.length; i += 16) await models.Building.bulkWrite(updates.slice(i, i + 16), { ordered: false });
  return updates.length;
}
