import type { PageArgs } from '@jwh/platform';
import type { Context } from '../../context.js';
import { ungriddedHouseholds as find } from '../../services/grid.service.js';

export const ungriddedHouseholds = (_: unknown, args: PageArgs & { communityId: string }, ctx: Context) => find(ctx, args.communityId, args);
