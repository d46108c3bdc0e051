import { rowScope } from '@jwh/shared';
import type { Context } from '../../context.js';
import { communityScope } from '../../policy.js';

export const communities = (_: unknown, __: unknown, ctx: Context) =>
  ctx.models.Community.find(rowScope(ctx.viewer, communityScope)).sort({ name: 1 }).lean().exec();
