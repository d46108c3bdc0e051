import type { Context } from '../../context.js';
import { findByNationalId } from '../../services/resident.service.js';

export const residentByNationalId = (_: unknown, args: { nationalId: string; purpose: string }, ctx: Context) => findByNationalId(ctx, args);
