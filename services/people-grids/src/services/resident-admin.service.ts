import {
  AppError,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  isDuplicateKeyError,
  localDate,
  NotFoundError,
  recordChanges,
  type ChangeSpec,
  type LocalDate,
} from '@jwh/platform';
import type {
  AddResidentInput,
  RecordResidentDeathInput,
  RecordResidentMovedOutInput,
  UpdateResidentInput,
} from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { HouseholdDoc, ResidentDoc } from '../models/index.js';
import { type DEPARTURE_KINDS, derivedResidentFields, listBucketOf } from '../models/resident.model.js';
import { isDerivedTag } from './derived-tags.js';
import { shiftDeliveries } from './elder-service.service.js';
import { byBirthYear, freshReads, refreshHouseholdTags, shiftCounts, type TagChange } from './population.js';
import { checkManualTags, checkName, checkNationalId, checkPhone, residentIdFor, type Check } from './register-row.js';
import { UNREGISTRABLE } from './register-import.service.js';
import { requireDate, requireId, requireText } from './validate.js';

/** The value of a field check, or BAD_USER_INPUT naming `field` with the reason. */
export function valueOf<T>(check: Check<T>, field: string): T {
  if (!check.ok) throw new BadUserInputError(field, check.reason);
  return check.value;
}

/** A CONFLICT naming the input field it is about (`extensions.field`). */
export const conflictOn = (field: string, message: string) => new AppError(`${field}: ${message}`, 'CONFLICT', { field });

/** What the change log shows of a resident (personal data masked by {@link RESIDENT_MASKS}). */
export const residentShown = (r: Pick<ResidentDoc, 'name' | 'phone' | 'hukou' | 'tags'>, household: { address: string } | null) => ({
  name: r.name,
  phone: r.phone ?? null,
  hukou: r.hukou,
  tags: [...(r.tags ?? [])].sort(),
  household: household?.address ?? null,
});
export const RESIDENT_MASKS = { name: 'name', phone: 'phone', nationalId: 'nationalId' } as const;

/** Change records of residents whose derived tags (空巢, 独居) followed a change of their household. */
export const tagChangeSpecs = (changes: readonly TagChange[]): ChangeSpec[] =>
  changes.map((c) => ({
    entityType: 'Resident',
    entityId: c.residentId,
    communityId: c.communityId,
    gridIds: [c.gridId],
    action: 'UPDATE',
    reason: '派生标签随户成员或年龄更新 (derived tags follow the household and ages)',
    before: { tags: c.before },
    after: { tags: c.after },
  }));

/** A resident of the viewer's scope (grid workers: their grids), active, or NOT_FOUND / CONFLICT. */
async function activeResident(ctx: Context, id: string, field = 'input.id'): Promise<ResidentDoc & { _id: unknown }> {
  requireId(id, field);
  const resident = await ctx.scoped.resident().load(id);
  if (!resident) throw new NotFoundError('resident', id);
  if (resident.departed)
    throw conflictOn(field, '该居民已迁出或死亡,记录仅供查阅 (the resident has moved out or died: kept on record only)');
  return resident;
}

async function householdOf(ctx: Context, id: unknown): Promise<HouseholdDoc | null> {
  return ctx.loaders.household.load(String(id));
}

/**
 * Adds a resident to a household. The national ID is checked and gives the birth date and sex
 * (register-row.ts, as the register import does); it must be unique (the keyed hash with its unique
 * index, as `residentByNationalId` finds it): a number already registered is CONFLICT on
 * `input.nationalId`, unless it is the retry of this request (same `idempotencyKey`, same caller).
 * The resident's `_id` derives from that hash, as an imported one's does. Then, in the same write
 * path: counts of the community and grids, the community's birth years, the household's derived tags,
 * the change log.
 */
export async function addResident(ctx: Context, input: AddResidentInput) {
  const today = localDate();
  const householdId = requireId(input.householdId, 'input.householdId');
  const name = valueOf(checkName(input.name), 'input.name');
  const { nationalId, birthDate, gender } = valueOf(checkNationalId(input.nationalId, today), 'input.nationalId');
  const phone = valueOf(checkPhone(input.phone), 'input.phone');
  const tags = valueOf(checkManualTags(input.tags ?? []), 'input.tags');
  const key = input.idempotencyKey == null ? null : requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  const household = await ctx.scoped.household().load(householdId);
  if (!household) throw new NotFoundError('household', householdId);
  const hash = ctx.cipher.hash(nationalId);
  const { Resident } = ctx.models;
  const settle = async () => {
    const found = await Resident.findOne({ nationalIdHash: hash }).lean().exec();
    if (!found) return null;
    if (key && found.idempotencyKey === key && found.createdBy === ctx.viewer.sub) return found;
    throw conflictOn(
      'input.nationalId',
      String(found.communityId) === String(household.communityId)
        ? '该身份证号已在本社区登记 (this national ID is already registered in this community)'
        : UNREGISTRABLE,
    );
  };
  const earlier = await settle();
  if (earlier) return earlier;
  const _id = residentIdFor(hash);
  const doc = {
    _id,
    householdId: household._id,
    communityId: household.communityId,
    gridId: household.gridId ?? null,
    name,
    gender,
    birthDate,
    ...derivedResidentFields({ birthDate, name }),
    listBucket: listBucketOf(_id),
    phone,
    nationalIdEnc: ctx.cipher.encrypt(nationalId),
    nationalIdHash: hash,
    hukou: input.hukou ?? 'LOCAL',
    tags,
    createdBy: ctx.viewer.sub,
    ...(key ? { idempotencyKey: key } : {}),
  };
  try {
    await Resident.create(doc);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const retried = await settle();
    if (retried) return retried;
    throw err;
  }
  await shiftCounts(ctx.models, household, { residentsByYear: byBirthYear([doc], 1) });
  const tagChanges = await refreshHouseholdTags(ctx.models, [household._id], today);
  freshReads(ctx);
  const created = await Resident.findById(_id).lean().exec();
  if (!created) throw new NotFoundError('resident', String(_id));
  await recordChanges(
    ctx,
    {
      entityType: 'Resident',
      entityId: _id,
      communityId: household.communityId,
      gridIds: [household.gridId],
      action: 'CREATE',
      // The birth date is the masked middle of the ID number: the log keeps neither in full.
      after: { ...residentShown(created, household), nationalId },
      masks: RESIDENT_MASKS,
    },
    ...tagChangeSpecs(tagChanges.filter((c) => String(c.residentId) !== String(_id))),
  );
  return created;
}

/**
 * Changes a resident's phone, hukou, tags set by hand, or household (another household of the same
 * community: grid counts and both households' derived tags follow). Grid workers may change the
 * phone and tags of residents in their grids only; hukou and household are community staff's.
 */
export async function updateResident(ctx: Context, input: UpdateResidentInput) {
  const id = requireId(input.id, 'input.id');
  if (ctx.viewer.role === 'GRID_WORKER' && (input.hukou != null || input.householdId != null))
    throw new ForbiddenError('网格员只能修改手机号和标签 (grid workers change the phone and tags only)');
  const phone = input.phone === undefined ? undefined : valueOf(checkPhone(input.phone), 'input.phone');
  const manual = input.tags == null ? null : valueOf(checkManualTags(input.tags), 'input.tags');
  if (input.householdId != null) requireId(input.householdId, 'input.householdId');
  const resident = await activeResident(ctx, id);
  const from = await householdOf(ctx, resident.householdId);
  let to = from;
  if (input.householdId != null && input.householdId !== String(resident.householdId)) {
    to = await ctx.scoped.household().load(input.householdId);
    if (!to || String(to.communityId) !== String(resident.communityId))
      throw new BadUserInputError('input.householdId', '须为本社区的户 (must be a household of the same community)');
  }
  const moving = to !== from && to !== null;
  const set: Record<string, unknown> = {};
  if (phone !== undefined) set.phone = phone;
  if (input.hukou != null) set.hukou = input.hukou;
  if (manual) set.tags = [...manual, ...resident.tags.filter(isDerivedTag)].sort();
  if (moving) Object.assign(set, { householdId: to!._id, gridId: to!.gridId ?? null });
  if (!Object.keys(set).length) return resident;
  const { Resident } = ctx.models;
  const updated = await Resident.findOneAndUpdate(
    { _id: resident._id, householdId: resident.householdId, departed: { $ne: true } },
    { $set: set },
    { new: true },
  )
    .lean()
    .exec();
  if (!updated) throw new ConflictError('该居民刚被他人修改,请刷新后重试 (the resident was just changed by someone else)');
  const today = localDate();
  let tagChanges: TagChange[] = [];
  if (moving) {
    if (String(from?.gridId ?? null) !== String(to!.gridId ?? null)) {
      await shiftCounts(ctx.models, from ?? { communityId: resident.communityId }, {
        residentsByYear: byBirthYear([resident], -1),
        community: false,
      });
      await shiftCounts(ctx.models, to!, { residentsByYear: byBirthYear([resident], 1), community: false });
      await shiftDeliveries(ctx.models, [resident], from?.gridId ?? null, to!.gridId ?? null);
    }
    tagChanges = await refreshHouseholdTags(ctx.models, [from?._id, to!._id], today);
  } else if (manual) tagChanges = await refreshHouseholdTags(ctx.models, [resident.householdId], today);
  freshReads(ctx);
  const after = (await Resident.findById(resident._id).lean().exec()) ?? updated;
  await recordChanges(
    ctx,
    {
      entityType: 'Resident',
      entityId: resident._id,
      communityId: resident.communityId,
      gridIds: [...new Set([String(from?.gridId ?? ''), String(to?.gridId ?? '')])].filter(Boolean),
      action: moving ? 'MOVE' : 'UPDATE',
      before: residentShown(resident, from),
      after: residentShown(after, to),
      masks: RESIDENT_MASKS,
    },
    ...tagChangeSpecs(tagChanges.filter((c) => String(c.residentId) !== String(resident._id))),
  );
  return after;
}

type DepartureKind = (typeof DEPARTURE_KINDS)[number];

/**
 * Records that a resident left the active population (moved out of the community, or died). The
 * record is kept, marked (`departed`, `departure`); household members, counts, birth years, elder
 * tiers, birthdays and lists leave it out from this write on, and the household's remaining members'
 * derived tags follow (a widow now living alone is 独居). One guarded update: a second call is CONFLICT.
 */
async function recordDeparture(
  ctx: Context,
  kind: DepartureKind,
  input: { id: string; date: LocalDate; reason: string | null },
): Promise<ResidentDoc> {
  const date = requireDate(input.date, 'input.date');
  const today = localDate();
  if (date > today) throw new BadUserInputError('input.date', '不能晚于今天 (not in the future)');
  const resident = await activeResident(ctx, input.id);
  if (date < resident.birthDate) throw new BadUserInputError('input.date', '不能早于出生日期 (not before the birth date)');
  const departure = { kind, date, reason: input.reason };
  const updated = await ctx.models.Resident.findOneAndUpdate(
    { _id: resident._id, departed: { $ne: true } },
    { $set: { departed: true, departure } },
    { new: true },
  )
    .lean()
    .exec();
  if (!updated) throw conflictOn('input.id', '该居民已迁出或死亡 (the resident has already moved out or died)');
  const household = await householdOf(ctx, resident.householdId);
  await shiftCounts(ctx.models, household ?? { communityId: resident.communityId }, { residentsByYear: byBirthYear([resident], -1) });
  await shiftDeliveries(ctx.models, [resident], resident.gridId ?? null);
  const tagChanges = await refreshHouseholdTags(ctx.models, [resident.householdId], today);
  freshReads(ctx);
  await recordChanges(
    ctx,
    {
      entityType: 'Resident',
      entityId: resident._id,
      communityId: resident.communityId,
      gridIds: [resident.gridId],
      action: kind === 'DECEASED' ? 'DEATH' : 'MOVE_OUT',
      reason: input.reason,
      before: { status: 'ACTIVE', date: null },
      after: { status: kind, date },
    },
    ...tagChangeSpecs(tagChanges),
  );
  return updated;
}

export function recordResidentMovedOut(ctx: Context, input: RecordResidentMovedOutInput) {
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  return recordDeparture(ctx, 'MOVED_OUT', { id: input.id, date: input.date, reason });
}

export function recordResidentDeath(ctx: Context, input: RecordResidentDeathInput) {
  const reason = input.reason == null || input.reason.trim() === '' ? null : requireText(input.reason, 'input.reason', 1, 200);
  return recordDeparture(ctx, 'DECEASED', { id: input.id, date: input.date, reason });
}
