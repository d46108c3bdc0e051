import { allOf, BadUserInputError, ConflictError, findPage, NotFoundError, rowScope, type PageArgs } from '@jwh/platform';
import type { GridLevel, MoveHouseholdInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { householdScope, inCommunityScope } from '../policy.js';
import { requireId, requireText } from './validate.js';

/** A small grid should hold 300–350 households (DOMAIN.md §2). */
export const GRID_NORM = { min: 300, max: 350 } as const;

export function isOutOfRange(level: string, householdCount: number): boolean {
  return level === 'SMALL' && (householdCount < GRID_NORM.min || householdCount > GRID_NORM.max);
}

/** A community's grids by name, optionally of one level (大网格 or 小网格). */
export async function communityGrids(ctx: Context, communityId: unknown, level: GridLevel | null | undefined) {
  const grids = await ctx.loaders.gridsByCommunity.load(String(communityId));
  return level ? grids.filter((g) => g.level === level) : grids;
}

export async function gridsOutOfRange(ctx: Context, communityId: string) {
  requireId(communityId, 'communityId');
  const grids = await ctx.models.Grid.find(allOf(rowScope(ctx.viewer, inCommunityScope), { communityId, level: 'SMALL' }))
    .sort({ name: 1 })
    .lean()
    .exec();
  return grids.filter((g) => isOutOfRange(g.level, g.householdCount));
}

export function ungriddedHouseholds(ctx: Context, communityId: string, args: PageArgs) {
  requireId(communityId, 'communityId');
  return findPage(ctx.models.Household, allOf(rowScope(ctx.viewer, householdScope), { communityId, ungridded: true }), args);
}

/**
 * Moves a household to another small grid of its community. No transaction: the grid change is one
 * guarded update (fails with CONFLICT if someone moved it meanwhile); residents follow with a
 * self-healing update (a retry completes it); counts move with $inc and the grid-stats job
 * recounts them; the move is appended to the history.
 */
export async function moveHousehold(ctx: Context, input: MoveHouseholdInput) {
  const householdId = requireId(input.householdId, 'input.householdId');
  const toGridId = requireId(input.toGridId, 'input.toGridId');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  const { Household, Grid, Resident, HouseholdMove } = ctx.models;
  const household = await Household.findOne(allOf(rowScope(ctx.viewer, householdScope), { _id: householdId }))
    .lean()
    .exec();
  if (!household) throw new NotFoundError('household', householdId);
  const target = await Grid.findById(toGridId).lean().exec();
  if (!target || target.level !== 'SMALL' || String(target.communityId) !== String(household.communityId)) {
    throw new BadUserInputError('input.toGridId', '须为本社区的小网格 (must be a small grid of the same community)');
  }
  if (String(household.gridId) !== toGridId) {
    const moved = await Household.findOneAndUpdate(
      { _id: householdId, gridId: household.gridId },
      { $set: { gridId: target._id, bigGridId: target.parentId, ungridded: false } },
      { new: true },
    )
      .lean()
      .exec();
    if (!moved) throw new ConflictError('该户刚被他人调整,请刷新后重试 (the household was just moved by someone else)');
    const counts = [
      { id: household.gridId, by: -1 },
      { id: household.bigGridId, by: -1 },
      { id: target._id, by: 1 },
      { id: target.parentId, by: 1 },
    ].filter((c) => c.id);
    const members = (await Resident.find({ householdId }, { _id: 1 }).lean().exec()).length;
    await Grid.bulkWrite(
      counts.map((c) => ({
        updateOne: { filter: { _id: c.id }, update: { $inc: { householdCount: c.by, residentCount: c.by * members } } },
      })),
    );
    await HouseholdMove.create({
      householdId,
      fromGridId: household.gridId,
      toGridId: target._id,
      at: new Date(),
      by: ctx.viewer.sub,
      reason,
    });
  }
  await Resident.updateMany({ householdId, gridId: { $ne: target._id } }, { $set: { gridId: target._id } }).exec();
  const after = await Household.findById(householdId).lean().exec();
  if (!after) throw new NotFoundError('household', householdId);
  return after;
}

export async function householdMoves(ctx: Context, householdId: string) {
  requireId(householdId, 'householdId');
  const household = await ctx.scoped.household().load(householdId);
  if (!household) return [];
  return ctx.models.HouseholdMove.find({ householdId }).sort({ at: 1, _id: 1 }).lean().exec();
}
