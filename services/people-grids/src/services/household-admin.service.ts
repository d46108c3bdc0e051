import {
  BadUserInputError,
  ConflictError,
  isDuplicateKeyError,
  localDate,
  NotFoundError,
  ownRetry,
  recordChanges,
  stableObjectId,
} from '@jwh/platform';
import type { Types } from 'mongoose';
import type { CreateHouseholdInput, MergeHouseholdsInput, SplitHouseholdInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { GridDoc, HouseholdDoc } from '../models/index.js';
import { ACTIVE_RESIDENT } from '../models/resident.model.js';
import { shiftDeliveries } from './elder-service.service.js';
import { householdSummary } from './derived-tags.js';
import { byBirthYear, freshReads, refreshHouseholdTags, shiftCounts } from './population.js';
import { addressKey, householdIdFor } from './register-row.js';
import { conflictOn, RESIDENT_MASKS, tagChangeSpecs } from './resident-admin.service.js';
import { requireId, requireText } from './validate.js';

/** An address as stored: full-width forms folded (NFKC), runs of white space made one space. */
const cleanAddress = (value: string, field: string) => requireText(value.normalize('NFKC').replace(/\s+/g, ' '), field, 2, 120);

/** A small grid of `communityId`, or BAD_USER_INPUT naming `field`. */
async function smallGridOf(ctx: Context, gridId: string, communityId: unknown, field: string): Promise<GridDoc & { _id: Types.ObjectId }> {
  requireId(gridId, field);
  const grid = await ctx.loaders.grid.load(gridId);
  if (
    !grid ||
    grid.level !== 'SMALL' ||
    String(grid.communityId) !== String(communityId) ||
    (grid as { retiredAt?: Date | null }).retiredAt
  )
    throw new BadUserInputError(field, '须为本社区在用的小网格 (must be a small grid in use of the community)');
  return grid;
}

/**
 * CONFLICT on `field` when the community has a household at `address` (exactly, or the one a register
 * import derives from its address key): two point reads, the unique index `{ communityId, address }`
 * guarding the insert besides.
 */
async function addressFree(ctx: Context, communityId: unknown, address: string, field: string, except?: unknown): Promise<void> {
  const { Household } = ctx.models;
  const [same, derived] = await Promise.all([
    Household.findOne({ communityId, address }, { _id: 1 }).lean().exec(),
    Household.findById(householdIdFor(String(communityId), address), { _id: 1 })
      .lean()
      .exec(),
  ]);
  const taken = [same, derived].find((h) => h && String(h._id) !== String(except));
  if (taken) throw conflictOn(field, '本社区已有该地址的户 (the community has a household at this address)');
}

const householdShown = (h: Pick<HouseholdDoc, 'address' | 'building'>, grid: { name: string } | null) => ({
  address: h.address,
  building: h.building ?? null,
  grid: grid?.name ?? null,
});

/** A new household's document (in a grid when `gridId` is given). */
function householdDoc(
  ctx: Context,
  _id: Types.ObjectId,
  communityId: unknown,
  gridId: unknown,
  bigGridId: unknown,
  building: string | null,
  address: string,
) {
  return {
    _id,
    communityId,
    gridId: gridId ?? null,
    bigGridId: bigGridId ?? null,
    ungridded: !gridId,
    building,
    address,
    registerKey: addressKey(address),
    createdBy: ctx.viewer.sub,
    // No members yet (a split's members move in next, and its refresh of the households sets these).
    memberCount: 0,
    tags: [] as string[],
  };
}

/**
 * Inserts `doc`; on a duplicate key, what `retry` finds (the same caller's earlier household) is
 * returned, anything else is CONFLICT on the address. Null when the household was inserted.
 */
async function insertHousehold<T>(ctx: Context, doc: ReturnType<typeof householdDoc>, retry: () => Promise<T | null>): Promise<T | null> {
  try {
    await ctx.models.Household.create(doc);
    return null;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const again = await retry();
    if (again) return again;
    throw conflictOn('input.address', '本社区已有该地址的户 (the community has a household at this address)');
  }
}

/**
 * Creates a household at an address of a community, in one of its small grids (a new household is
 * never outside every grid). Idempotent: the `_id` derives from the idempotency key, so a retry by
 * the same caller returns the household and writes nothing; the same key from someone else is CONFLICT.
 * Counts of the community and the grids move in the same write path; the change is logged.
 */
export async function createHousehold(ctx: Context, input: CreateHouseholdInput) {
  const key = requireText(input.idempotencyKey, 'input.idempotencyKey', 8, 100);
  const communityId = requireId(input.communityId, 'input.communityId');
  const address = cleanAddress(input.address, 'input.address');
  const building = requireText(input.building, 'input.building', 1, 30);
  const { Household } = ctx.models;
  const _id = stableObjectId(`admin:household:${key}`);
  const retry = async () => ownRetry(await Household.findById(_id).lean().exec(), ctx.viewer.sub, 'input.idempotencyKey');
  const earlier = await retry();
  if (earlier) return earlier;
  const community = await ctx.scoped.community().load(communityId);
  if (!community) throw new NotFoundError('community', communityId);
  const grid = await smallGridOf(ctx, input.gridId, communityId, 'input.gridId');
  await addressFree(ctx, communityId, address, 'input.address');
  const doc = householdDoc(ctx, _id, community._id, grid._id, grid.parentId ?? null, building, address);
  const again = await insertHousehold(ctx, doc, retry);
  if (again) return again;
  await shiftCounts(ctx.models, doc, { households: 1 });
  freshReads(ctx);
  await recordChanges(ctx, {
    entityType: 'Household',
    entityId: _id,
    communityId: community._id,
    gridIds: [grid._id],
    action: 'CREATE',
    after: householdShown(doc, grid),
  });
  return (await Household.findById(_id).lean().exec())!;
}

/**
 * Moves some members of a household into a new household (分户) at another address of the same
 * community (its grid by default the old one's). Idempotent by nature: the new household's `_id`
 * derives from its address (as an imported one's), and a retry by the same caller that finds the
 * members already there returns it. Grid counts follow a change of grid; both households' derived
 * tags are recomputed; the split is logged on both households and each member moved.
 */
export async function splitHousehold(ctx: Context, input: SplitHouseholdInput) {
  const householdId = requireId(input.householdId, 'input.householdId');
  if (!input.residentIds.length || input.residentIds.length > 50)
    throw new BadUserInputError('input.residentIds', '须选择 1–50 名成员 (choose 1–50 members)');
  const residentIds = [...new Set(input.residentIds.map((id, i) => requireId(id, `input.residentIds[${i}]`)))];
  const address = cleanAddress(input.address, 'input.address');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  const source = await ctx.scoped.household().load(householdId);
  if (!source) throw new NotFoundError('household', householdId);
  const building = input.building == null ? (source.building ?? null) : requireText(input.building, 'input.building', 1, 30);
  const grid = input.gridId == null ? null : await smallGridOf(ctx, input.gridId, source.communityId, 'input.gridId');
  const gridId = grid?._id ?? source.gridId ?? null;
  const bigGridId = grid ? (grid.parentId ?? null) : (source.bigGridId ?? null);
  const { Household, Resident } = ctx.models;
  const _id = householdIdFor(String(source.communityId), address);
  // A retry: the new household is there, created by this caller, holding the members.
  const made = await Household.findById(_id).lean().exec();
  const membersOf = (id: unknown) =>
    Resident.find({ householdId: id, ...ACTIVE_RESIDENT }, { birthDate: 1 })
      .lean()
      .exec();
  if (made && made.createdBy === ctx.viewer.sub) {
    const there = await membersOf(_id);
    if (residentIds.every((id) => there.some((m) => String(m._id) === id))) return made;
  }
  const members = await membersOf(source._id);
  const leaving = members.filter((m) => residentIds.includes(String(m._id)));
  if (leaving.length !== residentIds.length)
    throw new BadUserInputError('input.residentIds', '须为该户的在册成员 (must be active members of the household)');
  if (leaving.length === members.length)
    throw new BadUserInputError('input.residentIds', '至少须留一名成员在原户 (at least one member stays)');
  await addressFree(ctx, source.communityId, address, 'input.address');
  const doc = householdDoc(ctx, _id, source.communityId, gridId, bigGridId, building, address);
  await insertHousehold(ctx, doc, async () => null);
  await shiftCounts(ctx.models, doc, { households: 1 });
  // The members' filter is the household (pushed down); the ids narrow its few rows.
  await Resident.updateMany(
    { householdId: source._id, _id: { $in: leaving.map((m) => m._id) } },
    { $set: { householdId: _id, gridId } },
  ).exec();
  if (String(gridId) !== String(source.gridId ?? null)) {
    await shiftCounts(ctx.models, source, { residentsByYear: byBirthYear(leaving, -1), community: false });
    await shiftCounts(ctx.models, doc, { residentsByYear: byBirthYear(leaving, 1), community: false });
    await shiftDeliveries(ctx.models, leaving, source.gridId ?? null, gridId ?? null);
  }
  const tagChanges = await refreshHouseholdTags(ctx.models, [source._id, _id], localDate());
  freshReads(ctx);
  const [fromGrid, toGrid] = await Promise.all([
    source.gridId ? ctx.loaders.grid.load(String(source.gridId)) : null,
    gridId ? ctx.loaders.grid.load(String(gridId)) : null,
  ]);
  const moved = leaving.map((m) => ({
    entityType: 'Resident',
    entityId: m._id,
    communityId: source.communityId,
    gridIds: [source.gridId, gridId],
    action: 'SPLIT',
    reason,
    before: { household: source.address },
    after: { household: address },
    masks: RESIDENT_MASKS,
  }));
  await recordChanges(
    ctx,
    {
      entityType: 'Household',
      entityId: source._id,
      communityId: source.communityId,
      gridIds: [source.gridId],
      action: 'SPLIT',
      reason,
      before: { members: members.length },
      after: { members: members.length - leaving.length },
      extra: [{ field: 'newHousehold', before: null, after: address }],
    },
    {
      entityType: 'Household',
      entityId: _id,
      communityId: source.communityId,
      gridIds: [gridId],
      action: 'CREATE',
      reason,
      after: { ...householdShown(doc, toGrid ?? fromGrid ?? null), members: leaving.length },
      extra: [{ field: 'splitFrom', before: null, after: source.address }],
    },
    ...moved,
    ...tagChangeSpecs(tagChanges),
  );
  return (await Household.findById(_id).lean().exec())!;
}

/**
 * Merges two households of a community (合户): every member of `from` (those on record too) joins
 * `into`, then `from` is removed. Counts: one household fewer; residents follow to `into`'s grid.
 * Derived tags of the merged household are recomputed; the merge is logged on both households and
 * each member moved. A retry after the merge finds `from` gone: NOT_FOUND.
 */
export async function mergeHouseholds(ctx: Context, input: MergeHouseholdsInput) {
  const fromId = requireId(input.fromHouseholdId, 'input.fromHouseholdId');
  const intoId = requireId(input.intoHouseholdId, 'input.intoHouseholdId');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  if (fromId === intoId) throw new BadUserInputError('input.intoHouseholdId', '须为另一户 (must be another household)');
  const [from, into] = await Promise.all([ctx.scoped.household().load(fromId), ctx.scoped.household().load(intoId)]);
  if (!from) throw new NotFoundError('household', fromId);
  if (!into) throw new NotFoundError('household', intoId);
  if (String(from.communityId) !== String(into.communityId))
    throw new BadUserInputError('input.intoHouseholdId', '须为同一社区的户 (must be a household of the same community)');
  const { Household, Resident } = ctx.models;
  const everyone = await Resident.find({ householdId: from._id }, { birthDate: 1, departed: 1, name: 1, phone: 1, hukou: 1, tags: 1 })
    .lean()
    .exec();
  const active = everyone.filter((r) => !r.departed);
  await Resident.updateMany({ householdId: from._id }, { $set: { householdId: into._id, gridId: into.gridId ?? null } }).exec();
  const removed = await Household.deleteOne({ _id: from._id }).exec();
  if (!removed.deletedCount) throw new ConflictError('该户刚被他人合并 (the household was just merged by someone else)');
  await shiftCounts(ctx.models, from, { households: -1 });
  if (String(from.gridId ?? null) !== String(into.gridId ?? null)) {
    await shiftCounts(ctx.models, from, { residentsByYear: byBirthYear(active, -1), community: false });
    await shiftCounts(ctx.models, into, { residentsByYear: byBirthYear(active, 1), community: false });
    await shiftDeliveries(ctx.models, active, from.gridId ?? null, into.gridId ?? null);
  }
  const tagChanges = await refreshHouseholdTags(ctx.models, [into._id], localDate());
  freshReads(ctx);
  await recordChanges(
    ctx,
    {
      entityType: 'Household',
      entityId: from._id,
      communityId: from.communityId,
      gridIds: [from.gridId],
      action: 'MERGE',
      reason,
      before: { address: from.address, members: active.length },
      after: { address: null, members: 0 },
      extra: [{ field: 'mergedInto', before: null, after: into.address }],
    },
    {
      entityType: 'Household',
      entityId: into._id,
      communityId: into.communityId,
      gridIds: [into.gridId],
      action: 'MERGE',
      reason,
      extra: [{ field: 'mergedFrom', before: null, after: from.address }],
    },
    ...active.map((r) => ({
      entityType: 'Resident',
      entityId: r._id,
      communityId: from.communityId,
      gridIds: [from.gridId, into.gridId],
      action: 'MERGE',
      reason,
      before: { household: from.address },
      after: { household: into.address },
      masks: RESIDENT_MASKS,
    })),
    ...tagChangeSpecs(tagChanges),
  );
  return (await Household.findById(into._id).lean().exec())!;
}

/**
 * A household's active member count and the union of their tags: its read model (kept by every
 * write that changes its members), or, for a row written before the read model existed and not yet
 * recounted, counted from its members.
 */
export async function householdView(ctx: Context, h: HouseholdDoc): Promise<{ memberCount: number; tags: string[] }> {
  if (h.memberCount != null) return { memberCount: h.memberCount, tags: [...(h.tags ?? [])] };
  return householdSummary((await ctx.loaders.membersByHousehold.load(String(h._id))).map((m) => m.tags));
}
