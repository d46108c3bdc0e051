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
import type { ElderDeliveryDoc, ElderDeliveryMonthDoc, ElderServiceName } from '../models/elder-delivery.model.js';
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

/** An eligible resident of an occasion, as the counts and lists use it. */
interface Eligible {
  resident: Pick<ResidentDoc, 'birthDate' | 'gridId' | 'householdId'> & { _id: unknown };
  tier: ElderTier;
  age: number;
}

/**
 * The active residents of an occasion's age, one pushed-down equality read per birth year: of the
 * community (`{ communityId, birthYear }`), or of each given grid (`{ gridId, birthYear }`). Birth
 * years the community read model (`birthYears`) says are empty are not read. `whole` reads whole
 * documents (and primes the resident loader) for the lists.
 */
async function eligibleResidents(
  ctx: Context,
  communityId: string,
  o: Occasion,
  gridIds: string[] | null,
  whole: boolean,
): Promise<Eligible[]> {
  const community = await ctx.loaders.community.load(communityId);
  const perYear = community?.birthYears as Map<string, number> | Record<string, number> | undefined;
  const countOf = (y: number) => (perYear instanceof Map ? perYear.get(String(y)) : perYear?.[String(y)]);
  // A year the read model does not name has nobody in it (as the elder-tier lists read it).
  const years = birthYearsOf(o).filter((y) => !perYear || (countOf(y) ?? 0) > 0);
  const places = gridIds ? gridIds.map((gridId) => ({ gridId })) : [{ communityId }];
  const reads = places.flatMap((place) => years.map((birthYear) => ({ ...place, birthYear, ...ACTIVE_RESIDENT })));
  const projection = whole ? {} : { birthDate: 1, gridId: 1, householdId: 1 };
  const rows = (await mapReads(reads, (filter) => ctx.models.Resident.find(filter, projection).lean<ResidentDoc[]>().exec())).flat();
  const out: Eligible[] = [];
  for (const r of rows) {
    const age = ageAt(o, r.birthDate);
    const tier = elderTier(age);
    if (age < o.floor || !tier) continue;
    if (whole) ctx.loaders.resident.prime(String(r._id), r);
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
  /** What the report read, for its walk lists: the eligible residents (whole, for a grid worker's grids) and the delivered ids. */
  read: { eligible: Eligible[] | null; delivered: Set<string> };
}

/** Owed and delivered of a service on an occasion, per small grid and tier, in the viewer's scope. */
export async function elderServices(ctx: Context, communityId: string, input: ElderOccasionInput): Promise<ElderServiceReportRow> {
  requireId(communityId, 'communityId');
  const occasion = occasionOf(input, 'occasion');
  if (!inViewerCommunities(ctx, communityId)) throw new NotFoundError('community', communityId);
  const gridIds = await reportGrids(ctx, communityId);
  // A grid worker's grids are few: read whole documents once, for its walk lists too.
  const whole = gridIds !== null;
  const [eligible, delivered] = await Promise.all([
    eligibleResidents(ctx, communityId, occasion, gridIds, whole),
    deliveredIds(ctx, communityId, occasion),
  ]);
  const cells = new Map<string, ElderServiceCountRow>();
  for (const e of eligible) {
    const gridId = e.resident.gridId ? String(e.resident.gridId) : null;
    const k = `${gridId}|${e.tier}`;
    const cell = cells.get(k) ?? { gridId, tier: e.tier, eligible: 0, delivered: 0, owed: 0 };
    cell.eligible++;
    if (delivered.has(String(e.resident._id))) cell.delivered++;
    else cell.owed++;
    cells.set(k, cell);
  }
  const counts = [...cells.values()].sort(
    (a, b) => (a.gridId ?? '~').localeCompare(b.gridId ?? '~') || TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier),
  );
  const sum = (k: 'eligible' | 'delivered' | 'owed') => counts.reduce((n, c) => n + c[k], 0);
  const read = { eligible: whole ? eligible : null, delivered };
  return { communityId, occasion, gridIds, counts, eligible: sum('eligible'), delivered: sum('delivered'), owed: sum('owed'), read };
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
  const { delivered } = report.read;
  const [eligible] = await Promise.all([
    report.read.eligible ?? eligibleResidents(ctx, report.communityId, report.occasion, [gridId], true),
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
