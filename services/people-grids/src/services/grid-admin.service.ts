import {
  BadUserInputError,
  ConflictError,
  existing,
  isDuplicateKeyError,
  NotFoundError,
  recordChanges,
  type ChangeSpec,
} from '@jwh/platform';
import type { CreateGridInput, MergeGridsInput, SplitGridInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import type { GridDoc, HouseholdDoc, StaffMemberDoc } from '../models/index.js';
import { moveHouseholds } from './grid.service.js';
import { checkGridName, checkGridPlacement, checkReason, checkStaffRole, GRID_LEVEL_OF_ROLE, gridNameTaken } from './structure-rules.js';
import { requireId } from './validate.js';

/**
 * Administration of a community's grids (大网格, 小网格): create, rename, split, merge, assign
 * workers. Street admins and community staff, each in its communities (policy.ts). Every write is
 * validated whole before the first write and recorded in the change log.
 */

const nameTaken = (name: string, field: string) =>
  new ConflictError(`${field}: 本社区已有名为「${name}」的网格 (a grid named ${name} already exists in this community)`);

/** A community's grids as stored now (bounded: tens of rows), not as this request's loaders cached them. */
const gridsOf = (ctx: Context, communityId: unknown) => ctx.models.Grid.find({ communityId }).lean<GridDoc[]>().exec();

/**
 * Names of a community's grids by id, for the change log: read before a write (a request past its
 * deadline starts no read, and the record must follow the write).
 */
export async function gridNamer(ctx: Context, communityId: unknown): Promise<(ids: readonly unknown[]) => string[]> {
  const names = new Map((await gridsOf(ctx, communityId)).map((g) => [String(g._id), g.name]));
  return (ids) => ids.map((id) => names.get(String(id)) ?? String(id));
}

/** A grid in use of the viewer's communities, or NOT_FOUND. */
async function gridInScope(ctx: Context, id: string, field: string): Promise<GridDoc> {
  requireId(id, field);
  const grid = await ctx.scoped.grid().load(id);
  if (!grid || grid.retiredAt) throw new NotFoundError('grid', id);
  return grid;
}

const fresh = async (ctx: Context, id: unknown) => existing(await ctx.models.Grid.findById(id).lean<GridDoc>().exec(), 'grid', id);

/**
 * Creates a big grid, or a small grid under a big grid of the same community. Names are unique
 * within a community: the same caller creating the same grid again gets it back (a retry), any
 * other clash is CONFLICT naming `input.name`.
 */
export async function createGrid(ctx: Context, input: CreateGridInput): Promise<GridDoc> {
  const communityId = requireId(input.communityId, 'input.communityId');
  const name = checkGridName(input.name, 'input.name');
  const parentId = input.parentId == null ? null : requireId(input.parentId, 'input.parentId');
  const community = await ctx.scoped.community().load(communityId);
  if (!community) throw new NotFoundError('community', communityId);
  const grids = await gridsOf(ctx, community._id);
  const parent = parentId ? grids.find((g) => String(g._id) === parentId) : null;
  checkGridPlacement(input.level, community._id, parent, parentId !== null, 'input.parentId');
  const same = gridNameTaken(grids, name);
  if (same) {
    const retry = same.createdBy === ctx.viewer.sub && same.level === input.level && String(same.parentId ?? '') === String(parentId ?? '');
    if (retry) return same;
    throw nameTaken(name, 'input.name');
  }
  let grid: GridDoc;
  try {
    grid = (
      await ctx.models.Grid.create({ communityId: community._id, name, level: input.level, parentId, createdBy: ctx.viewer.sub })
    ).toObject();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw nameTaken(name, 'input.name');
    throw err;
  }
  await recordChanges(ctx, {
    entityType: 'Grid',
    entityId: grid._id,
    communityId: community._id,
    gridIds: [grid._id, parentId],
    action: 'CREATE',
    after: { name, level: input.level, parent: parent?.name ?? null },
  });
  return grid;
}

/** Renames a grid in use; the name stays unique within its community. */
export async function renameGrid(ctx: Context, id: string, rawName: string): Promise<GridDoc> {
  const name = checkGridName(rawName, 'name');
  const grid = await gridInScope(ctx, id, 'id');
  if (grid.name === name) return grid;
  if (gridNameTaken(await gridsOf(ctx, grid.communityId), name, grid._id)) throw nameTaken(name, 'name');
  let renamed: GridDoc | null;
  try {
    renamed = await ctx.models.Grid.findOneAndUpdate({ _id: grid._id, name: grid.name }, { $set: { name } }, { new: true })
      .lean<GridDoc>()
      .exec();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw nameTaken(name, 'name');
    throw err;
  }
  if (!renamed) throw new ConflictError('该网格刚被他人改名,请刷新后重试 (the grid was just renamed by someone else)');
  await recordChanges(ctx, {
    entityType: 'Grid',
    entityId: grid._id,
    communityId: grid.communityId,
    gridIds: [grid._id],
    action: 'UPDATE',
    before: { name: grid.name },
    after: { name },
  });
  return renamed;
}

/** Household ids of a split: 1–1,000 valid ids, no repeats. */
function checkHouseholdIds(ids: readonly string[], field: string): string[] {
  if (!ids.length || ids.length > 1000) throw new BadUserInputError(field, '须选 1–1000 户 (choose 1–1000 households)');
  ids.forEach((id, i) => requireId(id, `${field}[${i}]`));
  if (new Set(ids).size !== ids.length) throw new BadUserInputError(field, '户重复 (a household is listed twice)');
  return [...ids];
}

/**
 * Splits a small grid: the chosen households (all of them in it, not all of it) move to a new
 * small grid under the same big grid, each move in the household's history with who and why. A
 * retry (the new grid exists, split off this one) completes the moves and returns it.
 */
export async function splitGrid(ctx: Context, input: SplitGridInput): Promise<GridDoc> {
  const newName = checkGridName(input.newName, 'input.newName');
  const reason = checkReason(input.reason, 'input.reason');
  const ids = checkHouseholdIds(input.householdIds, 'input.householdIds');
  const grid = await gridInScope(ctx, input.gridId, 'input.gridId');
  if (grid.level !== 'SMALL') throw new BadUserInputError('input.gridId', '只能拆分小网格 (only a small grid is split)');
  const clash = gridNameTaken(await gridsOf(ctx, grid.communityId), newName);
  const retryOf = clash && String(clash.splitFromId ?? '') === String(grid._id) ? clash : null;
  if (clash && !retryOf) throw nameTaken(newName, 'input.newName');
  const found = await ctx.loaders.household.loadMany(ids);
  const households: HouseholdDoc[] = [];
  found.forEach((h, i) => {
    const inGrid =
      h && !(h instanceof Error) && (String(h.gridId) === String(grid._id) || (retryOf && String(h.gridId) === String(retryOf._id)));
    if (!inGrid) throw new BadUserInputError(`input.householdIds[${i}]`, '该户不在此网格内 (the household is not in this grid)');
    households.push(h as HouseholdDoc);
  });
  const leaving = households.filter((h) => String(h.gridId) === String(grid._id)).length;
  if (!retryOf && leaving >= grid.householdCount)
    throw new BadUserInputError('input.householdIds', '不能选走全部住户,原网格须留有住户 (the grid must keep some households)');

  let target = retryOf;
  if (!target) {
    try {
      target = (
        await ctx.models.Grid.create({
          communityId: grid.communityId,
          name: newName,
          level: 'SMALL',
          parentId: grid.parentId,
          splitFromId: grid._id,
          createdBy: ctx.viewer.sub,
        })
      ).toObject();
    } catch (err) {
      if (isDuplicateKeyError(err)) throw nameTaken(newName, 'input.newName');
      throw err;
    }
  }
  const { moved, conflicts } = await moveHouseholds(ctx, households, target, reason);
  const changes: ChangeSpec[] = [
    {
      entityType: 'Grid',
      entityId: grid._id,
      communityId: grid.communityId,
      gridIds: [grid._id, target._id],
      action: 'SPLIT',
      reason,
      extra: [
        { field: 'splitInto', before: null, after: newName },
        { field: 'householdCount', before: String(grid.householdCount), after: String(grid.householdCount - moved) },
      ],
    },
  ];
  if (!retryOf)
    changes.push({
      entityType: 'Grid',
      entityId: target._id,
      communityId: grid.communityId,
      gridIds: [target._id, grid.parentId],
      action: 'CREATE',
      reason,
      after: { name: newName, level: 'SMALL', splitFrom: grid.name },
    });
  if (moved || !retryOf) await recordChanges(ctx, ...changes);
  if (conflicts.length)
    throw new ConflictError(
      `${conflicts.length} 户刚被他人调整,请刷新后重试 (${conflicts.length} households were just moved by someone else)`,
    );
  return fresh(ctx, target._id);
}

/**
 * Merges a small grid into another of the same big grid: its households move (each in its history),
 * its workers and facilities pass to the grid it merges into, and once empty it is retired (kept
 * for the histories that name it, out of every list). A retry returns the grid merged into.
 */
export async function mergeGrids(ctx: Context, input: MergeGridsInput): Promise<GridDoc> {
  const reason = checkReason(input.reason, 'input.reason');
  // A retry of a merge that went through: the grid merged into, unchanged.
  requireId(input.fromGridId, 'input.fromGridId');
  const done = await ctx.scoped.grid().load(input.fromGridId);
  if (done?.retiredAt && String(done.mergedIntoId) === input.intoGridId) return gridInScope(ctx, input.intoGridId, 'input.intoGridId');
  const from = await gridInScope(ctx, input.fromGridId, 'input.fromGridId');
  const into = await gridInScope(ctx, input.intoGridId, 'input.intoGridId');
  if (from.level !== 'SMALL') throw new BadUserInputError('input.fromGridId', '只能合并小网格 (only small grids are merged)');
  if (String(from._id) === String(into._id))
    throw new BadUserInputError('input.intoGridId', '不能与自身合并 (a grid cannot merge into itself)');
  if (into.level !== 'SMALL' || String(into.parentId) !== String(from.parentId))
    throw new BadUserInputError('input.intoGridId', '须为同一大网格下的小网格 (must be a small grid of the same big grid)');
  const { Household, StaffMember, Facility, Grid } = ctx.models;
  // Read before writing: a request past its deadline starts no read, and the records must follow the writes.
  const [households, workers, gridNames] = await Promise.all([
    Household.find({ gridId: from._id }).lean<HouseholdDoc[]>().exec(),
    StaffMember.find({ gridIds: from._id }).lean<StaffMemberDoc[]>().exec(),
    gridNamer(ctx, from.communityId),
  ]);
  const { moved, conflicts } = await moveHouseholds(ctx, households, into, reason);
  // Someone may have moved a household in meanwhile: the grid is retired only once empty (a retry finishes).
  if (conflicts.length || (await Household.findOne({ gridId: from._id }, { _id: 1 }).lean().exec()))
    throw new ConflictError('原网格刚有住户变动,请重试 (households of the grid just changed; try again)');

  const reassigned = workers.map((w) => {
    const gridIds = [...new Set(w.gridIds.map((g) => (String(g) === String(from._id) ? String(into._id) : String(g))))];
    return { worker: w, gridIds };
  });
  for (const { worker, gridIds } of reassigned) await StaffMember.updateOne({ _id: worker._id }, { $set: { gridIds } }).exec();
  await Facility.updateMany({ gridId: from._id }, { $set: { gridId: into._id } }).exec();
  const retiredAt = new Date();
  await Grid.updateOne({ _id: from._id, retiredAt: null }, { $set: { retiredAt, mergedIntoId: into._id } }).exec();
  await recordChanges(
    ctx,
    {
      entityType: 'Grid',
      entityId: into._id,
      communityId: into.communityId,
      gridIds: [into._id, from._id],
      action: 'MERGE',
      reason,
      extra: [
        { field: 'mergedFrom', before: null, after: from.name },
        { field: 'householdCount', before: String(into.householdCount), after: String(into.householdCount + moved) },
      ],
    },
    {
      entityType: 'Grid',
      entityId: from._id,
      communityId: from.communityId,
      gridIds: [from._id, into._id],
      action: 'RETIRE',
      reason,
      before: { retiredAt: null, mergedInto: null },
      after: { retiredAt, mergedInto: into.name },
    },
    ...reassigned.map(({ worker, gridIds }) => ({
      entityType: 'StaffMember',
      entityId: worker._id,
      communityId: worker.communityId,
      gridIds: [...gridIds, from._id],
      action: 'UPDATE',
      reason,
      before: { grids: gridNames(worker.gridIds) },
      after: { grids: gridNames(gridIds) },
    })),
  );
  return fresh(ctx, into._id);
}

/** The active staff member `staffId` of the grid's community, or BAD_USER_INPUT naming `staffId`. */
async function staffOfGrid(ctx: Context, grid: GridDoc, staffId: string): Promise<StaffMemberDoc> {
  requireId(staffId, 'staffId');
  const staff = await ctx.scoped.staffMember().load(staffId);
  if (!staff || staff.leftAt || String(staff.communityId) !== String(grid.communityId))
    throw new BadUserInputError('staffId', '不是本社区在职的工作人员 (not an active staff member of this community)');
  return staff;
}

/** Writes a member's new grids and records the change (assign, unassign). */
async function setStaffGrids(ctx: Context, staff: StaffMemberDoc, grid: GridDoc, gridIds: string[]) {
  const gridNames = await gridNamer(ctx, grid.communityId);
  const updated = await ctx.models.StaffMember.findOneAndUpdate({ _id: staff._id, leftAt: null }, { $set: { gridIds } }, { new: true })
    .lean()
    .exec();
  if (!updated) throw new ConflictError('该工作人员刚离职 (the staff member just left)');
  await recordChanges(ctx, {
    entityType: 'StaffMember',
    entityId: staff._id,
    communityId: staff.communityId,
    gridIds: [grid._id],
    action: 'UPDATE',
    before: { grids: gridNames(staff.gridIds) },
    after: { grids: gridNames(gridIds) },
  });
}

/** Assigns a staff member to a grid of the level its role works in (a worker to a small grid, a committee member to head a big one). */
export async function assignGridWorker(ctx: Context, gridId: string, staffId: string): Promise<GridDoc> {
  const grid = await gridInScope(ctx, gridId, 'gridId');
  const staff = await staffOfGrid(ctx, grid, staffId);
  if (GRID_LEVEL_OF_ROLE[checkStaffRole(staff.role, 'staffId')] !== grid.level)
    throw new BadUserInputError(
      'staffId',
      grid.level === 'SMALL'
        ? '小网格只配网格员或社工 (a small grid takes grid and social workers)'
        : '大网格的网格长须为书记或委员 (a big grid is headed by the secretary or a committee member)',
    );
  const current = staff.gridIds.map(String);
  if (current.includes(String(grid._id))) return grid;
  if (current.length >= 20) throw new BadUserInputError('staffId', '每人最多 20 个网格 (at most 20 grids a member)');
  await setStaffGrids(ctx, staff, grid, [...current, String(grid._id)]);
  return grid;
}

/** Takes a staff member off a grid (nothing changes when it was not on it). */
export async function unassignGridWorker(ctx: Context, gridId: string, staffId: string): Promise<GridDoc> {
  const grid = await gridInScope(ctx, gridId, 'gridId');
  const staff = await staffOfGrid(ctx, grid, staffId);
  const current = staff.gridIds.map(String);
  if (!current.includes(String(grid._id))) return grid;
  await setStaffGrids(
    ctx,
    staff,
    grid,
    current.filter((g) => g !== String(grid._id)),
  );
  return grid;
}
