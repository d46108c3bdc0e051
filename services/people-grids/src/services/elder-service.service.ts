import {
  addDays,
  BadUserInputError,
  FESTIVALS,
  festivalDate,
  isDuplicateKeyError,
  localDate,
  mapReads,
  NotFoundError,
  type Festival,
  type LocalDate,
} from '@jwh/platform';
import type { ElderOccasionInput, RecordElderDeliveryInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { ElderDeliveryDoc, ElderDeliveryMonthDoc, ElderDeliveryTallyDoc, ElderServiceName } from '../models/elder-delivery.model.js';
import type { GridDoc, Models } from '../models/index.js';
import { ACTIVE_RESIDENT, type ResidentDoc } from '../models/resident.model.js';
import { ageOn, elderTier, type ElderTier } from './age.js';
import { inViewerCommunities } from './write-scope.js';
import { staffForWrite } from './staff-access.js';
import { requireDate, requireId, requireIntInRange } from './validate.js';

/** Whom each service is for (the age floor) and what its occasion is (DOMAIN.md §6, seed 003). */
const SERVICES: Record<ElderServiceName, { floor: number; name: string; occasion: 'MONTH' | 'DAY' | 'BIRTHDAY' | 'FESTIVAL' }> = {
  HAIRCUT: { floor: 60, name: '免费理发', occasion: 'MONTH' },
  CANTEEN_MEAL: { floor: 70, name: '补贴午餐', occasion: 'DAY' },
  BIRTHDAY_CAKE: { floor: 70, name: '生日蛋糕', occasion: 'BIRTHDAY' },
  FESTIVAL_GIFT: { floor: 80, name: '节日礼品', occasion: 'FESTIVAL' },
  BIRTHDAY_BANQUET: { floor: 90, name: '生日宴', occasion: 'BIRTHDAY' },
};

/** The oldest age an occasion's birth years are read back to. */
const OLDEST_AGE = 120;

/** One occasion of a service, resolved: its key, label, and how a resident's age on it is taken. */
export interface Occasion {
  service: ElderServiceName;
  key: string;
  label: string;
  /** The day ages are taken on; for birthdays the year's last day (the age turned that year). */
  ageOn: LocalDate;
  floor: number;
  /** The first day a delivery may be recorded for it (festival gifts: two weeks ahead). */
  startsOn: LocalDate;
  /** The input field that names it in time (`date` or `year`), for a refusal. */
  timeField: 'date' | 'year';
}

const lastDayOfMonth = (month: string): LocalDate => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** Resolves an occasion input (pure), or BAD_USER_INPUT naming the missing or wrong field under `field`. */
export function occasionOf(input: ElderOccasionInput, field: string): Occasion {
  const spec = SERVICES[input.service as ElderServiceName];
  if (!spec) throw new BadUserInputError(`${field}.service`, '未知的服务 (unknown service)');
  const service = input.service as ElderServiceName;
  if (spec.occasion === 'MONTH' || spec.occasion === 'DAY') {
    const date = requireDate(input.date, `${field}.date`);
    const timeField = 'date' as const;
    if (spec.occasion === 'DAY')
      return { service, key: date, label: `${date} ${spec.name}`, ageOn: date, floor: spec.floor, startsOn: date, timeField };
    const month = date.slice(0, 7);
    const ageOn = lastDayOfMonth(month);
    return { service, key: month, label: `${month} ${spec.name}`, ageOn, floor: spec.floor, startsOn: `${month}-01`, timeField };
  }
  if (input.year == null) throw new BadUserInputError(`${field}.year`, '须指明年份 (the year is required)');
  const year = requireIntInRange(input.year, `${field}.year`, 2000, 2100);
  const timeField = 'year' as const;
  if (spec.occasion === 'BIRTHDAY') {
    const label = `${year}年${spec.name}`;
    return { service, key: String(year), label, ageOn: `${year}-12-31`, floor: spec.floor, startsOn: `${year}-01-01`, timeField };
  }
  const festival = input.festival as Festival | null | undefined;
  if (!festival || !FESTIVALS[festival])
    throw new BadUserInputError(`${field}.festival`, '节日礼品须指明节日 (a festival gift names the festival)');
  const date = festivalDate(festival, year);
  return {
    service,
    key: `${festival}:${year}`,
    label: `${year}年${FESTIVALS[festival].name}礼品`,
    ageOn: date,
    floor: spec.floor,
    // Gifts go out in the week before the festival (the reminder's lead): recorded from two weeks ahead.
    startsOn: addDays(date, -14),
    timeField,
  };
}

/** A resident's age on an occasion (for birthdays, the age turned that year). */
const ageAt = (o: Occasion, birthDate: string): number => ageOn(birthDate, o.ageOn);

/** The birth years an occasion's eligible residents are born in, oldest first. */
const birthYearsOf = (o: Occasion): number[] => {
  const last = Number(o.ageOn.slice(0, 4)) - o.floor;
  return Array.from({ length: OLDEST_AGE - o.floor + 1 }, (_, i) => last - OLDEST_AGE + o.floor + i);
};

/** An occasion as the schema shows it. */
export const occasionView = (o: Occasion) => ({ service: o.service, key: o.key, label: o.label, ageOn: o.ageOn });

/** Rebuilds an occasion from a stored delivery's service and key. */
export function occasionOfDelivery(d: { service: string; occasion: string }): Occasion {
  const [a, b] = d.occasion.split(':');
  if (b) return occasionOf({ service: 'FESTIVAL_GIFT', year: Number(b), festival: a as Festival }, 'occasion');
  const service = d.service as ElderServiceName;
  if (SERVICES[service].occasion === 'BIRTHDAY') return occasionOf({ service, year: Number(a) }, 'occasion');
  return occasionOf({ service, date: a!.length === 7 ? `${a}-01` : a }, 'occasion');
}

/** How far back a delivery's time may be entered late (from paper); occasions: this year's and last year's. */
const LATE_ENTRY_DAYS = 31;

/**
 * Records a 6789 service delivered to a resident of the viewer's scope (a grid worker: its grids;
 * community staff: its community). The resident must be active and of the service's age on the
 * occasion; the same resident, service and occasion again returns the first record (`alreadyRecorded`),
 * whoever records it, and counts nothing twice.
 */
export async function recordElderDelivery(ctx: Context, input: RecordElderDeliveryInput) {
  const occasion = occasionOf(input.occasion, 'input.occasion');
  if (occasion.startsOn > localDate())
    throw new BadUserInputError(`input.occasion.${occasion.timeField}`, '该场次尚未到来 (the occasion has not come yet)');
  // Late entries from paper are fine within a month; older ones would move past figures.
  if (occasion.startsOn < `${Number(localDate().slice(0, 4)) - 1}-01-01`)
    throw new BadUserInputError(`input.occasion.${occasion.timeField}`, '只能补录今年和去年的场次 (occasions of this year and last only)');
  const at = input.at ?? new Date();
  if (Number.isNaN(at.getTime()) || at.getTime() > Date.now() + 5 * 60_000)
    throw new BadUserInputError('input.at', '须为不晚于现在的时间 (a time not in the future)');
  if (localDate(at) < occasion.startsOn || at.getTime() < Date.now() - LATE_ENTRY_DAYS * 86_400_000)
    throw new BadUserInputError(
      'input.at',
      `须在该场次开始之后、${LATE_ENTRY_DAYS} 天以内 (on or after the occasion, within ${LATE_ENTRY_DAYS} days)`,
    );
  const residentId = requireId(input.residentId, 'input.residentId');
  const resident = await ctx.scoped.resident().load(residentId);
  if (!resident) throw new NotFoundError('resident', residentId);
  if (resident.departed)
    throw new BadUserInputError('input.residentId', '该居民已迁出或去世,不再享受为老服务 (the resident has moved out or died)');
  const age = ageAt(occasion, resident.birthDate);
  const tier = elderTier(age);
  if (age < occasion.floor || !tier)
    throw new BadUserInputError('input.residentId', `该居民未满 ${occasion.floor} 周岁 (under ${occasion.floor} on this occasion)`);
  const staff = await staffForWrite(ctx, input.staffId, 'input.staffId');
  if (String(staff.communityId) !== String(resident.communityId))
    throw new BadUserInputError('input.staffId', "须为该居民所在社区的工作人员 (a staff member of the resident's community)");

  const key = { residentId: resident._id, service: occasion.service, occasion: occasion.key };
  let delivery = await ctx.models.ElderDelivery.findOne(key).lean<ElderDeliveryDoc>().exec();
  const alreadyRecorded = !!delivery;
  if (!delivery) {
    try {
      delivery = (
        await ctx.models.ElderDelivery.create({
          ...key,
          householdId: resident.householdId,
          communityId: resident.communityId,
          gridId: resident.gridId ?? null,
          tier,
          at,
          staffId: staff._id,
          createdBy: ctx.viewer.sub,
        })
      ).toObject() as ElderDeliveryDoc;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return { delivery: await ctx.models.ElderDelivery.findOne(key).lean<ElderDeliveryDoc>().orFail().exec(), alreadyRecorded: true };
    }
    // Only the call that inserted the row counts it (the unique index decided who was first).
    await countDelivery(ctx, delivery, occasion, resident.birthDate);
  }
  // The worker's month tally after the row: `$set` of the delivery's own key, so a retry repairs a
  // tally its first attempt did not reach.
  const date = localDate(delivery.at);
  await ctx.models.ElderDeliveryMonth.updateOne(
    { _id: `${String(delivery.communityId)}:${String(delivery.staffId)}:${date.slice(0, 7)}` },
    {
      $set: {
        [`deliveries.${String(delivery._id)}`]: date,
        communityId: delivery.communityId,
        staffId: delivery.staffId,
        month: date.slice(0, 7),
      },
    },
    { upsert: true },
  ).exec();
  return { delivery, alreadyRecorded };
}

/** An eligible resident of an occasion, as the walk lists use it. */
interface Eligible {
  resident: Pick<ResidentDoc, 'birthDate' | 'gridId' | 'householdId'> & { _id: unknown };
  tier: ElderTier;
  age: number;
}

/** What an age counts as on an occasion: its tier, or null under the occasion's floor. */
const tierAt = (o: Occasion, age: number): ElderTier | null => (age < o.floor ? null : elderTier(age));

/**
 * The tier everyone born in `year` has on an occasion (null: none eligible), or undefined when the
 * year straddles a boundary: those whose birthday falls after the occasion's day are a year younger,
 * under the floor or in the tier below. An occasion on 31 December has no such year.
 */
function tierOfYear(o: Occasion, year: number): ElderTier | null | undefined {
  const older = tierAt(o, Number(o.ageOn.slice(0, 4)) - year);
  if (o.ageOn.slice(5) === '12-31') return older;
  return tierAt(o, Number(o.ageOn.slice(0, 4)) - year - 1) === older ? older : undefined;
}

/** Whether a resident born on `birthDate` is within an occasion's birth years (ages up to OLDEST_AGE). */
const inCounts = (o: Occasion, birthDate: string): boolean => Number(birthDate.slice(0, 4)) >= Number(o.ageOn.slice(0, 4)) - OLDEST_AGE;

/** A grid's key in a tally's cells: its id, or `none` outside any grid. */
const cellKey = (gridId: unknown): string => (gridId ? String(gridId) : 'none');
const tallyId = (communityId: unknown, service: string, occasion: string) => `${String(communityId)}:${service}:${occasion}`;

/** A read model's count for a birth year (a mongoose Map, or a plain object as `lean` returns it). */
const yearCount = (years: unknown, year: number): number =>
  (years instanceof Map ? years.get(String(year)) : (years as Record<string, number> | undefined)?.[String(year)]) ?? 0;

/**
 * Counts one delivery that has just inserted its row (the unique index made it the first) in its
 * occasion's tally, under the resident's grid of today and its tier. An upsert of the tally: two
 * first deliveries at once may collide on its `_id`, and the loser increments the winner's.
 */
async function countDelivery(ctx: Context, d: ElderDeliveryDoc, o: Occasion, birthDate: string): Promise<void> {
  if (!inCounts(o, birthDate)) return;
  const bump = () =>
    ctx.models.ElderDeliveryTally.updateOne(
      { _id: tallyId(d.communityId, d.service, d.occasion) },
      {
        $setOnInsert: { communityId: d.communityId, service: d.service, occasion: d.occasion },
        $inc: { [`cells.${cellKey(d.gridId)}.${d.tier}`]: 1 },
      },
      { upsert: true },
    ).exec();
  try {
    await bump();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await bump();
  }
}

/**
 * The tallies an occasion's deliveries should have (the recount rebuilds them): each delivery to an
 * active resident (in `residents`) of its occasion's birth years, under the resident's grid of today
 * and the delivery's tier, by tally `_id`.
 */
export function tallyCells(
  deliveries: readonly Pick<ElderDeliveryDoc, 'communityId' | 'residentId' | 'service' | 'occasion' | 'tier'>[],
  residents: ReadonlyMap<string, { gridId?: unknown; birthDate: string }>,
) {
  const out = new Map<
    string,
    { communityId: unknown; service: ElderServiceName; occasion: string; cells: Record<string, Record<string, number>> }
  >();
  for (const d of deliveries) {
    const r = residents.get(String(d.residentId));
    if (!r || !inCounts(occasionOfDelivery(d), r.birthDate)) continue;
    const id = tallyId(d.communityId, d.service, d.occasion);
    const t = out.get(id) ?? { communityId: d.communityId, service: d.service, occasion: d.occasion, cells: {} };
    const cell = (t.cells[cellKey(r.gridId)] ??= {});
    cell[d.tier] = (cell[d.tier] ?? 0) + 1;
    out.set(id, t);
  }
  return out;
}

/**
 * Moves the 6789 tallies of active residents leaving small grid `from` for grid `to` (null: outside
 * any grid), or leaving the active population (`to` omitted: moved out, died). One pushed-down
 * `{ residentId }` read per resident (the deliveries' unique index), one `$inc` per occasion touched.
 * Every writer that changes an active resident's grid or takes it out of the active population calls
 * it after its own write (as it moves the grids' counts).
 */
export async function shiftDeliveries(
  m: Models,
  residents: readonly { _id: unknown; birthDate: string }[],
  from: unknown,
  to?: unknown,
): Promise<void> {
  if (to !== undefined && cellKey(from) === cellKey(to)) return;
  const found = await mapReads(residents, async (r) =>
    (
      await m.ElderDelivery.find({ residentId: r._id }, { communityId: 1, service: 1, occasion: 1, tier: 1 })
        .lean<ElderDeliveryDoc[]>()
        .exec()
    ).map((d) => ({ d, birthDate: r.birthDate })),
  );
  const incs = new Map<string, Record<string, number>>();
  for (const { d, birthDate } of found.flat()) {
    if (!inCounts(occasionOfDelivery(d), birthDate)) continue;
    const id = tallyId(d.communityId, d.service, d.occasion);
    const inc = incs.get(id) ?? {};
    const add = (grid: unknown, n: number) => {
      const path = `cells.${cellKey(grid)}.${d.tier}`;
      inc[path] = (inc[path] ?? 0) + n;
    };
    add(from, -1);
    if (to !== undefined) add(to, 1);
    incs.set(id, inc);
  }
  const updates = [...incs].map(([_id, $inc]) => ({ updateOne: { filter: { _id }, update: { $inc } } }));
  for (let i = 0; i < updates.length; i += 16) await m.ElderDeliveryTally.bulkWrite(updates.slice(i, i + 16), { ordered: false });
}

/**
 * The active residents of an occasion's age in some grids, one pushed-down `{ gridId, birthYear }`
 * read per grid and birth year, whole (the loader is primed). Birth years the community read model
 * (`birthYears`) says are empty are not read.
 */
async function eligibleResidents(ctx: Context, communityId: string, o: Occasion, gridIds: string[]): Promise<Eligible[]> {
  const community = await ctx.loaders.community.load(communityId);
  const years = birthYearsOf(o).filter((y) => yearCount(community?.birthYears, y) > 0);
  const reads = gridIds.flatMap((gridId) => years.map((birthYear) => ({ gridId, birthYear, ...ACTIVE_RESIDENT })));
  const rows = (await mapReads(reads, (filter) => ctx.models.Resident.find(filter).lean<ResidentDoc[]>().exec())).flat();
  const out: Eligible[] = [];
  for (const r of rows) {
    const age = ageAt(o, r.birthDate);
    const tier = tierAt(o, age);
    if (!tier) continue;
    ctx.loaders.resident.prime(String(r._id), r);
    out.push({ resident: r, tier, age });
  }
  return out;
}

/** The residents who have had a service on an occasion in a community: one pushed-down equality read. */
async function deliveredIds(ctx: Context, communityId: string, o: Occasion): Promise<Set<string>> {
  const rows = await ctx.models.ElderDelivery.find({ communityId, service: o.service, occasion: o.key }, { residentId: 1 }).lean().exec();
  return new Set(rows.map((r) => String(r.residentId)));
}

/** The grids a viewer's report covers: a grid worker its grids of the community, others the whole community (null). */
async function reportGrids(ctx: Context, communityId: string): Promise<string[] | null> {
  if (ctx.viewer.role !== 'GRID_WORKER') return null;
  const grids = await ctx.loaders.grid.loadMany(ctx.viewer.gridIds);
  return ctx.viewer.gridIds.filter((_, i) => {
    const g = grids[i];
    return g && !(g instanceof Error) && String(g.communityId) === communityId;
  });
}

const TIERS: ElderTier[] = ['AGE_60', 'AGE_70', 'AGE_80', 'AGE_90'];

/** One grid and tier of a report (the parent of an `ElderServiceCount`). */
export interface ElderServiceCountRow {
  gridId: string | null;
  tier: ElderTier;
  eligible: number;
  delivered: number;
  owed: number;
}

/** The parent of an `ElderServiceReport`: its counts, and what its `owedResidents` field needs. */
export interface ElderServiceReportRow {
  communityId: string;
  occasion: Occasion;
  gridIds: string[] | null;
  counts: ElderServiceCountRow[];
  eligible: number;
  delivered: number;
  owed: number;
  /** The occasion's delivered residents of the community, read once when a walk list first needs them. */
  delivered$: () => Promise<Set<string>>;
}

/**
 * The eligible residents of an occasion per grid and tier, from the read models: a birth year all
 * of one tier is taken whole from the small grids' `birthYears` (and the community's, less the
 * grids', for residents outside any grid); a year straddling a boundary (at most one per tier
 * boundary, none for birthdays) is read, one pushed-down `{ communityId | gridId, birthYear }` read.
 */
async function eligibleCounts(ctx: Context, communityId: string, o: Occasion, gridIds: string[] | null) {
  const [community, grids] = await Promise.all([
    ctx.loaders.community.load(communityId),
    gridIds ? ctx.loaders.grid.loadMany(gridIds) : ctx.loaders.gridsByCommunity.load(communityId),
  ]);
  const smallGrids = grids.filter((g): g is GridDoc => Boolean(g) && !(g instanceof Error));
  const cells = new Map<string, ElderServiceCountRow>();
  const add = (gridId: string | null, tier: ElderTier, n: number) => {
    if (n <= 0) return;
    const k = `${gridId}|${tier}`;
    const cell = cells.get(k) ?? { gridId, tier, eligible: 0, delivered: 0, owed: 0 };
    cell.eligible += n;
    cells.set(k, cell);
  };
  const straddling: number[] = [];
  for (const year of birthYearsOf(o)) {
    const total = yearCount(community?.birthYears, year);
    const tier = tierOfYear(o, year);
    if (total <= 0 || tier === null) continue;
    if (tier === undefined) {
      straddling.push(year);
      continue;
    }
    let gridded = 0;
    for (const g of smallGrids) {
      const n = yearCount(g.birthYears, year);
      gridded += n;
      add(String(g._id), tier, n);
    }
    if (!gridIds) add(null, tier, total - gridded);
  }
  const places = gridIds ? gridIds.map((gridId) => ({ gridId })) : [{ communityId }];
  const reads = places.flatMap((place) => straddling.map((birthYear) => ({ ...place, birthYear, ...ACTIVE_RESIDENT })));
  const rows = await mapReads(reads, (filter) =>
    ctx.models.Resident.find(filter, { birthDate: 1, gridId: 1 }).lean<Pick<ResidentDoc, 'birthDate' | 'gridId'>[]>().exec(),
  );
  for (const r of rows.flat()) {
    const tier = tierAt(o, ageAt(o, r.birthDate));
    if (tier) add(r.gridId ? String(r.gridId) : null, tier, 1);
  }
  return cells;
}

/** Owed and delivered of a service on an occasion, per small grid and tier, in the viewer's scope. */
export async function elderServices(ctx: Context, communityId: string, input: ElderOccasionInput): Promise<ElderServiceReportRow> {
  requireId(communityId, 'communityId');
  const occasion = occasionOf(input, 'occasion');
  if (!inViewerCommunities(ctx, communityId)) throw new NotFoundError('community', communityId);
  const gridIds = await reportGrids(ctx, communityId);
  const [cells, tally] = await Promise.all([
    eligibleCounts(ctx, communityId, occasion, gridIds),
    ctx.models.ElderDeliveryTally.findById(tallyId(communityId, occasion.service, occasion.key))
      .lean<ElderDeliveryTallyDoc>()
      .exec(),
  ]);
  for (const cell of cells.values()) {
    // Never more than eligible: a tally a crash left behind is repaired by the recount, never shown as owed below zero.
    cell.delivered = Math.min(cell.eligible, Math.max(0, tally?.cells[cellKey(cell.gridId)]?.[cell.tier] ?? 0));
    cell.owed = cell.eligible - cell.delivered;
  }
  const counts = [...cells.values()].sort(
    (a, b) => (a.gridId ?? '~').localeCompare(b.gridId ?? '~') || TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier),
  );
  const sum = (k: 'eligible' | 'delivered' | 'owed') => counts.reduce((n, c) => n + c[k], 0);
  let delivered: Promise<Set<string>> | undefined;
  const delivered$ = () => (delivered ??= deliveredIds(ctx, communityId, occasion));
  return { communityId, occasion, gridIds, counts, eligible: sum('eligible'), delivered: sum('delivered'), owed: sum('owed'), delivered$ };
}

/**
 * The walk list names each resident's household: one `{ gridId }` read of the grid's households
 * (about 350) primes the loader, instead of a point read per owed resident (about 250 on the full demo).
 */
async function primeHouseholds(ctx: Context, gridId: string) {
  for (const h of await ctx.models.Household.find({ gridId }).lean().exec()) ctx.loaders.household.prime(String(h._id), h);
}

/** The residents of one grid of a report still owed its occasion, household by household (a walk list). */
export async function owedResidents(ctx: Context, report: ElderServiceReportRow, gridId: string) {
  requireId(gridId, 'gridId');
  const grid = await ctx.loaders.grid.load(gridId);
  const inReport = report.gridIds ? report.gridIds.includes(gridId) : String(grid?.communityId) === report.communityId;
  if (!grid || !inReport) throw new NotFoundError('grid', gridId);
  const [eligible, delivered] = await Promise.all([
    eligibleResidents(ctx, report.communityId, report.occasion, [gridId]),
    report.delivered$(),
    primeHouseholds(ctx, gridId),
  ]);
  return eligible
    .filter((e) => String(e.resident.gridId) === gridId && !delivered.has(String(e.resident._id)))
    .sort(
      (a, b) =>
        String(a.resident.householdId).localeCompare(String(b.resident.householdId)) ||
        String(a.resident._id).localeCompare(String(b.resident._id)),
    )
    .map((e) => ({ resident: e.resident as ResidentDoc, tier: e.tier, age: e.age }));
}

/** Each worker's deliveries over a period (its figures beside its visits): one read of the month tallies per month. */
export async function deliveriesPerStaff(ctx: Context, communityId: string, from: LocalDate, to: LocalDate, months: string[]) {
  if (!inViewerCommunities(ctx, communityId)) return new Map<string, number>();
  const own = ctx.viewer.role === 'GRID_WORKER' ? { staffId: ctx.viewer.staffId } : {};
  const docs = (
    await mapReads(months, (month) =>
      ctx.models.ElderDeliveryMonth.find({ communityId, month, ...own })
        .lean<ElderDeliveryMonthDoc[]>()
        .exec(),
    )
  ).flat();
  const perStaff = new Map<string, number>();
  for (const d of docs) {
    const n = Object.values(d.deliveries).filter((date) => date >= from && date <= to).length;
    perStaff.set(String(d.staffId), (perStaff.get(String(d.staffId)) ?? 0) + n);
  }
  return perStaff;
}
