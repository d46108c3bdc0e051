import { BadUserInputError } from '@jwh/shared';
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

/** Search radii in metres, widened until the k nearest are certainly inside. */
const RADII = [250, 1_000, 4_000, 16_000, 64_000];

/**
 * The nearest facilities of a type. FerretDB has no geo operators, so the database narrows by a
 * latitude/longitude box (indexed on type and latitude) and the service measures: the box grows
 * until the k-th nearest lies within its radius, so the answer is exact.
 */
export async function nearestFacilities(ctx: Context, args: { type: string; lat: number; lng: number; first?: number | null }) {
  if (!(FACILITY_TYPES as readonly string[]).includes(args.type)) throw new BadUserInputError('type', 'unknown facility type');
  if (!(args.lat >= -90 && args.lat <= 90)) throw new BadUserInputError('lat', '纬度须在 -90 到 90 之间 (latitude from -90 to 90)');
  if (!(args.lng >= -180 && args.lng <= 180)) throw new BadUserInputError('lng', '经度须在 -180 到 180 之间 (longitude from -180 to 180)');
  const k = requireIntInRange(args.first, 'first', 1, 50, 5);
  const measure = (rows: { _id: unknown; lat: number; lng: number }[]) =>
    rows.map((r) => ({ id: String(r._id), d: distanceMeters(args.lat, args.lng, r.lat, r.lng) })).sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  let nearest: { id: string; d: number }[] | null = null;
  for (const radius of RADII) {
    const dLat = radius / 111_320;
    const dLng = radius / (111_320 * Math.max(0.01, Math.cos(rad(args.lat))));
    const rows = await ctx.models.Facility.find(
      { type: args.type, lat: { $gte: args.lat - dLat, $lte: args.lat + dLat }, lng: { $gte: args.lng - dLng, $lte: args.lng + dLng } },
      { _id: 1, lat: 1, lng: 1 },
    )
      .lean()
      .exec();
    const measured = measure(rows);
    if (measured.length >= k && measured[k - 1]!.d <= radius) {
      nearest = measured.slice(0, k);
      break;
    }
  }
  nearest ??= measure(await ctx.models.Facility.find({ type: args.type }, { _id: 1, lat: 1, lng: 1 }).lean().exec()).slice(0, k);
  const docs = await ctx.models.Facility.find({ _id: { $in: nearest.map((n) => n.id) } }).lean().exec();
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  return nearest.map((n) => ({ facility: byId.get(n.id)!, distanceMeters: Math.round(n.d) }));
}
