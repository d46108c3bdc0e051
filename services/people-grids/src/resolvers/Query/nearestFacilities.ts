import type { Context } from '../../context.js';
import { nearestFacilities as nearest } from '../../services/facility.service.js';

export const nearestFacilities = (_: unknown, args: { type: string; lat: number; lng: number; first?: number | null }, ctx: Context) => nearest(ctx, args);
