import { BadUserInputError, ConflictError, NotFoundError, allOf, rowScope } from '@jwh/platform';
import type { InspectFacilityInput, SwapDutyShiftsInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { inCommunityScope } from '../policy.js';
import { requireId } from './validate.js';

/**
 * Swaps the workers of two reception-desk shifts of one community (轮流当班 换班). No transaction:
 * each shift changes with a guard on its current worker; if the second change loses a race, the
 * first is put back and the caller gets CONFLICT.
 */
export async function swapDutyShifts(ctx: Context, input: SwapDutyShiftsInput) {
  const a = requireId(input.firstShiftId, 'input.firstShiftId');
  const b = requireId(input.secondShiftId, 'input.secondShiftId');
  if (a === b) throw new BadUserInputError('input.secondShiftId', '须为另一个班次 (a different shift)');
  const { DutyShift } = ctx.models;
  const [first, second] = await Promise.all(
    [a, b].map((id) =>
      DutyShift.findOne(allOf(rowScope(ctx.viewer, inCommunityScope), { _id: id }))
        .lean()
        .exec(),
    ),
  );
  if (!first) throw new NotFoundError('duty shift', a);
  if (!second) throw new NotFoundError('duty shift', b);
  if (String(first.communityId) !== String(second.communityId))
    throw new BadUserInputError('input.secondShiftId', '须为同一社区的班次 (a shift of the same community)');
  if (String(first.staffId) === String(second.staffId)) return [first, second];
  const moved = await DutyShift.findOneAndUpdate({ _id: a, staffId: first.staffId }, { $set: { staffId: second.staffId } }, { new: true })
    .lean()
    .exec();
  if (!moved) throw new ConflictError('班次刚被调整,请刷新后重试 (the shift just changed)');
  const other = await DutyShift.findOneAndUpdate({ _id: b, staffId: second.staffId }, { $set: { staffId: first.staffId } }, { new: true })
    .lean()
    .exec();
  if (!other) {
    await DutyShift.updateOne({ _id: a, staffId: second.staffId }, { $set: { staffId: first.staffId } }).exec();
    throw new ConflictError('班次刚被调整,请刷新后重试 (the shift just changed)');
  }
  return [moved, other];
}

/** Records an inspection of a facility (巡查): its status now. */
export async function inspectFacility(ctx: Context, input: InspectFacilityInput) {
  const id = requireId(input.facilityId, 'input.facilityId');
  if (!['OK', 'NEEDS_REPAIR', 'OUT_OF_SERVICE'].includes(input.status)) throw new BadUserInputError('input.status', 'unknown status');
  const scope =
    ctx.viewer.role === 'GRID_WORKER' ? { communityId: { $in: ctx.viewer.communityIds } } : rowScope(ctx.viewer, inCommunityScope);
  const facility = await ctx.models.Facility.findOneAndUpdate(
    allOf(scope, { _id: id }),
    { $set: { status: input.status, lastInspectedAt: new Date() } },
    { new: true },
  )
    .lean()
    .exec();
  if (!facility) throw new NotFoundError('facility', id);
  ctx.facilities.invalidate();
  return facility;
}
