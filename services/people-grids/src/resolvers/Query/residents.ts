import type { PageArgs } from '@jwh/platform';
import type { Context } from '../../context.js';
import { listResidents, type ResidentFilter } from '../../services/resident.service.js';

export const residents = (_: unknown, args: PageArgs & { filter?: ResidentFilter | null }, ctx: Context) => listResidents(ctx, args);
