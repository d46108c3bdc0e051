import { changePage, type ChangeQuery } from '@jwh/platform';
import type { Context } from '../context.js';

/**
 * The change log as the viewer may read it (platform `changePage`): every subgraph writes to the
 * one change-log database, so this read covers all of them.
 */
export function changes(ctx: Context, args: ChangeQuery) {
  return changePage(ctx.changeLog, ctx.viewer, args);
}
