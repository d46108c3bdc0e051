import type { Context } from '../../context.js';
import type { ElderTier } from '../../services/age.js';
import { upcomingBirthdays as find } from '../../services/birthday.service.js';

export const upcomingBirthdays = (
  _: unknown,
  args: { communityId: string; days: number; tier?: ElderTier | null; first?: number | null; after?: string | null },
  ctx: Context,
) => find(ctx, args);
