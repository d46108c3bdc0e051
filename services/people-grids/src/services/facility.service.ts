import { BadUserInputError } from '@jwh/platform';
import type { QueryNearestFacilitiesArgs } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { FACILITY_TYPES } from '../models/facility.model.js';
import { requireIntInRange } from './validate.js';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The nearest facilities of a type in the viewer's communities, nearest first (exact: every
 * facility of the type there is measured). A partner serves the street and sees the street's.
 */
export async function nearestFacilities(ctx: Context, args: QueryNearestFacilitiesArgs) {
  if (!(FACILITY_TYPES as readonly string[]).includes(args.type)) throw new BadUserInputError('type', 'unknown facility type');
  if (!(args.lat >= -90 && args.lat <= 90)) throw new BadUserInputError('lat', '纬度须在 -90 到 90 之间 (latitude from -90 to 90)');
  if (!(args.lng >= -180 && args.lng <= 180)) throw new BadUserInputError('lng', '经度须在 -180 到 180 之间 (longitude from -180 to 180)');
  const k = requireIntInRange(args.first, 'first', 1, 50, 5);
  const facilities = await ctx.facilities.ofType(args.type);
  const mine = ctx.viewer.role === 'PARTNER' ? null : new Set(ctx.viewer.communityIds);
  const best: { facility: (typeof facilities)[number]; d: number }[] = [];
  for (const facility of facilities) {
    if (mine && !mine.has(String(facility.communityId))) continue;
    const d = distanceMeters(args.lat, args.lng, facility.lat, facility.lng);
    if (best.length === k && d >= best[k - 1]!.d) continue;
    best.push({ facility, d });
    best.sort((a, b) => a.d - b.d || String(a.facility._id).localeCompare(String(b.facility._id)));
    if (best.length > k) best.pop();
  }
  return best.map((b) => ({ facility: b.facility, distanceMeters: Math.round(b.d) }));
}
