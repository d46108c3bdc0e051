import { FACILITY_TYPES } from '../models/facility.model.js';
import { checkLocation } from '../services/facility.service.js';
import { checkPostHours, checkRotaEntries, checkWeekdays, postsOverlap } from '../services/roster-rules.js';
import type { generate } from './generator.js';

type Generated = ReturnType<typeof generate>;

/**
 * Checks the generated living map, fixed posts and reception rota with the rules the mutations
 * apply (addFacility, createPublicPost, setReceptionRota): the demo cannot hold what they refuse.
 * Throws the mutation's BAD_USER_INPUT naming the row (`posts[3].end`).
 */
export function checkGeneratedMap(data: Pick<Generated, 'grids' | 'staff' | 'posts' | 'duty' | 'facilities'>): void {
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
}
