import {
  allOf,
  BadUserInputError,
  ConflictError,
  connectionOf,
  decodeCursor,
  existing,
  findPage,
  ForbiddenError,
  NotFoundError,
  pageSize,
  recordChanges,
  rowScope,
  type Connection,
  type PageArgs,
  type WithId,
} from '@jwh/platform';
import type { GridLevel, MoveHouseholdInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { GridDoc, HouseholdDoc } from '../models/index.js';
import { householdScope, inCommunityScope } from '../policy.js';
import { ACTIVE_RESIDENT } from '../models/resident.model.js';
import { shiftDeliveries } from './elder-service.service.js';
import { byBirthYear } from './population.js';
import { refreshBuildingGrids } from './building.service.js';
import { requireId, requireText } from './validate.js';

/** A small grid should hold 300–350 households (DOMAIN.md §2). */
export const GRID_NORM = { min: 300, max: 350 } as const;

export function isOutOfRange(level: string, householdCount: number): boolean {
  return level === 'SMALL' && (householdCount < GRID_NORM.min || householdCount > GRID_NORM.max);
}

/** A community's grids by name, optionally of one level (大网格 or 小网格). */
export async function communityGrids(ctx: Context, communityId: unknown, level: GridLevel | null | undefined) {
  const grids = (await ctx.loaders.gridsByCommunity.load(String(communityId))).filter((g) => !g.retiredAt);
  return level ? grids.filter((g) => g.level === level) : grids;
}

export async function gridsOutOfRange(ctx: Context, communityId: string) {
  requireId(communityId, 'communityId');
  const grids = await ctx.models.Grid.find(allOf(rowScope(ctx.viewer, inCommunityScope), { communityId, level: 'SMALL' }))
    .sort({ name: 1 })
    .lean()
    .exec();
  return grids.filter((g) => !g.retiredAt && isOutOfRange(g.level, g.householdCount));
}

export function ungriddedHouseholds(ctx: Context, communityId: string, args: PageArgs) {
  requireId(communityId, 'communityId');
  return findPage(ctx.models.Household, allOf(rowScope(ctx.viewer, householdScope), { communityId, ungridded: true }), args);
}

/**
 * Moves a household to another small grid of its community, recorded in its history (the same
 * path as a split or a merge: {@link moveHouseholds}).
 */
export async function moveHousehold(ctx: Context, input: MoveHouseholdInput) {
  const householdId = requireId(input.householdId, 'input.householdId');
  const toGridId = requireId(input.toGridId, 'input.toGridId');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  const household = await ctx.models.Household.findOne(allOf(rowScope(ctx.viewer, householdScope), { _id: householdId }))
    .lean()
    .exec();
  if (!household) throw new NotFoundError('household', householdId);
  const target = await ctx.models.Grid.findById(toGridId).lean().exec();
  if (!target || target.level !== 'SMALL' || target.retiredAt || String(target.communityId) !== String(household.communityId)) {
    throw new BadUserInputError('input.toGridId', '须为本社区的小网格 (must be a small grid of the same community)');
  }
  const { conflicts } = await moveHouseholds(ctx, [household], target, reason);
  if (conflicts.length) throw new ConflictError('该户刚被他人调整,请刷新后重试 (the household was just moved by someone else)');
  return existing(await ctx.models.Household.findById(householdId).lean().exec(), 'household', householdId);
}

/** Households moved at once by a split or a merge (30 households on FerretDB/PostgreSQL: 407 ms at 8, 337 ms at 16). */
const MOVE_CONCURRENCY = 16;

/**
 * Moves households into the small grid `target` (one move, a split or a merge). No transaction:
 * each household's grid change is one guarded update (a household someone moved meanwhile is left
 * where it is and returned in `conflicts`); its residents follow with a self-healing update (a retry
 * completes it, and their count is what it matched), and their 6789 deliveries follow them
 * (`shiftDeliveries`); the grids' counts (the small grids' birth years too) move with `$inc` in one
 * batch; each move is appended to the household's history and the change log, with who and why.
 * Moves within a community leave the community's own counts as they are.
 */
export async function moveHouseholds(
  ctx: Context,
  households: readonly HouseholdDoc[],
  target: GridDoc,
  reason: string,
): Promise<{ moved: number; conflicts: string[] }> {
  const { Household, Grid, Resident, HouseholdMove } = ctx.models;
  const counts = new Map<string, { households: number; residents: number; years: Record<string, number> }>();
  const bump = (id: unknown, households: number, residents: number, years: Record<string, number> = {}) => {
    if (!id) return;
    const c = counts.get(String(id)) ?? { households: 0, residents: 0, years: {} };
    for (const [y, n] of Object.entries(years)) c.years[y] = (c.years[y] ?? 0) + n;
    counts.set(String(id), { households: c.households + households, residents: c.residents + residents, years: c.years });
  };
  const moves: { household: HouseholdDoc; members: number }[] = [];
  const conflicts: string[] = [];
  const at = new Date();
  // Read before writing: a request past its deadline starts no read, and the records must follow the moves.
  const from = await ctx.loaders.grid.loadMany([...new Set(households.map((h) => String(h.gridId ?? '')).filter(Boolean))]);
  const nameOf = new Map(from.filter((g): g is GridDoc => Boolean(g) && !(g instanceof Error)).map((g) => [String(g._id), g.name]));
  // MOVE_CONCURRENCY households at a time: each is two commands (the guarded move, its residents).
  for (let i = 0; i < households.length; i += MOVE_CONCURRENCY) {
    await Promise.all(
      households.slice(i, i + MOVE_CONCURRENCY).map(async (h) => {
        if (String(h.gridId) !== String(target._id)) {
          const moved = await Household.findOneAndUpdate(
            { _id: h._id, gridId: h.gridId },
            { $set: { gridId: target._id, bigGridId: target.parentId, ungridded: false } },
          )
            .lean()
            .exec();
          if (!moved) {
            conflicts.push(String(h._id));
            return;
          }
          const { matchedCount } = await Resident.updateMany({ householdId: h._id }, { $set: { gridId: target._id } }).exec();
          // The active members' birth years and 6789 deliveries follow them to the target grid.
          const members = await Resident.find({ householdId: h._id, ...ACTIVE_RESIDENT }, { birthDate: 1 })
            .lean()
            .exec();
          await shiftDeliveries(ctx.models, members, h.gridId ?? null, target._id);
          bump(h.gridId, -1, -matchedCount, byBirthYear(members, -1));
          bump(h.bigGridId, -1, -matchedCount);
          bump(target._id, 1, matchedCount, byBirthYear(members, 1));
          bump(target.parentId, 1, matchedCount);
          moves.push({ household: h, members: matchedCount });
        } else {
          await Resident.updateMany({ householdId: h._id, gridId: { $ne: target._id } }, { $set: { gridId: target._id } }).exec();
        }
      }),
    );
  }
  const updates = [...counts]
    .filter(([, c]) => c.households || c.residents || Object.values(c.years).some(Boolean))
    .map(([id, c]) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $inc: {
            householdCount: c.households,
            residentCount: c.residents,
            ...Object.fromEntries(Object.entries(c.years).map(([y, n]) => [`birthYears.${y}`, n])),
          },
        },
      },
    }));
  for (let i = 0; i < updates.length; i += 16) await Grid.bulkWrite(updates.slice(i, i + 16));
  // A building whose households now lie mostly in another grid is drawn in that grid.
  if (moves.length) await refreshBuildingGrids(ctx.models, target.communityId, [...new Set(moves.map((x) => x.household.building))]);
  if (moves.length) {
    await HouseholdMove.insertMany(
      moves.map(({ household }) => ({
        householdId: household._id,
        fromGridId: household.gridId,
        toGridId: target._id,
        at,
        by: ctx.viewer.sub,
        byStaffId: ctx.viewer.staffId ?? null,
        reason,
      })),
    );
    await recordChanges(
      ctx,
      ...moves.map(({ household }) => ({
        entityType: 'Household',
        entityId: household._id,
        communityId: household.communityId,
        gridIds: [household.gridId, target._id],
        action: 'MOVE',
        reason,
        before: { grid: household.gridId ? (nameOf.get(String(household.gridId)) ?? String(household.gridId)) : null },
        after: { grid: target.name },
      })),
    );
  }
  return { moved: moves.length, conflicts };
}

/** The small grids of a big grid, in use, by name. */
export async function gridChildren(ctx: Context, grid: GridDoc): Promise<GridDoc[]> {
  return (await ctx.loaders.gridsByParent.load(String(grid._id))).filter((g) => !g.retiredAt);
}

export async function householdMoves(ctx: Context, householdId: string) {
  requireId(householdId, 'householdId');
  const household = await ctx.scoped.household().load(householdId);
  if (!household) return [];
  return ctx.models.HouseholdMove.find({ householdId }).sort({ at: 1, _id: 1 }).lean().exec();
}

/** A page of a grid's households when `first` is not given (a grid worker's phone shows one screenful more). */
export const HOUSEHOLD_PAGE = 50;

/**
 * The small grids whose households a viewer pages under `grid`: the grid itself (a small grid) or its
 * small grids in use (a big grid), in the viewer's scope. Staff see their communities' grids; a grid
 * worker its own grids only (another grid of its community is FORBIDDEN, as `Query.grid` would answer
 * its households). A grid outside the viewer's communities is NOT_FOUND.
 */
async function householdGrids(ctx: Context, grid: GridDoc): Promise<GridDoc[]> {
  if (!ctx.viewer.communityIds.includes(String(grid.communityId))) throw new NotFoundError('grid', String(grid._id));
  const own = ctx.viewer.role === 'GRID_WORKER' ? new Set(ctx.viewer.gridIds) : null;
  if (own && !own.has(String(grid._id)))
    throw new ForbiddenError('网格员只能查看本人网格的住户 (a grid worker sees the households of its own grids only)');
  const grids = grid.level === 'SMALL' ? [grid] : await gridChildren(ctx, grid);
  return own ? grids.filter((g) => own.has(String(g._id))) : grids;
}

/**
 * A grid's households in (small grid, id) order, cursor-paged (`first` 1–200, default 50). Each read
 * is one small grid's `{ gridId }` (pushed down; MongoDB's `{ gridId, _id }` index serves it), so a
 * page of a big grid reads one small grid at a time; the cursor's household tells where the walk is.
 * Tags and member counts come with the household (its read model): a page is one read. `totalCount`
 * is the grids' household counts (read model).
 */
export async function gridHouseholds(ctx: Context, grid: GridDoc, args: PageArgs): Promise<Connection<WithId<HouseholdDoc>>> {
  const limit = args.first == null ? HOUSEHOLD_PAGE : pageSize(args.first);
  const afterId = args.after ? decodeCursor(args.after) : null;
  const parts = await householdGrids(ctx, grid);
  let start = 0;
  if (afterId) {
    const last = await ctx.loaders.household.load(afterId);
    const at = last ? parts.findIndex((g) => String(g._id) === String(last.gridId)) : -1;
    // A cursor whose household left the grid (moved, merged away) ends the walk.
    start = at < 0 ? parts.length : at;
  }
  const rows: WithId<HouseholdDoc>[] = [];
  for (let i = start; i < parts.length && rows.length <= limit; i++) {
    const after = i === start && afterId ? { _id: { $gt: afterId } } : {};
    rows.push(
      ...(await ctx.models.Household.find({ gridId: parts[i]!._id, ...after })
        .sort({ _id: 1 })
        .limit(limit + 1 - rows.length)
        .lean<WithId<HouseholdDoc>[]>()
        .exec()),
    );
  }
  for (const h of rows) ctx.loaders.household.prime(String(h._id), h);
  return connectionOf(
    rows,
    limit,
    parts.reduce((n, g) => n + (g.householdCount ?? 0), 0),
  );
}
