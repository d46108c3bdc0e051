import { FACILITY_TYPES } from '../models/facility.model.js';
import { PLAN_RADIUS_M } from '../services/building.service.js';
import { checkLocation, distanceMeters } from '../services/facility.service.js';
import { checkPostHours, checkRotaEntries, checkWeekdays, postsOverlap } from '../services/roster-rules.js';
import {
  checkCommunityName,
  checkDutyPhone,
  checkGridName,
  checkGridPlacement,
  checkPostKinds,
  checkStaffGrids,
  checkStaffName,
  checkStaffRole,
} from '../services/structure-rules.js';
import type { generate } from './generator.js';

type Generated = ReturnType<typeof generate>;

/**
 * Checks the generated living map, fixed posts and reception rota with the rules the mutations
 * apply (addFacility, createPublicPost, setReceptionRota): the demo cannot hold what they refuse.
 * Throws the mutation's BAD_USER_INPUT naming the row (`posts[3].end`).
 */
export function checkGeneratedMap(data: Pick<Generated, 'grids' | 'staff' | 'posts' | 'duty' | 'facilities' | 'buildings'>): void {
  const communityOf = (rows: { _id: unknown; communityId: unknown }[]) => new Map(rows.map((r) => [String(r._id), String(r.communityId)]));
  const staff = communityOf(data.staff as { _id: unknown; communityId: unknown }[]);
  const grids = communityOf(data.grids);
  const fail = (field: string, why: string) => {
    throw new Error(`${field}: ${why}`);
  };
  for (const [i, p] of data.posts.entries()) {
    checkPostHours(p.start, p.end, `posts[${i}]`);
    checkWeekdays(p.weekdays, `posts[${i}].weekdays`);
    if (staff.get(String(p.staffId)) !== String(p.communityId)) fail(`posts[${i}].staffId`, 'not a staff member of the community');
    const clash = data.posts.findIndex((o, j) => j < i && String(o.staffId) === String(p.staffId) && postsOverlap(o, p));
    if (clash >= 0) fail(`posts[${i}].start`, `overlaps posts[${clash}] of the same staff member`);
  }
  const rotas = new Map<string, { date: string; part: string; desk: number; staffId: string }[]>();
  for (const [i, d] of data.duty.entries()) {
    if (staff.get(String(d.staffId)) !== String(d.communityId)) fail(`duty[${i}].staffId`, 'not a staff member of the community');
    const rota = rotas.get(String(d.communityId)) ?? [];
    rota.push({ date: d.date, part: d.part, desk: d.desk, staffId: String(d.staffId) });
    rotas.set(String(d.communityId), rota);
  }
  for (const [communityId, rota] of rotas) {
    const dates = rota.map((e) => e.date).sort();
    checkRotaEntries(rota, dates[0]!, dates.at(-1)!, `duty(${communityId})`);
  }
  for (const [i, f] of data.facilities.entries()) {
    if (!(FACILITY_TYPES as readonly string[]).includes(f.type)) fail(`facilities[${i}].type`, 'unknown facility type');
    if (!f.name || f.name.length > 60) fail(`facilities[${i}].name`, '1–60 characters');
    checkLocation({ lat: f.lat, lng: f.lng }, `facilities[${i}].location`);
    if (grids.get(String(f.gridId)) !== String(f.communityId)) fail(`facilities[${i}].gridId`, 'not a grid of the community');
  }
  // Buildings as placeBuilding would take them: a point on the map, within reach of the community's facilities.
  const sums = new Map<string, { lat: number; lng: number; n: number }>();
  for (const f of data.facilities) {
    const sum = sums.get(String(f.communityId)) ?? { lat: 0, lng: 0, n: 0 };
    sums.set(String(f.communityId), { lat: sum.lat + f.lat, lng: sum.lng + f.lng, n: sum.n + 1 });
  }
  for (const [i, raw] of data.buildings.entries()) {
    const b = raw as { communityId: unknown; gridId: unknown; name: string; lat: number; lng: number };
    checkLocation({ lat: b.lat, lng: b.lng }, `buildings[${i}]`);
    if (grids.get(String(b.gridId)) !== String(b.communityId)) fail(`buildings[${i}].gridId`, 'not a grid of the community');
    const sum = sums.get(String(b.communityId));
    if (sum && distanceMeters(sum.lat / sum.n, sum.lng / sum.n, b.lat, b.lng) > PLAN_RADIUS_M)
      fail(`buildings[${i}].lat`, 'off the community’s plan');
  }
}

/**
 * Checks the generated street structure with the rules the administration mutations apply
 * (structure-rules.ts): community and grid names (unique), where each grid sits, each member's
 * name, role, duty phone, posts and grids. Generated data the mutations would refuse fails here.
 */
export function checkGeneratedStructure(data: Pick<Generated, 'communities' | 'grids' | 'staff'>): void {
  const at = (what: string, i: number) => `${what}[${i}]`;
  data.communities.forEach((c, i) => checkCommunityName(c.name, `${at('communities', i)}.name`));
  const grids = new Map(data.grids.map((g) => [String(g._id), g]));
  const names = new Set<string>();
  data.grids.forEach((g, i) => {
    checkGridName(g.name, `${at('grids', i)}.name`);
    const parent = g.parentId ? grids.get(String(g.parentId)) : null;
    checkGridPlacement(g.level, g.communityId, parent, g.parentId != null, `${at('grids', i)}.parentId`);
    const key = `${String(g.communityId)}:${g.name}`;
    if (names.has(key)) throw new Error(`${at('grids', i)}.name: ${g.name} twice in a community`);
    names.add(key);
  });
  data.staff.forEach((raw, i) => {
    const s = raw as { name: string; role: string; dutyPhone: string; postKinds: string[]; gridIds: unknown[]; communityId: unknown };
    const field = at('staff', i);
    checkStaffName(s.name, `${field}.name`);
    checkDutyPhone(s.dutyPhone, `${field}.dutyPhone`);
    checkPostKinds(s.postKinds, `${field}.postKinds`);
    const ids = s.gridIds.map(String);
    checkStaffGrids(
      checkStaffRole(s.role, `${field}.role`),
      s.communityId,
      ids,
      ids.map((id) => grids.get(id)),
      `${field}.gridIds`,
    );
  });
}
