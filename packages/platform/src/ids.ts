import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/** A stable ObjectId derived from a string key (demo data ids agree across services). */
export function stableObjectId(key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(key).digest('hex').slice(0, 24));
}

/** True when `id` is a 24-hex-digit ObjectId string. */
export function isObjectId(id: string): boolean {
  return /^[0-9a-f]{24}$/i.test(id);
}

/** A deterministic pseudo-random generator (mulberry32) for reproducible data and draws. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The demo data contract between services: demo resident n (n < 432) lives in household
 * floor(n / 2); household h lies in small grid floor(h / 12) of the flattened order
 * community (2) → big grid (3) → small grid (3). Other services' demo data use this to
 * denormalise a resident's community and grid (as their real writes do from the graph).
 */
export function demoResidentPlacement(n: number): { communityKey: string; bigGridKey: string; gridKey: string; householdNo: number } {
  const householdNo = Math.floor(n / 2);
  const g = Math.floor(householdNo / 12);
  const c = Math.floor(g / 9);
  const b = Math.floor((g % 9) / 3);
  const s = g % 3;
  return { communityKey: `demo:community:${c}`, bigGridKey: `demo:grid:${c}-${b}`, gridKey: `demo:grid:${c}-${b}-${s}`, householdNo };
}

/** True for a real calendar date written YYYY-MM-DD (`2026-02-30` and `2026-13-01` are not). */
export function isCalendarDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
