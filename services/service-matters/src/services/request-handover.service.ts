import { BadUserInputError, ConflictError, ForbiddenError, localMonth, recordChanges, requireId, requireText } from '@jwh/platform';
import type { HandOverServiceRequestsInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { OPEN_STATUSES, type ServiceRequestDoc } from '../models/service-request.model.js';
import { staffOfCommunity } from './people-grids.client.js';
import { requestChanged } from './reminders.service.js';
import { changeOf, writeInMonth } from './request-months.js';
import { actorOf } from './actor.js';

/**
 * Hands a staff member's open requests (those it took) to another member of the same community:
 * a member leaving or moved (people-grids' `staffLeaves` calls it with its own identity, having
 * checked both members). Each request changes hands in one guarded update under its month's lock
 * (the per-worker figures follow), is noted in its timeline, reminded to its new holder and
 * recorded in the change log. Returns how many changed hands.
 */
export async function handOverServiceRequests(ctx: Context, input: HandOverServiceRequestsInput): Promise<number> {
  const from = requireId(input.fromStaffId, 'input.fromStaffId');
  const to = requireId(input.toStaffId, 'input.toStaffId');
  const communityId = requireId(input.communityId, 'input.communityId');
  const reason = requireText(input.reason, 'input.reason', 2, 200);
  if (from === to) throw new BadUserInputError('input.toStaffId', '不能交接给本人 (not to the same member)');
  if (!ctx.viewer.communityIds.includes(communityId)) throw new ForbiddenError('无权处理该社区的事项 (not your community)');
  // People-grids checked both members before calling; anyone else's call is checked here.
  if (ctx.viewer.service !== 'people-grids') {
    for (const [id, field] of [
      [from, 'input.fromStaffId'],
      [to, 'input.toStaffId'],
    ] as const) {
      const staff = await staffOfCommunity(ctx.peopleGridsUrl, id, ctx.identity('people-grids'), ctx.requestId);
      if (!staff || staff.community.id !== communityId || (field === 'input.toStaffId' && staff.leftAt))
        throw new BadUserInputError(field, '须为本社区在职的工作人员 (must be an active staff member of the community)');
    }
  }
  const open = (
    await Promise.all(
      OPEN_STATUSES.map((status) => ctx.models.ServiceRequest.find({ takenBy: from, status }).lean<ServiceRequestDoc[]>().exec()),
    )
  )
    .flat()
    .filter((r) => String(r.communityId) === communityId);
  const now = new Date();
  const moved: ServiceRequestDoc[] = [];
  for (const current of open) {
    const updated = await writeInMonth(ctx, communityId, current.receivedMonth ?? localMonth(current.receivedAt), async () => {
      const row = await ctx.models.ServiceRequest.findOneAndUpdate(
        { _id: current._id, takenBy: from, status: current.status },
        {
          $set: { takenBy: to },
          $push: {
            transitions: {
              from: current.status,
              to: current.status,
              at: now,
              ...actorOf(ctx.viewer),
              note: `转交 (handed over): ${reason}`,
            },
          },
        },
        { new: true },
      )
        .lean<ServiceRequestDoc>()
        .exec();
      if (!row) throw new ConflictError('该申请刚被他人更新,请刷新后重试 (the request just changed)');
      return { result: row, change: changeOf(current, row) };
    });
    await requestChanged(ctx, updated);
    moved.push(updated);
  }
  await recordChanges(
    ctx,
    ...moved.map((r) => ({
      entityType: 'ServiceRequest',
      entityId: r._id,
      communityId,
      gridIds: [r.gridId],
      action: 'UPDATE',
      reason,
      before: { takenBy: from },
      after: { takenBy: to },
    })),
  );
  return moved.length;
}
