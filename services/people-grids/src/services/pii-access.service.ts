import { BadUserInputError, findPage, isObjectId, type PageArgs } from '@jwh/shared';
import type { Context } from '../context.js';

/** The access log of the viewer's communities, oldest first, optionally for one resident. */
export function listPiiAccess(ctx: Context, args: PageArgs & { residentId?: string | null }) {
  // A street admin reads the log of its own street's communities only.
  const filter: Record<string, unknown> = { communityId: { $in: ctx.viewer.communityIds } };
  if (args.residentId != null) {
    if (!isObjectId(args.residentId)) throw new BadUserInputError('residentId', '无效的编号 (invalid id)');
    filter.residentId = args.residentId;
  }
  return findPage(ctx.models.PiiAccess, filter, args);
}
