import type { PageArgs } from '@jwh/platform';
import type { Context } from '../../context.js';
import { listVolunteers } from '../../services/volunteer.service.js';

export const volunteers = (_: unknown, args: PageArgs & { skill?: string | null; gridId?: string | null; availability?: string | null }, ctx: Context) =>
  listVolunteers(ctx, args);
