import { BadUserInputError, isDuplicateKeyError, recordChanges, requireText } from '@jwh/platform';
import type { PlaceBuildingInput } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { buildingIdFor } from '../models/building.model.js';
import type { BuildingDoc, CommunityDoc, Models } from '../models/index.js';
import { distanceMeters } from './facility.service.js';
import { communityForWrite, inViewerCommunities } from './write-scope.js';

/** How far from the centre of a community's other points (facilities, placed buildings) a building may be placed. */
export const PLAN_RADIUS_M = 3_000;

/** A building's name as households carry it: full-width forms folded (NFKC), white space trimmed, 1–30 characters. */
export const buildingName = (value: string, field: string): string =>
  requireText(value.normalize('NFKC').replace(/\s+/g, ' '), field, 1, 30);

/** Building names in the order people read them (2栋 before 10栋). */
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true });

/**
 * A community's buildings by name: one `{ communityId }` read (batched per request). Nothing for a
 * community outside the viewer's (a community reached through another subgraph's reference).
 */
export async function communityBuildings(ctx: Context, community: CommunityDoc): Promise<BuildingDoc[]> {
  if (!inViewerCommunities(ctx, community._id)) return [];
  return [...(await ctx.loaders.buildingsByCommunity.load(String(community._id)))].sort(byName);
}

/**
 * The grid most of a building's households are in (ties: the smaller id); null when none is in a
 * grid. The one rule for household writes and the recount.
 */
export function majorityGrid(households: readonly { gridId?: unknown }[]): string | null {
  const counts = new Map<string, number>();
  for (const h of households) if (h.gridId) counts.set(String(h.gridId), (counts.get(String(h.gridId)) ?? 0) + 1);
  let best: [string, number] | null = null;
  for (const entry of [...counts].sort(([a], [b]) => a.localeCompare(b))) if (!best || entry[1] > best[1]) best = entry;
  return best?.[0] ?? null;
}

/**
 * Sets the grid of some buildings of a community from their households (after households moved
 * grids: a move, a split or a merge of grids). One pushed-down `{ communityId, building }` read a
 * building (its few dozen households), one update where the grid changed.
 */
export async function refreshBuildingGrids(m: Models, communityId: unknown, names: readonly (string | null | undefined)[]): Promise<void> {
  for (const name of new Set(names.filter((n): n is string => Boolean(n)))) {
    const households = await m.Household.find({ communityId, building: name }, { gridId: 1 }).lean().exec();
    const gridId = majorityGrid(households);
    await m.Building.updateOne({ _id: buildingIdFor(communityId, name), gridId: { $ne: gridId } }, { $set: { gridId } }).exec();
  }
}

/** The point a building may be placed at: in range, and near the community's other points (BAD_USER_INPUT naming the field). */
async function checkPlacement(ctx: Context, communityId: unknown, self: unknown, lat: number, lng: number): Promise<void> {
  if (!(Number.isFinite(lat) && lat >= -90 && lat <= 90))
    throw new BadUserInputError('input.lat', '纬度须在 -90 到 90 之间 (latitude from -90 to 90)');
  if (!(Number.isFinite(lng) && lng >= -180 && lng <= 180))
    throw new BadUserInputError('input.lng', '经度须在 -180 到 180 之间 (longitude from -180 to 180)');
  const [facilities, buildings] = await Promise.all([
    ctx.models.Facility.find({ communityId }, { lat: 1, lng: 1, retired: 1 }).lean().exec(),
    ctx.models.Building.find({ communityId }, { lat: 1, lng: 1 }).lean().exec(),
  ]);
  const points = [
    ...facilities.filter((f) => !f.retired),
    ...buildings.filter((b) => String(b._id) !== String(self) && b.lat != null && b.lng != null),
  ] as { lat: number; lng: number }[];
  // A community without points yet (set up by hand) takes its first building anywhere on the globe.
  if (!points.length) return;
  const centre = { lat: points.reduce((s, p) => s + p.lat, 0) / points.length, lng: points.reduce((s, p) => s + p.lng, 0) / points.length };
  if (distanceMeters(centre.lat, centre.lng, lat, lng) <= PLAN_RADIUS_M) return;
  // Name the coordinate that is off: the larger of the north–south and east–west distances.
  const northSouth = distanceMeters(centre.lat, centre.lng, lat, centre.lng);
  const eastWest = distanceMeters(centre.lat, centre.lng, centre.lat, lng);
  const field = northSouth >= eastWest ? 'input.lat' : 'input.lng';
  throw new BadUserInputError(
    field,
    `离本社区其他点位过远(超过 ${PLAN_RADIUS_M / 1000} 公里),请核对经纬度 (more than ${PLAN_RADIUS_M / 1000} km from the community's other points: check the coordinates)`,
  );
}

/**
 * Places a building on its community's plan: creates the row by community and name (with the
 * households already carrying the name counted), or moves it. Placing it at the same point again
 * writes nothing; each placement that changes the point is in the change log.
 */
export async function placeBuilding(ctx: Context, input: PlaceBuildingInput): Promise<BuildingDoc> {
  const community = await communityForWrite(ctx, input.communityId, 'input.communityId');
  const name = buildingName(input.name, 'input.name');
  const _id = buildingIdFor(community._id, name);
  const { Building, Household } = ctx.models;
  const before = await Building.findById(_id).lean<BuildingDoc>().exec();
  await checkPlacement(ctx, community._id, _id, input.lat, input.lng);
  const { lat, lng } = input;
  if (before && before.lat === lat && before.lng === lng) return before;
  let created: Partial<BuildingDoc> = {};
  if (!before) {
    const households = await Household.find({ communityId: community._id, building: name }, { gridId: 1 }).lean().exec();
    created = { householdCount: households.length, gridId: majorityGrid(households) as unknown as BuildingDoc['gridId'] };
  }
  const place = () =>
    Building.findOneAndUpdate(
      { _id },
      { $set: { lat, lng, placedBy: ctx.viewer.sub }, $setOnInsert: { communityId: community._id, name, ...created } },
      { upsert: true, new: true },
    )
      .lean<BuildingDoc>()
      .exec();
  const building = (await place().catch((err: unknown) => {
    if (isDuplicateKeyError(err)) return place();
    throw err;
  }))!;
  await recordChanges(ctx, {
    entityType: 'Building',
    entityId: _id,
    communityId: community._id,
    gridIds: building.gridId ? [building.gridId] : [],
    action: before ? 'UPDATE' : 'CREATE',
    before: before ? { name, lat: before.lat ?? null, lng: before.lng ?? null } : null,
    after: { name, lat, lng },
  });
  return building;
}
