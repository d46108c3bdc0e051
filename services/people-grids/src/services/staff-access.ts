import { BadUserInputError, ForbiddenError, NotFoundError } from '@jwh/platform';
import type { Context } from '../context.js';
import type { StaffMemberDoc } from '../models/index.js';
import { requireId } from './validate.js';

/**
 * The staff member a write is for: the viewer's own record by default. A grid worker writes only
 * for itself; community staff and street admins for any member of their communities.
 */
export async function staffForWrite(ctx: Context, staffId: string | null | undefined, field: string): Promise<StaffMemberDoc> {
  const id = staffId ?? ctx.viewer.staffId;
  if (!id) throw new BadUserInputError(field, '请指定工作人员 (staffId is required for this role)');
  requireId(id, field);
  if (ctx.viewer.role === 'GRID_WORKER' && id !== ctx.viewer.staffId)
    throw new ForbiddenError('网格员只能登记本人的记录 (grid workers record for themselves only)');
  const staff = await ctx.scoped.staffMember().load(id);
  if (!staff) throw new NotFoundError('staff member', id);
  return staff;
}
